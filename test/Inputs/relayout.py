"""relayout.py IN.json OUT.json: the same trace in another valid layout.

Keys of the schema's objects (top level, metadata, events, typed values,
type_info, location, stats) in reverse order, odd whitespace everywhere,
non-ASCII as \\u escapes. Inside a value nothing is reordered: member
order is the value's (and its "kinds" follow it)."""
import json
import sys


def rev(obj, inner=lambda k, v: v):
    return {k: inner(k, obj[k]) for k in reversed(list(obj))}


def typed(tv):
    return rev(tv, lambda k, v: rev(v) if k == "type_info" else v)


def event(e):
    def inner(k, v):
        if k == "args":
            return [typed(a) for a in v]
        if k == "return_value" and v is not None:
            return typed(v)
        if k == "location" and v is not None:
            return rev(v)
        return v
    return rev(e, inner)


doc = json.load(open(sys.argv[1], encoding="utf-8"))
doc = rev(doc, lambda k, v: [event(e) for e in v] if k == "events" else rev(v))
text = json.dumps(doc, indent="\t ", separators=(" ,\r\n", " :\t"), ensure_ascii=True)
open(sys.argv[2], "w").write("\n\n" + text + " \n\t\n")
