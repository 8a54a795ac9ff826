#!/usr/bin/env python3
"""Validates a RuchyTrace trace against the spec and prints it as a call tree.

    check_trace.py json FILE [--max-skew-ns N] [--allow-orphan-exits]
    check_trace.py text FILE

Every rule of the spec's schema is checked field by field (types, required
keys, nesting). Each thread's events must be balanced and properly nested,
timestamps must not go backwards within a thread, durations must agree with
the timestamps, and stats must agree with the events. Any violation exits 1
with a message naming the event. On success it prints a summary and the call
tree, one call per line, indented by depth, for FileCheck:

    summary events=30 enter=15 exit=15 threads=1 dropped=0
    fibonacci(long=5) = 5
      fibonacci(long=4) = 3
"""
import json
import re
import sys
import time

def fail(msg):
    print("check_trace: " + msg, file=sys.stderr)
    sys.exit(1)


def need(cond, msg):
    if not cond:
        fail(msg)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_typed(tv, where, arg=False):
    need(isinstance(tv, dict), "%s: typed value is not an object" % where)
    extra = {"kinds", "param"} if arg else {"kinds"}
    need(set(tv) - extra == {"type_info", "value"}, "%s: typed value keys %s" % (where, sorted(tv)))
    need(isinstance(tv.get("param", "x"), str) and tv.get("param", "x"), "%s: param %r" % (where, tv.get("param")))
    need(isinstance(tv.get("kinds", ""), str), "%s: kinds %r" % (where, tv.get("kinds")))
    ti = tv["type_info"]
    need(isinstance(ti, dict) and set(ti) == {"name", "fields"}, "%s: type_info %r" % (where, ti))
    need(isinstance(ti["name"], str) and ti["name"], "%s: type name %r" % (where, ti["name"]))
    need(ti["fields"] is None or isinstance(ti["fields"], list), "%s: fields %r" % (where, ti["fields"]))
    return ti["name"], tv["value"]


