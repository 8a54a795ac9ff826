"""profile_check.py TOOL TRACE.json [OTHER.json]: report, graph, flame,
convert --to folded and diff, recomputed from the JSON.

Runs `TOOL report`, `TOOL graph` and `TOOL flame` on TRACE without a
filter, with --tid (each thread), and with --since/--until (a window in the
middle of the trace), and `TOOL diff TRACE OTHER`; checks every number they
print against its own reading of the events: a call is kept when its
thread is --tid's and it begins in [since, until) after the first event;
its node in the call tree is its kept caller's path plus its name (a root
if its caller is not kept); total counts a function's outermost kept
activations per thread, self is a call's duration minus its callees'.
A ring trace that dropped events has exits without entries: the calls
still open when its oldest kept event happened. They are given entries
before their thread's first event (outermost first), so that each
encloses what its thread did before it ends.
Prints one line per check."""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

tool, trace = sys.argv[1], sys.argv[2]
other = sys.argv[3] if len(sys.argv) > 3 else None


def entries_for_dropped(events):
    stacks, missing = {}, []
    for e in events:
        st = stacks.setdefault(e["thread_id"], [])
        if e["type"] == "function_enter":
            st.append(e["name"])
        elif st:
            assert st.pop() == e["name"], "unbalanced: not for this check"
        else:
            missing.append({"type": "function_enter", "name": e["name"], "thread_id": e["thread_id"],
                            "timestamp_ns": e["timestamp_ns"] - e["duration_ns"]})
    return missing[::-1]


def profile(path, tid=None, since=0, until=None):
    events = json.load(open(path))["events"]
    first = events[0]
    origin = first["timestamp_ns"] - (0 if first["type"] == "function_enter" else first["duration_ns"])
    lo = origin + since if since else float("-inf")
    hi = float("inf") if until is None else origin + until
    stacks, opened, fns, nodes = {}, {}, {}, {}
    for e in entries_for_dropped(events) + events:
        t = e["thread_id"]
        st = stacks.setdefault(t, [])
        if e["type"] == "function_enter":
            kept = (tid is None or t == tid) and lo <= e["timestamp_ns"] < hi
            path = None
            if kept:
                path = (st[-1][1] if st and st[-1][1] else ()) + (e["name"],)
                opened[(t, e["name"])] = opened.get((t, e["name"]), 0) + 1
            st.append([e["name"], path, 0])
            continue
        name, d = e["name"], e["duration_ns"]
        assert st and st[-1][0] == name, "an exit without its entry: not for this check"
        _, path, children = st.pop()
        if st:
            st[-1][2] += d
        if path is None:
            continue
        opened[(t, name)] -= 1
        f = fns.setdefault(name, {"calls": 0, "total": 0, "self": 0, "sum": 0, "min": d, "max": d})
        f["calls"] += 1
        f["total"] += 0 if opened[(t, name)] else d
        f["self"] += d - children
        f["sum"] += d
        f["min"], f["max"] = min(f["min"], d), max(f["max"], d)
        n = nodes.setdefault(path, [0, 0, 0])
        n[0], n[1], n[2] = n[0] + 1, n[1] + d, n[2] + d - children
    traced = sum(n[1] for p, n in nodes.items() if len(p) == 1)
    return fns, nodes, traced, events


def run(*args):
    return subprocess.run([tool] + [str(a) for a in args], check=True, capture_output=True,
                          text=True).stdout


def near(a, b, tol):
    return abs(a - b) <= tol


def check_report(args, fns, traced):
    out = run("report", *args, trace)
    got = {}
    for line in out.splitlines()[1:]:
        if line.startswith("("):
            continue
        c = line.split()
        got[c[-1]] = c
    assert set(got) == set(fns), "report %s: %s, want %s" % (args, sorted(got), sorted(fns))
    for name, f in fns.items():
        c = got[name]
        total, tp, self_, sp = float(c[0]), float(c[1][:-1]), float(c[2]), float(c[3][:-1])
        calls, avg, mn, mx = int(c[4]), float(c[5]), float(c[6]), float(c[7])
        ok = (near(total, f["total"] / 1e6, 0.0006) and near(self_, f["self"] / 1e6, 0.0006)
              and calls == f["calls"] and near(avg, f["sum"] / 1e3 / calls, 0.0006)
              and near(mn, f["min"] / 1e3, 0.0006) and near(mx, f["max"] / 1e3, 0.0006)
              and near(tp, 100 * f["total"] / traced, 0.006) and near(sp, 100 * f["self"] / traced, 0.006))
        assert ok, "report %s: %s: %r, want %r (traced %d)" % (args, name, c, f, traced)
    print("report %s: %d functions" % (" ".join(map(str, args)) or "-", len(fns)))


def check_graph(args, nodes):
    out = run("graph", *args, trace)
    got, stack = {}, []
    for line in out.splitlines():
        m = re.match(r"^ *(\d+) +([0-9.]+) +([0-9.]+)  ( *)(\S.*)$", line)
        if not m:
            continue
        depth = len(m.group(4)) // 2
        stack = stack[:depth] + [m.group(5)]
        got[tuple(stack)] = (int(m.group(1)), float(m.group(2)), float(m.group(3)))
    want = {p: n for p, n in nodes.items() if n[0]}
    assert set(got) == set(want), "graph %s: paths %s, want %s" % (args, sorted(got), sorted(want))
    for p, (calls, total, self_) in got.items():
        n = want[p]
        assert calls == n[0] and near(total, n[1] / 1e6, 0.0006) and near(self_, n[2] / 1e6, 0.0006), \
            "graph %s: %s: %r, want %r" % (args, p, got[p], n)
    print("graph %s: %d call paths" % (" ".join(map(str, args)) or "-", len(got)))


