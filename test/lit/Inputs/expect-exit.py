#!/usr/bin/env python3
"""expect-exit.py N CMD...: runs CMD (stdout/stderr pass through) and
succeeds only if it exits with status N (lit's `not` cannot tell 1 from 2)."""
import subprocess
import sys

want = int(sys.argv[1])
rc = subprocess.call(sys.argv[2:])
if rc != want:
    sys.stderr.write("expect-exit: %s exited %d, expected %d\n" % (sys.argv[2], rc, want))
    sys.exit(1)
