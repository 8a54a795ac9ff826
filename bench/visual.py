#!/usr/bin/env python3
"""The analysis commands on a trace of over 10M events:
`python3 bench/visual.py [--requests N] [--reps R] [--record]`.

Builds bench/visual/app.c + lib.c with RuchyTrace, records two runs in
stream mode to .rtrace (N and N + N/10 requests: ~11M and ~12M events at
the default N), then times report, flame, graph, graph FUNCTION, html, diff
and, as the baseline they share, `convert --to folded` and `convert --to
ndjson`, each pinned to CPU 0, the commands interleaved round by round.
Prints wall seconds (median, min-max over the rounds), events per second,
and peak memory split the way /proc/PID/status splits it: anonymous (the
tool's own heap: the aggregation, and the reader's 16 MB pieces of the
replayed NDJSON) and shared (mapped files: the .rtrace itself, read by the
replay). --record appends the table to bench/RESULTS.md with the machine
and date.

Not part of bench/run.sh --quick: it takes minutes."""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.abspath(os.environ.get("RUCHYTRACE_BUILD", os.path.join(ROOT, "build")))


def llvm_bin():
    for line in open(os.path.join(BUILD, "llvm.env")):
        if line.startswith("RUCHYTRACE_LLVM_BIN="):
            return line.split("=", 1)[1].strip().strip("'")
    sys.exit("visual.py: no RUCHYTRACE_LLVM_BIN in %s/llvm.env" % BUILD)


def peak_memory(cmd):
    """Runs cmd on CPU 0; returns (seconds, peak RssAnon kB, peak
    RssShmem + RssFile kB), sampling /proc every 20 ms."""
    peaks = [0, 0]
    t0 = time.perf_counter()
    p = subprocess.Popen(["taskset", "-c", "0"] + cmd, stdout=subprocess.DEVNULL)

    def sample():
        while p.poll() is None:
            try:
                fields = dict(line.split(":", 1) for line in open("/proc/%d/status" % p.pid))
                anon = int(fields["RssAnon"].split()[0])
                shared = int(fields["RssShmem"].split()[0]) + int(fields["RssFile"].split()[0])
                peaks[0], peaks[1] = max(peaks[0], anon), max(peaks[1], shared)
            except (OSError, KeyError, ValueError):
                pass
            time.sleep(0.02)
    s = threading.Thread(target=sample)
    s.start()
    rc = p.wait()
    dt = time.perf_counter() - t0
    s.join()
    if rc:
        sys.exit("visual.py: %s failed (%d)" % (" ".join(cmd), rc))
    return dt, peaks[0], peaks[1]


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return "%s, %d cores, Linux %s" % (cpu, os.cpu_count(), platform.release())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=85000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    args = ap.parse_args()
    tool = os.path.join(BUILD, "ruchytrace")
    clang = os.path.join(llvm_bin(), "clang")
    with tempfile.TemporaryDirectory() as tmp:
        app = os.path.join(tmp, "app")
        subprocess.run([clang, "--config=" + os.path.join(BUILD, "ruchytrace.cfg"), "-O1",
                        "-pthread", os.path.join(ROOT, "bench/visual/app.c"),
                        os.path.join(ROOT, "bench/visual/lib.c"), "-o", app], check=True)
        traces = []
        for n in (args.requests, args.requests + args.requests // 10):
            path = os.path.join(tmp, "app-%d.rtrace" % n)
            subprocess.run([app, str(n)], check=True, stdout=subprocess.DEVNULL,
                           env=dict(os.environ, RUCHY_TRACE_MODE="stream", RUCHY_TRACE_OUTPUT=path))
            traces.append(path)
        # The events, from the tool itself: validate prints them.
        counts = []
        for t in traces:
            out = subprocess.run([tool, "validate", t], check=True, capture_output=True,
                                 text=True).stdout
            counts.append(int(out.split(", ")[1].split()[0]))
        events = counts[0]
        size = os.path.getsize(traces[0])
        a, b = traces
        out_file = os.path.join(tmp, "out")
        cmds = [
            ("convert --to ndjson (baseline: the .rtrace replay)", ["convert", "--to", "ndjson", a, "-o", out_file]),
            ("convert --to folded (baseline)", ["convert", "--to", "folded", a, "-o", out_file]),
            ("report", ["report", a]),
            ("report --threads --sort self", ["report", "--threads", "--sort", "self", a]),
            ("flame -o OUT.svg", ["flame", a, "-o", out_file]),
            ("graph", ["graph", a]),
            ("graph handle_request", ["graph", a, "handle_request"]),
            ("html -o OUT.html", ["html", a, "-o", out_file]),
            ("report --tid T --since 100ms", None),  # filled below
            ("diff (two traces: %d + %d requests)" % (args.requests, args.requests + args.requests // 10),
             ["diff", a, b]),
        ]
        tid = subprocess.run([tool, "report", "--threads", a], check=True, capture_output=True,
                             text=True).stdout.splitlines()[1].split()[8]
        cmds[8] = (cmds[8][0], ["report", "--tid", tid, "--since", "100ms", a])
        runs = {name: [] for name, _ in cmds}
        mem = {name: (0, 0) for name, _ in cmds}
        sizes = {}
        for _ in range(args.reps):
            for name, argv in cmds:
                dt, anon, shared = peak_memory([tool] + argv)
                runs[name].append(dt)
                mem[name] = (max(mem[name][0], anon), max(mem[name][1], shared))
                if os.path.exists(out_file):
                    sizes[name] = os.path.getsize(out_file)
                    os.unlink(out_file)
    stamp = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True,
                           text=True).stdout.strip()
    lines = ["## %s: the analysis commands on a %.1fM-event .rtrace (bench/visual.py)" % (stamp, events / 1e6),
             "",
             "Machine: %s. Trace: bench/visual/app %d requests, 2 threads, stream mode: %d events, %.0f MB."
             % (machine(), args.requests, events, size / 1e6),
             "Wall seconds on CPU 0 (taskset), median and min-max of %d interleaved rounds; peak memory"
             " sampled every 20 ms from /proc: anonymous (the tool's heap: the aggregation and the"
             " reader's pieces of NDJSON) and shared (mapped files: the .rtrace itself)." % args.reps,
             "",
             "| command | wall s (min-max) | M events/s | peak anon MB | peak shared MB | output |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, _ in cmds:
        r = runs[name]
        med = statistics.median(r)
        n = sum(counts) if name.startswith("diff") else events
        lines.append("| %s | %.2f (%.2f-%.2f) | %.2f | %.0f | %.0f | %s |" % (
            name, med, min(r), max(r), n / med / 1e6, mem[name][0] / 1024, mem[name][1] / 1024,
            ("%.1f MB" % (sizes[name] / 1e6) if sizes[name] >= 1e6 else "%.1f KB" % (sizes[name] / 1e3))
            if name in sizes else "-"))
    text = "\n".join(lines) + "\n"
    print(text)
    if args.record:
        with open(os.path.join(ROOT, "bench", "RESULTS.md"), "a") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