def check_flame(fns, nodes, traced):
    svg = run("flame", trace)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    width = float(root.get("width")) - 20
    seen = set()
    for g in root.iter(ns + "g"):
        title, rect = g.find(ns + "title").text, g.find(ns + "rect")
        if title.startswith("all:"):
            continue
        name, nums = title.split("\n")
        m = re.match(r"calls (\d+), total ([0-9.]+) (ns|us|ms|s) \(([0-9.]+)%\), self", nums)
        unit = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[m.group(3)]
        total = float(m.group(2)) * unit
        # The box is as wide as its path's total, whose share the title gives.
        assert near(float(rect.get("width")), total / traced * width, 0.2 + width * 0.001 * unit / traced), \
            "flame: %s is %s px wide for %s" % (name, rect.get("width"), nums)
        assert near(float(m.group(4)), 100 * total / traced, 0.01 + 100 * 0.001 * unit / traced)
        assert any(p[-1] == name and n[0] == int(m.group(1)) for p, n in nodes.items()), \
            "flame: no path ending in %s with %s calls" % (name, m.group(1))
        seen.add(name)
    wide = {p[-1] for p, n in nodes.items() if n[1] * width / traced >= 1}
    assert wide <= seen, "flame: %s not drawn" % (wide - seen)
    print("flame: parses, %d functions named" % len(seen))


def check_html():
    """The page's timeline nests: each call lies inside a call one level up
    on its thread, and calls on one level do not overlap."""
    import os, tempfile
    with tempfile.TemporaryDirectory() as d:
        page = os.path.join(d, "p.html")
        run("html", "--max-calls", "1000000", trace, "-o", page)
        text = open(page).read()
    start = text.index('<script id="data" type="application/json">')
    data = json.JSONDecoder().raw_decode(text, text.index("{", start))[0]
    levels = {}
    for th, t0, dur, _, depth, _ in data["tl"]:
        levels.setdefault((th, depth), []).append((t0, t0 + dur))
    for (th, depth), calls in levels.items():
        calls.sort()
        for (a0, a1), (b0, b1) in zip(calls, calls[1:]):
            assert a1 <= b0, "html: thread %d level %d: %r overlaps %r" % (th, depth, (a0, a1), (b0, b1))
        if depth:
            up = levels.get((th, depth - 1), [])
            for c0, c1 in calls:
                assert any(u0 <= c0 and c1 <= u1 for u0, u1 in up), \
                    "html: thread %d: %r at level %d is inside no call above" % (th, (c0, c1), depth)
    print("html: %d calls nest" % len(data["tl"]))


def check_folded(nodes):
    got = {}
    for line in run("convert", "--to", "folded", trace).splitlines():
        stack, self_ = line.rsplit(" ", 1)
        got[tuple(stack.split(";"))] = int(self_)
    want = {p: n[2] for p, n in nodes.items() if n[0]}
    assert got == want, "folded: %r, want %r" % (got, want)
    print("folded: %d stacks" % len(got))


def check_diff():
    out = run("diff", trace, other)
    a, b = profile(trace)[0], profile(other)[0]
    got = {}
    for line in out.splitlines()[4:]:
        if line.startswith("("):
            continue
        c = line.split()
        got[c[-1]] = c
        assert len(got) > 1 or c[-1] == order[0], "diff: %s first, want %s" % (c[-1], order[0])
    for name in set(a) | set(b):
        fa, fb = a.get(name, {"calls": 0, "total": 0, "self": 0}), b.get(name, {"calls": 0, "total": 0, "self": 0})
        c = got[name]
        assert int(c[0]) == fa["calls"] and int(c[1]) == fb["calls"], "diff %s: %r" % (name, c)
        assert near(float(c[3]), fa["total"] / 1e6, 0.0006) and near(float(c[4]), fb["total"] / 1e6, 0.0006)
        assert near(float(c[5]), (fb["total"] - fa["total"]) / 1e6, 0.0011)
        assert near(float(c[7]), fa["self"] / 1e6, 0.0006) and near(float(c[8]), fb["self"] / 1e6, 0.0006)
        if fa["calls"]:
            rel = 100.0 * (fb["calls"] - fa["calls"]) / fa["calls"]
            assert near(float(c[2][:-1]), rel, 0.051), "diff %s: calls change %s, want %.1f" % (name, c[2], rel)
    print("diff: %d functions" % len(got))


fns, nodes, traced, events = profile(trace)
check_report([], fns, traced)
check_report(["--sort", "calls"], fns, traced)
check_graph([], nodes)
check_flame(fns, nodes, traced)
check_folded(nodes)
check_html()
for tid in sorted({e["thread_id"] for e in events}):
    f, n, t, _ = profile(trace, tid=tid)
    check_report(["--tid", tid], f, t)
    check_graph(["--tid", tid], n)
# A window from the entry a quarter into the trace to the one at three
# quarters (the first excluded, the last included).
enters = [e["timestamp_ns"] - events[0]["timestamp_ns"] for e in events if e["type"] == "function_enter"]
since, until = enters[len(enters) // 4] + 1, enters[len(enters) * 3 // 4] + 1
f, n, t, _ = profile(trace, since=since, until=until)
check_report(["--since", "%dns" % since, "--until", "%dns" % until], f, t)
check_graph(["--since", "%dns" % since, "--until", "%dns" % until], n)
if other:
    a, b = profile(trace)[0], profile(other)[0]
    order = sorted(set(a) | set(b), key=lambda k: (-abs(b.get(k, {"total": 0})["total"]
                                                     - a.get(k, {"total": 0})["total"]), k))
    check_diff()
