"""run_status.py PROGRAM ARGS...: runs it and prints how it ended:
"exit N" or "signal N" (core dumps disabled so a crash stays quick)."""
import resource
import subprocess
import sys

resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
r = subprocess.run(sys.argv[1:])
print("signal %d" % -r.returncode if r.returncode < 0 else "exit %d" % r.returncode)
