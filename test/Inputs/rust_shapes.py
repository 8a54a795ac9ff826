"""rust_shapes.py TRACE.json: the spec's struct and enum examples appear in
exactly the spec's JSON shape."""
import json
import sys

doc = json.load(open(sys.argv[1]))
found = {}
for e in doc["events"]:
    if e["type"] == "function_enter":
        for a in e["args"]:
            found.setdefault((e["name"], a["type_info"]["name"]), []).append(a)

def one(name, ty, value):
    args = found.get((name, ty))
    if not args:
        sys.exit("no %s(%s)" % (name, ty))
    return [a for a in args if a["value"] == value] or sys.exit(
        "%s(%s): values %r" % (name, ty, [a["value"] for a in args]))

u = one("spec::register", "User", {"id": 42, "name": "Alice"})[0]
if u["type_info"]["fields"] != [["id", "i64"], ["name", "String"]]:
    sys.exit("User fields %r" % u["type_info"]["fields"])
r = one("spec::settle", "Outcome", {"variant": "Ok", "value": 100})[0]
if r["type_info"]["fields"] != [["Ok", "i64"], ["Err", "String"]]:
    sys.exit("Outcome fields %r" % r["type_info"]["fields"])
f = one("spec::fibonacci", "i64", 5)[0]
if f["type_info"] != {"name": "i64", "fields": None}:
    sys.exit("i64 type_info %r" % f["type_info"])
print("ok")
