#!/usr/bin/env python3
"""Prints a JSON trace's events in time order, one per line, for FileCheck:

    T0 +top
    T0 -leaf unwound @last
    T1 -quit unwound @+1234

Threads are numbered by first appearance. An exit that is not a plain
return is followed by its kind, and then by when it was stamped relative to
the event before it on its thread: `@last` if at the same nanosecond (an
unwound exit stamped with the last event known inside the frame), else the
gap. `--durations` also prints each exit's duration in microseconds,
rounded down, for ordering checks between threads.
"""
import json
import sys


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        doc = json.load(f)
    threads = {}
    last = {}
    order = []
    for i, e in enumerate(doc["events"]):
        order.append((e["timestamp_ns"], i, e))
    order.sort(key=lambda x: (x[0], x[1]))
    for ts, _, e in order:
        t = threads.setdefault(e["thread_id"], len(threads))
        if e["type"] == "function_enter":
            line = "T%d +%s" % (t, e["name"])
        else:
            kind = [k for k in ("unwound", "unfinished", "tail_call") if e.get(k)]
            line = "T%d -%s" % (t, e["name"])
            if kind:
                gap = ts - last[t]
                line += " %s @%s" % (kind[0], "last" if gap == 0 else "+%d" % gap)
            if "--durations" in sys.argv:
                line += " %dus" % (e["duration_ns"] // 1000)
        last[t] = ts
        print(line)


if __name__ == "__main__":
    main()
