#!/usr/bin/env python3
"""Counts `<unreadable>` values in RuchyTrace JSON traces.

  unreadable.py TRACE.json...   -> prints "TOP NESTED", exits 0

TOP counts arguments and return values that are themselves unreadable
(`"<unreadable>"`, or a followed pointer whose target is): pointers a
function receives or returns are ones the program uses, so for a correct
program each of them is a tracer bug. NESTED counts pointers found inside
a followed target (a string field of a struct): an initialiser is passed
a struct whose fields are still garbage, so those may be legitimately
unreadable and are only reported.
"""
import json
import sys

BAD = "<unreadable>"


def nested(v):
    if v == BAD:
        return 1
    if isinstance(v, dict):
        return sum(nested(x) for x in v.values())
    if isinstance(v, list):
        return sum(nested(x) for x in v)
    return 0


def classify(value):
    """(top, nested) for one argument or return value."""
    if value == BAD:
        return 1, 0
    if isinstance(value, dict) and "target" in value:
        if value["target"] == BAD:
            return 1, 0
        return 0, nested(value["target"])
    return 0, nested(value)


def main(paths):
    top = nest = 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            doc = json.load(f)
        for ev in doc.get("events", []):
            values = [a.get("value") for a in ev.get("args") or []]
            if "return_value" in ev and isinstance(ev["return_value"], dict):
                values.append(ev["return_value"].get("value"))
            for v in values:
                t, n = classify(v)
                top += t
                nest += n
                if t and top <= 3:
                    print("top-level <unreadable> in %s: %s" % (path, json.dumps(ev)[:400]),
                          file=sys.stderr)
    print(top, nest)


if __name__ == "__main__":
    main(sys.argv[1:])
