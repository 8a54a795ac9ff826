"""per_thread_stream.py TRACE.json N: each thread called step(k, i) for
i = 0 .. N-1 in order: a streamed trace lost and reordered nothing."""
import json
import sys

doc = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
calls = {}
for e in doc["events"]:
    if e["type"] == "function_enter" and e["name"] == "step":
        k, i = (a["value"] for a in e["args"])
        calls.setdefault(e["thread_id"], []).append((k, i))
if len(calls) != 4:
    sys.exit("threads: %d" % len(calls))
for tid, c in calls.items():
    if c != [(c[0][0], i) for i in range(n)]:
        sys.exit("thread %d: calls lost or out of order" % tid)
print("ok")
