"""json_fields.py TRACE.json: type_info.fields lists [name, type] pairs for
structs (the spec's shape) and is null for scalars."""
import json
import sys

doc = json.load(open(sys.argv[1]))
seen = {}
for e in doc["events"]:
    for tv in e.get("args", []) + ([e["return_value"]] if e.get("return_value") else []):
        seen[tv["type_info"]["name"]] = tv["type_info"]["fields"]
want = {
    "struct point": [["x", "int"], ["y", "int"]],
    "struct rect": [["min", "struct point"], ["max", "struct point"], ["label", "const char *"]],
    "struct big": [["id", "long"], ["weights", "double[3]"], ["name", "char[12]"]],
    "union number": [["i", "int"], ["f", "float"]],
    "int": None,
}
for name, fields in want.items():
    if seen.get(name, "missing") != fields:
        sys.exit("%s: fields %r, want %r" % (name, seen.get(name, "missing"), fields))
print("ok")
