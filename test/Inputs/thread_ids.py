"""thread_ids.py TRACE.json TIDS: the trace's thread ids are exactly the OS
thread ids the program printed, and each thread's calls are its own (every
step(k, i) on one thread has the same k, i counting up from 0)."""
import json
import sys

doc = json.load(open(sys.argv[1]))
printed = {int(line) for line in open(sys.argv[2]) if line.strip()}
seen = {e["thread_id"] for e in doc["events"]}
if seen != printed:
    sys.exit("thread ids %s != printed %s" % (sorted(seen), sorted(printed)))
per = {}
for e in doc["events"]:
    if e["type"] == "function_enter" and e["name"] == "step":
        k, i = (a["value"] for a in e["args"])
        per.setdefault(e["thread_id"], []).append((k, i))
for tid, calls in per.items():
    ks = {k for k, _ in calls}
    if len(ks) != 1 or [i for _, i in calls] != list(range(100)):
        sys.exit("thread %d: calls out of order or mixed: %s" % (tid, calls[:5]))
print("ok", len(per))