def show(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (str, dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return repr(v) if isinstance(v, float) else str(v)


def check_json(path, max_skew_ns, allow_orphans):
    with open(path, "rb") as f:
        raw = f.read()
    doc = json.loads(raw.decode("utf-8"))
    need(isinstance(doc, dict) and list(doc) == ["metadata", "events", "stats"],
         "top level keys must be metadata, events, stats in order: %r" % list(doc))
    md = doc["metadata"]
    need(set(md) == {"program", "start_time", "ruchy_version", "ruchyruchy_version", "pid",
                     "sample_rate"}, "metadata keys %r" % sorted(md))
    for k in ("program", "start_time", "ruchy_version", "ruchyruchy_version"):
        need(isinstance(md[k], str) and md[k], "metadata.%s must be a non-empty string" % k)
    for k in ("pid", "sample_rate"):
        need(is_int(md[k]) and md[k] >= 1, "metadata.%s must be a positive integer" % k)
    need(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}\+00:00", md["start_time"]),
         "start_time is not RFC 3339 with ns: %r" % md["start_time"])
    start = time.strptime(md["start_time"][:19], "%Y-%m-%dT%H:%M:%S")
    start_s = time.mktime(start) - time.timezone
    need(abs(start_s - time.time()) < 3600, "start_time %s is not near now" % md["start_time"])
    events = doc["events"]
    need(isinstance(events, list), "events must be a list")
    calls = []
    stacks = {}
    last_ts = {}
    roots = []
    n_enter = n_exit = orphans = 0
    started = {}
    for i, e in enumerate(events):
        where = "event %d" % i
        need(isinstance(e, dict), where + ": not an object")
        t = e.get("type")
        tid = e.get("thread_id")
        need(is_int(tid) and tid > 0, where + ": thread_id %r" % tid)
        ts = e.get("timestamp_ns")
        need(is_int(ts) and abs(ts / 1e9 - start_s) < 3600, where + ": timestamp_ns %r" % ts)
        need(ts >= last_ts.get(tid, 0), where + ": time goes backwards in thread %d" % tid)
        last_ts[tid] = ts
        need(isinstance(e.get("name"), str) and e["name"], where + ": name")
        stack = stacks.setdefault(tid, [])
        if t == "function_enter":
            n_enter += 1
            started[tid] = True
            need(set(e) - {"variadic"} == {"type", "name", "args", "location", "timestamp_ns",
                                          "thread_id"} and e.get("variadic", True) is True,
                 where + ": enter keys %r" % sorted(e))
            need(isinstance(e["args"], list), where + ": args")
            args = [check_typed(a, "%s arg %d" % (where, j), True) for j, a in enumerate(e["args"])]
            loc = e["location"]
            if loc is not None:
                need(isinstance(loc, dict) and set(loc) == {"file", "line", "column"}, where + ": location %r" % loc)
                need(isinstance(loc["file"], str) and is_int(loc["line"]) and is_int(loc["column"]),
                     where + ": location types")
            node = {"name": e["name"], "args": args, "ts": ts, "children": [], "ret": None, "loc": loc}
            (stack[-1]["children"] if stack else roots).append(node)
            stack.append(node)
        elif t == "function_exit":
            n_exit += 1
            keys = {"type", "name", "return_value", "duration_ns", "timestamp_ns", "thread_id"}
            flags = {"tail_call", "unwound", "unfinished"}
            need(set(e) - flags == keys and len(set(e) & flags) <= 1,
                 where + ": exit keys %r" % sorted(e))
            for flag in set(e) & flags:
                need(e[flag] is True, where + ": %s must be true" % flag)
            if not stack and allow_orphans:
                # The ring dropped this call's entry (oldest first): the
                # surviving window may start inside open frames.
                orphans += 1
                continue
            need(stack, where + ": exit of %s without an entry in thread %d" % (e["name"], tid))
            node = stack.pop()
            need(node["name"] == e["name"], where + ": exit of %s closes %s" % (e["name"], node["name"]))
            d = e["duration_ns"]
            need(is_int(d) and d >= 0, where + ": duration_ns %r" % d)
            need(abs((ts - node["ts"]) - d) <= max_skew_ns,
                 where + ": duration %d disagrees with timestamps (%d)" % (d, ts - node["ts"]))
            rv = e["return_value"]
            node["ret"] = None if rv is None else check_typed(rv, where + " return")
            node["tail"] = e.get("tail_call", False)
            node["unwound"] = e.get("unwound", False)
            node["unfinished"] = e.get("unfinished", False)
        else:
            fail(where + ": type %r" % t)
    for tid, stack in stacks.items():
        if stack:
            fail("thread %d: %d calls never exit (%s)" % (tid, len(stack), stack[-1]["name"]))
    st = doc["stats"]
    need(set(st) == {"total_events", "dropped_events", "duration_ns"}, "stats keys %r" % sorted(st))
    need(all(is_int(v) and v >= 0 for v in st.values()), "stats values %r" % st)
    need(st["total_events"] == len(events), "stats.total_events %d != %d events" % (st["total_events"], len(events)))
    if events:
        span = max(e["timestamp_ns"] for e in events) - min(e["timestamp_ns"] for e in events)
        need(st["duration_ns"] >= span, "stats.duration_ns %d < event span %d" % (st["duration_ns"], span))
    need(orphans == 0 or st["dropped_events"] > 0, "orphan exits but nothing was dropped")
    print("summary events=%d enter=%d exit=%d threads=%d dropped=%d%s" % (
        len(events), n_enter, n_exit, len(stacks), st["dropped_events"],
        " orphan_exits=%d" % orphans if orphans else ""))
    print("program %s" % md["program"].rsplit("/", 1)[-1])
    counts = {}
    for e in events:
        c = counts.setdefault(e["name"], [0, 0])
        c[e["type"] == "function_exit"] += 1
    for name in sorted(counts):
        print("fn %s enter=%d exit=%d" % (name, counts[name][0], counts[name][1]))
    for node in roots:
        print_tree(node, 0)


def print_tree(root, depth):
    # Iterative: a trace of a deep recursion nests thousands of calls.
    todo = [(root, depth)]
    while todo:
        node, depth = todo.pop()
        args = ", ".join("%s=%s" % (name, show(v)) for name, v in node["args"])
        if node.get("tail"):
            ret = " = <tail call>"
        elif node.get("unwound"):
            ret = " = <unwound>"
        elif node.get("unfinished"):
            ret = " = <unfinished>"
        else:
            ret = "" if node["ret"] is None else " = " + show(node["ret"][1])
        loc = node["loc"]
        where = " <%s:%d:%d>" % (loc["file"].rsplit("/", 1)[-1], loc["line"], loc["column"]) if loc else " <no debug info>"
        print("%s%s(%s)%s%s" % ("  " * depth, node["name"], args, ret, where))
        todo.extend((c, depth + 1) for c in reversed(node["children"]))


ENTER = re.compile(r"^(?:\[tid (\d+)\] )?\[(\d+)\.(\d{6})\] -> (.+?)\((.*)\) <(.*)>$")
EXIT = re.compile(r"^(?:\[tid (\d+)\] )?\[(\d+)\.(\d{6})\] <- (.+?)\(\)(?: = (.*))? \[(\d+)\.(\d{3})ms\]$")


def check_text(path):
    stacks = {}
    roots = []
    n = 0
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if lineno == 1 and line.startswith("# "):
                continue  # the sampled trace's header
            m = ENTER.match(line)
            if m:
                tid = m.group(1) or "0"
                stack = stacks.setdefault(tid, [])
                node = {"name": m.group(4), "argtext": m.group(5), "children": [], "ret": None, "loc": m.group(6)}
                (stack[-1]["children"] if stack else roots).append(node)
                stack.append(node)
                n += 1
                continue
            m = EXIT.match(line)
            need(m, "line %d does not have the spec's shape: %r" % (lineno, line))
            tid = m.group(1) or "0"
            stack = stacks.setdefault(tid, [])
            need(stack and stack[-1]["name"] == m.group(4), "line %d: unbalanced exit %r" % (lineno, line))
            stack.pop()["ret"] = m.group(5)
            n += 1
    for tid, stack in stacks.items():
        need(not stack, "thread %s: calls never exit" % tid)
    print("summary lines=%d threads=%d" % (n, len(stacks)))

    def walk(node, depth):
        ret = "" if node["ret"] is None else " = " + node["ret"]
        loc = node["loc"]
        if loc != "no debug info":
            loc = loc.rsplit("/", 1)[-1]
        print("%s%s(%s)%s <%s>" % ("  " * depth, node["name"], node["argtext"], ret, loc))
        for c in node["children"]:
            walk(c, depth + 1)

    for node in roots:
        walk(node, 0)


def main():
    args = sys.argv[1:]
    need(len(args) >= 2 and args[0] in ("json", "text"), "usage: check_trace.py json|text FILE")
    skew = 2
    if "--max-skew-ns" in args:
        skew = int(args[args.index("--max-skew-ns") + 1])
    if args[0] == "json":
        check_json(args[1], skew, "--allow-orphan-exits" in args)
    else:
        check_text(args[1])


if __name__ == "__main__":
    main()
