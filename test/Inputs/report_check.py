"""report_check.py TRACE.json REPORT: the report's numbers, recomputed.

total: the time inside each function, per thread the union of its calls'
intervals (an activation nested in another of the same function adds
nothing, so a thread's part never exceeds the run's wall time; threads
running it at once add up, as CPU time does); self: duration
minus traced callees (an exit whose entry the ring dropped has for
callees what the thread recorded at the top level meanwhile); calls; avg:
the mean duration of a call. Prints one line per function checked."""
import json
import sys

doc = json.load(open(sys.argv[1]))
wall = doc["stats"]["duration_ns"]
want = {}
stacks, top, spans = {}, {}, {}
for e in doc["events"]:
    tid = e["thread_id"]
    st = stacks.setdefault(tid, [])
    if e["type"] == "function_enter":
        st.append([e["name"], 0])
        continue
    d, name = e["duration_ns"], e["name"]
    if st and st[-1][0] == name:
        children = st.pop()[1]
    else:  # its entry was dropped
        children, top[tid] = top.get(tid, 0), 0
    if st:
        st[-1][1] += d
    else:
        top[tid] = top.get(tid, 0) + d
    spans.setdefault((tid, name), []).append((e["timestamp_ns"] - d, e["timestamp_ns"]))
    w = want.setdefault(name, {"total": 0, "self": 0, "calls": 0, "sum": 0})
    w["self"] += d - children
    w["calls"] += 1
    w["sum"] += d
per_thread = {}
for (tid, name), s in spans.items():
    end, union = None, 0
    for a, b in sorted(s):
        if end is None or a >= end:
            union += b - a
            end = b
        elif b > end:
            union += b - end
            end = b
    want[name]["total"] += union
    per_thread[(tid, name)] = union

got = {}
for line in open(sys.argv[2]).read().splitlines()[1:]:
    if line.startswith("("):
        continue
    # total, total%, self, self%, calls, avg, min, max, function
    c = line.split(None, 8)
    got[c[8]] = (float(c[0]), float(c[2]), int(c[4]), float(c[5]))
assert set(got) == set(want), "functions %s, want %s" % (sorted(got), sorted(want))
for name in sorted(want):
    w, (total, self_, calls, avg) = want[name], got[name]
    # Durations and timestamps are each truncated to ns: a few ns apart.
    ok = (abs(total - w["total"] / 1e6) < 0.0006 + calls * 2e-6
          and abs(self_ - w["self"] / 1e6) < 0.0006
          and calls == w["calls"] and abs(avg - w["sum"] / 1e3 / w["calls"]) < 0.0006)
    assert ok, "%s: report %r, want %r" % (name, got[name], w)
    for (tid, fn), union in per_thread.items():
        if fn == name:
            assert union <= wall, "%s: thread %d's total %d ns > wall %d ns" % (
                name, tid, union, wall)
    print("%s calls=%d total<=wall" % (name, calls))
