#!/usr/bin/env python3
"""Converts rcuctx's SARIF into GitLab's Code Quality report (a JSON list of
issues: description, check_name, fingerprint, severity, location.path,
location.lines.begin), for `artifacts: reports: codequality:`.

  rcuctx-sarif-to-codequality rcuctx.sarif > gl-code-quality-report.json

Paths are the SARIF's %SRCROOT%-relative URIs (run rcuctx with
--source-root="$CI_PROJECT_DIR"); results outside the source root are kept
with their absolute path. The fingerprint is stable across runs that do not
change the finding (rule, file, message), so GitLab can tell new findings
from old ones. Installed as <prefix>/bin/rcuctx-sarif-to-codequality.
"""
import hashlib
import json
import sys
from urllib.parse import unquote, urlparse

SEVERITY = {"error": "critical", "warning": "major", "note": "minor", "none": "info"}


def path_of(loc):
    al = loc["physicalLocation"]["artifactLocation"]
    uri = al.get("uri", "")
    if uri.startswith("file://"):
        return unquote(urlparse(uri).path)
    return unquote(uri)


def convert(sarif):
    issues, seen = [], {}
    for run in sarif.get("runs", []):
        for r in run.get("results", []):
            loc = (r.get("locations") or [{}])[0]
            if "physicalLocation" not in loc:
                continue
            path = path_of(loc)
            line = loc["physicalLocation"].get("region", {}).get("startLine", 1)
            msg = r.get("message", {}).get("text", "")
            key = "\0".join([r.get("ruleId", ""), path, msg])
            n = seen.get(key, 0)
            seen[key] = n + 1
            issues.append({
                "type": "issue",
                "description": msg,
                "check_name": r.get("ruleId", "rcuctx"),
                "categories": ["Bug Risk"],
                "fingerprint": hashlib.sha256(f"{key}\0{n}".encode()).hexdigest(),
                "severity": SEVERITY.get(r.get("level", "warning"), "major"),
                "location": {"path": path, "lines": {"begin": line}},
            })
    return issues


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: sarif-to-codequality.py FILE.sarif > gl-code-quality-report.json")
    with open(sys.argv[1]) as f:
        json.dump(convert(json.load(f)), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
