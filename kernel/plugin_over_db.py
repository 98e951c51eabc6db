#!/usr/bin/env python3
"""The plugin over the files of a compile database, with each file's own
command (kbuild's, as gen_compile_commands.py wrote it): the output file and
the dependency file are dropped, -fsyntax-only and -fplugin=... added, so
nothing is written and the build tree is left as it was.

  plugin_over_db.py DB PLUGIN RULES_DIR JOBS REPORT

Writes every file's diagnostics (warnings with their notes) to REPORT, in
the database's order, and prints one line per file that failed. Exit 0 when
every file compiled; 2 when one did not (an error, a crash, a
[rcuctx-internal] diagnostic): the plugin must never break the build it
runs in.
"""
import json
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def command_of(entry, plugin, rules):
    args = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a.startswith("-Wp,-MMD") or a.startswith("-fplugin"):
            continue
        out.append(a)
    return out + ["-fsyntax-only", "-fplugin=" + plugin,
                  "-fplugin-arg-rcuctx-rules-dir=" + rules]


def run(entry, plugin, rules):
    p = subprocess.run(command_of(entry, plugin, rules), cwd=entry["directory"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       errors="replace")
    return entry["file"], p.returncode, p.stdout


def main():
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    db_path, plugin, rules, jobs, report = sys.argv[1:]
    db = json.load(open(db_path))
    failed = []
    with ThreadPoolExecutor(max_workers=max(1, int(jobs))) as pool, open(report, "w") as rep:
        for f, rc, text in pool.map(lambda e: run(e, plugin, rules), db):
            rep.write(text)
            bad = rc != 0 or "PLEASE submit a bug report" in text or "[rcuctx-internal]" in text
            if bad:
                failed.append(f)
                print("plugin_over_db.py: %s: exit %d" % (f, rc))
    print("plugin_over_db.py: %d files, %d failed" % (len(db), len(failed)))
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
