#!/usr/bin/env python3
"""Off again means off: the cost of tracing compiled in but off, in a
process that was never attached against one that `ruchytrace attach`
traced and detached from, and the uninstrumented build, all three running
side by side (bench/attach_server.c) and measured in turn, REPS rounds,
pinned to one CPU. Prints a Markdown table (median ns per call and ratio
to the uninstrumented build); --record appends it to bench/RESULTS.md."""
import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile

from run import BUILD, CFG, CLANG, machine, pin_one_cpu, ROOT

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(BUILD, "ruchytrace")


def server(exe):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUCHY_TRACE")}
    return subprocess.Popen([exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env=env)


def batch(p, n):
    p.stdin.write("%d\n" % n)
    p.stdin.flush()
    tiny, fib = p.stdout.readline().split()
    return float(tiny), float(fib)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--calls", type=int, default=20000000)
    ap.add_argument("--record", action="store_true")
    a = ap.parse_args()
    pin_one_cpu()
    tmp = tempfile.mkdtemp(prefix="rt-attach-bench-")
    src = os.path.join(HERE, "attach_server.c")
    plain, traced = os.path.join(tmp, "plain"), os.path.join(tmp, "traced")
    subprocess.run([CLANG, "-O2", src, "-o", plain], check=True)
    subprocess.run([CLANG, "--config=" + CFG, "-O2", src, "-o", traced], check=True)
    procs = {"uninstrumented": server(plain), "off, never attached": server(traced),
             "off, after attach and detach": server(traced)}
    # A session that traces every call for a while, then detaches.
    attached = procs["off, after attach and detach"]
    attached.stdin.write("%d\n" % (a.calls * 10))  # busy while attached
    attached.stdin.flush()
    trace = os.path.join(tmp, "session.rtrace")
    subprocess.run([TOOL, "attach", str(attached.pid), "--duration", "0.5",
                    "-o", trace], check=True, stderr=subprocess.DEVNULL)
    attached.stdout.readline()
    traced_events = subprocess.run([TOOL, "validate", trace], check=True,
                                   stdout=subprocess.PIPE, text=True).stdout.strip()
    traced_events = traced_events.split(": ", 1)[1]
    samples = {name: ([], []) for name in procs}
    for name, p in procs.items():  # warm-up
        batch(p, a.calls // 10)
    for _ in range(a.reps):
        for name, p in procs.items():
            t, f = batch(p, a.calls)
            samples[name][0].append(t)
            samples[name][1].append(f)
    for p in procs.values():
        p.stdin.close()
        p.wait()
    # Medians, and minimums (the least disturbed round: on a shared
    # machine the other tenants only ever add time).
    med = {n: [statistics.median(v) for v in s] for n, s in samples.items()}
    low = {n: [min(v) for v in s] for n, s in samples.items()}
    b, bl = med["uninstrumented"], low["uninstrumented"]
    rows = ["| process | tiny ns/call median (min) | ratio median (min) |"
            " fib(20) us median (min) | ratio median (min) |"
            " tiny max/min |",
            "|---|---:|---:|---:|---:|---:|"]
    for name, (t, f) in samples.items():
        m, l = med[name], low[name]
        rows.append("| %s | %.3f (%.3f) | %.3f (%.3f) | %.1f (%.1f) |"
                    " %.3f (%.3f) | %.2f |" % (
                        name, m[0], l[0], m[0] / b[0], l[0] / bl[0],
                        m[1] / 1000, l[1] / 1000, m[1] / b[1], l[1] / bl[1],
                        max(t) / min(t)))
    load = open("/proc/loadavg").read().split()[:3]
    text = "\n".join(rows)
    head = ("## Attach: off again means off (%s, %s)\n\n"
            "`python3 bench/attach.py --reps %d --calls %d`: three processes side"
            " by side, measured in turn on CPU 0, %d rounds of %d tiny calls and"
            " %d fib(20); the attached one was traced in full for 0.5 s (%s)"
            " and detached before the rounds. Load average at the end: %s.\n\n" % (
                datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                machine(), a.reps, a.calls, a.reps, a.calls, max(1, a.calls // 2000),
                traced_events, " ".join(load)))
    print(head + text)
    if a.record:
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write("\n" + head + text + "\n")


if __name__ == "__main__":
    main()
