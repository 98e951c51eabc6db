#!/usr/bin/env python3
"""Renders a lock-order graph (rcuctx --lock-graph FILE.dot) as the small SVG
the README shows: classes and dependencies only (the edge labels, one site
each, stay in the DOT), graphviz's comments and titles dropped, coordinates
rounded. Needs graphviz's `dot`.

  kernel/render-lock-graph.py build-kernel/out-prove/kvm-lock-order.dot docs/images/kvm-lock-order.svg
"""
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src = open(sys.argv[1]).read()
    # an edge's label="..." (with \" and \n escapes inside), and the comma after it
    bare = re.sub(r'label="(?:[^"\\]|\\.)*"(?:, )?', "", src).replace(" []", "")
    svg = subprocess.run(["dot", "-Tsvg"], input=bare, capture_output=True, text=True, check=True).stdout
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>\n?", "", svg)
    svg = re.sub(r"(\d+\.\d)\d+", r"\1", svg)
    svg = re.sub(r"\n\s*", "\n", svg)
    with open(sys.argv[2], "w") as fh:
        fh.write(svg)
    nodes = len(re.findall(r'^  "[^"]*" \[shape=', src, flags=re.M))
    print("%s: %d classes, %d bytes" % (sys.argv[2], nodes, len(svg)))


if __name__ == "__main__":
    main()
