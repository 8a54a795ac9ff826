"""per_thread.py TRACE.json: each thread called work(k, i) for i = 0 ..
500 + 10k - 1 in order, with one k per thread and every k from 0 to 15."""
import json
import sys

doc = json.load(open(sys.argv[1]))
calls = {}
for e in doc["events"]:
    if e["type"] == "function_enter" and e["name"] == "work":
        k, i = (a["value"] for a in e["args"])
        calls.setdefault(e["thread_id"], []).append((k, i))
ks = set()
for tid, c in calls.items():
    k = c[0][0]
    ks.add(k)
    if c != [(k, i) for i in range(500 + 10 * k)]:
        sys.exit("thread %d (k=%d): wrong calls" % (tid, k))
if ks != set(range(16)):
    sys.exit("threads seen: %s" % sorted(ks))
print("ok")
