"""fork_check.py DIR PIDS PARENT_PATTERN [CHILD_PATTERN]: the parent's and
the child's traces are separate files, each balanced, holding exactly their
own calls. Patterns use {pid} (the writer's pid) and {child}."""
import json
import os
import subprocess
import sys

d, pids_file, parent_pat = sys.argv[1:4]
child_pat = sys.argv[4] if len(sys.argv) > 4 else parent_pat
line = open(pids_file).read().split()
parent, child = int(line[1]), int(line[3])
ppath = os.path.join(d, parent_pat.format(pid=parent, child=child))
cpath = os.path.join(d, child_pat.format(pid=child, child=child))
check = os.path.join(os.path.dirname(__file__), "check_trace.py")
for path, want in ((ppath, ["spawn", "in_parent"]), (cpath, ["in_child"])):
    subprocess.run([sys.executable, check, "json", path], check=True, stdout=subprocess.DEVNULL)
    doc = json.load(open(path))
    names = [e["name"] for e in doc["events"] if e["type"] == "function_enter"]
    if names != want:
        sys.exit("%s: calls %s, want %s" % (path, names, want))
    tids = {e["thread_id"] for e in doc["events"]}
    pid = parent if path == ppath else child
    if tids != {pid}:
        sys.exit("%s: thread ids %s, want %d" % (path, tids, pid))
print("ok")
