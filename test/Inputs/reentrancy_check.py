"""reentrancy_check.py TRACE.json TICKS: each of the TICKS signal-handler
calls is in the trace or was dropped (2 events each) for re-entering the
record path; nothing else was dropped (the ring is large enough)."""
import json
import sys

doc = json.load(open(sys.argv[1]))
ticks = int(open(sys.argv[2]).read())
seen = sum(1 for e in doc["events"] if e["type"] == "function_enter" and e["name"] == "on_tick")
dropped = doc["stats"]["dropped_events"]
if ticks < 1 or seen * 2 + dropped != ticks * 2:
    sys.exit("ticks %d: %d in the trace, %d events dropped" % (ticks, seen, dropped))
print("ok: %d ticks, %d traced, %d dropped" % (ticks, seen, dropped // 2))
