"""chrome_check.py TRACE: a Chrome Trace Event document Perfetto accepts:
traceEvents with name/ph/ts/pid/tid, B and E balanced per thread in order,
ts never going back within a thread."""
import json
import sys

doc = json.load(open(sys.argv[1]))
events = doc["traceEvents"]
stacks, last = {}, {}
for i, e in enumerate(events):
    for k in ("name", "ph", "pid", "tid"):
        if k not in e:
            sys.exit("event %d lacks %s" % (i, k))
    if e["ph"] == "M":
        continue
    if not isinstance(e.get("ts"), (int, float)):
        sys.exit("event %d: ts %r" % (i, e.get("ts")))
    if e["ts"] < last.get(e["tid"], 0):
        sys.exit("event %d: ts goes back" % i)
    last[e["tid"]] = e["ts"]
    s = stacks.setdefault(e["tid"], [])
    if e["ph"] == "B":
        s.append(e["name"])
    elif e["ph"] == "E":
        if not s or s.pop() != e["name"]:
            sys.exit("event %d: unbalanced E for %s" % (i, e["name"]))
    else:
        sys.exit("event %d: phase %r" % (i, e["ph"]))
if any(stacks.values()):
    sys.exit("unclosed B events")
print("ok", len(events))
