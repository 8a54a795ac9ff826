#!/usr/bin/env python3
"""Compares a JSON trace's timestamps and durations with the program's own
clock readings.

    durations_check.py TRACE.json READINGS.txt

READINGS has one line per call of the function it names, as the program
measured that call from inside it:

    nap <CLOCK_MONOTONIC ns spent> <CLOCK_REALTIME ns at its start>

The traced call encloses the program's own readings, so its duration may
not be shorter than the measured time (less 1 us for the clocks' pairing),
nor longer by more than 1 ms (the tracer's own work between the two, and a
preemption on a loaded machine; a 5% rate error on the test's 20 ms sleeps);
its entry's timestamp must be within 1 ms before the realtime reading. Prints one `ok NAME` line per call for FileCheck, or
exits 1 naming the call.
"""
import json
import sys

SLACK_NS = 1000000
PAIRING_NS = 1000


def main():
    with open(sys.argv[1], "rb") as f:
        events = json.load(f)["events"]
    readings = [line.split() for line in open(sys.argv[2]) if line.strip()]
    for name, spent, start in readings:
        spent, start = int(spent), int(start)
        enter = next(i for i, e in enumerate(events) if e["type"] == "function_enter" and e["name"] == name)
        exit_ = next(e for e in events[enter:] if e["type"] == "function_exit" and e["name"] == name)
        ts, d = events[enter]["timestamp_ns"], exit_["duration_ns"]
        events = events[enter + 1:]
        if not spent - PAIRING_NS <= d <= spent + SLACK_NS:
            sys.exit("durations_check: %s took %d ns by the program's clock, %d ns traced" % (name, spent, d))
        if not start - SLACK_NS <= ts <= start + PAIRING_NS:
            sys.exit("durations_check: %s began at %d by the program's clock, %d traced" % (name, start, ts))
        print("ok", name)


main()
