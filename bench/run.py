#!/usr/bin/env python3
"""RuchyTrace benchmark: overhead against an uninstrumented baseline measured
in the same run, and the writers' throughput.

Each variant runs interleaved with the others, REPS times; the median is
reported. Figures are printed and, unless --no-record, appended to
bench/RESULTS.md with the machine and date.
"""
import argparse
import datetime
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import interp
import realcode
import startup

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.environ.get("RUCHYTRACE_BUILD", os.path.join(ROOT, "build"))


def build_llvm(build):
    """The LLVM the build was configured with (CMake writes llvm.env), as
    (major version, the path of its clang): every variant is compiled by the
    clang the plugin was built for."""
    env = {}
    with open(os.path.join(build, "llvm.env")) as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                key, value = line.rstrip("\n").split("=", 1)
                env[key] = shlex.split(value)[0]
    return env["RUCHYTRACE_LLVM_MAJOR"], os.path.join(env["RUCHYTRACE_LLVM_BIN"], "clang")


LLVM_MAJOR, CLANG = build_llvm(BUILD)
CFG = os.path.join(BUILD, "ruchytrace.cfg")
ALL_CPUS = os.sched_getaffinity(0)


def sh(cmd, env=None, capture=True):
    full_env = dict(os.environ)
    for k in list(full_env):
        if k.startswith("RUCHY_TRACE"):
            del full_env[k]
    full_env.update(env or {})
    r = subprocess.run(cmd, env=full_env, check=True, text=True,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE)
    return r.stdout


def build(out_dir):
    src = os.path.join(HERE, "workloads.c")
    hooks = os.path.join(HERE, "hooks.c")
    exes = {
        "plain": [CLANG, "-O2", "-g", "-pthread", src],
        "ruchy": [CLANG, "--config=" + CFG, "-O2", "-pthread", src],
        "cyg": [CLANG, "-O2", "-g", "-pthread", "-finstrument-functions", src, hooks],
        "xray": [CLANG, "-O2", "-g", "-pthread", "-fxray-instrument",
                 "-fxray-instruction-threshold=1", src],
        "pg": [CLANG, "-O2", "-g", "-pthread", "-pg", src],
        "floor": [CLANG, "-O2", "-g", os.path.join(HERE, "sampling_floor.c")],
    }
    paths = {}
    for name, cmd in exes.items():
        paths[name] = os.path.join(out_dir, "workloads-" + name)
        sh(cmd + ["-o", paths[name]])
    return paths


def ns_per_call(exe, workload, n, env=None, threads=1, prefix=()):
    out = sh(list(prefix) + [exe, workload, str(n), str(threads)], env=env)
    return float(out.split()[-1])


VARIANTS = ["uninstrumented", "ruchytrace off", "ruchytrace 1/1000",
            "ruchytrace full (ring)", "ruchytrace full (stream)",
            "-finstrument-functions, empty hooks", "XRay unpatched", "XRay FDR",
            "XRay basic", "uftrace record"]
# Tools too slow to run the full call count are run on a tenth of it:
# their cost per call is fixed, so ns/call stays comparable.
SLOW = {"XRay basic", "uftrace record"}


def measure_overhead(exes, workload, n, reps, tmp):
    trace = os.path.join(tmp, "bench-trace.json")
    xlog = "xray_logfile_base=%s/xray- verbosity=0" % tmp
    uft = os.path.join(tmp, "uftrace.data")
    variants = [
        (VARIANTS[0], exes["plain"], None, ()),
        (VARIANTS[1], exes["ruchy"], None, ()),
        (VARIANTS[2], exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace,
                                      "RUCHY_TRACE_SAMPLE": "1000"}, ()),
        (VARIANTS[3], exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace}, ()),
        (VARIANTS[4], exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace,
                                      "RUCHY_TRACE_FORMAT": "text",
                                      "RUCHY_TRACE_MODE": "stream"}, ()),
        (VARIANTS[5], exes["cyg"], None, ()),
        (VARIANTS[6], exes["xray"], {"XRAY_OPTIONS": "patch_premain=false"}, ()),
        (VARIANTS[7], exes["xray"], {"XRAY_OPTIONS": "patch_premain=true xray_mode=xray-fdr " + xlog}, ()),
        (VARIANTS[8], exes["xray"], {"XRAY_OPTIONS": "patch_premain=true xray_mode=xray-basic " + xlog}, ()),
        (VARIANTS[9], exes["pg"], None, ("uftrace", "record", "-d", uft)),
    ]
    samples = {name: [] for name, _, _, _ in variants}
    for _ in range(reps):  # interleaved: drift hits every variant alike
        for name, exe, env, prefix in variants:
            if prefix and not shutil.which(prefix[0]):
                continue
            calls = max(n // 10, 1000) if name in SLOW else n
            samples[name].append(ns_per_call(exe, workload, calls, env, 1, prefix))
            for f in os.listdir(tmp):  # peers' logs pile up otherwise
                if f.startswith("xray-"):
                    os.unlink(os.path.join(tmp, f))
            shutil.rmtree(uft, ignore_errors=True)
    return {name: statistics.median(v) for name, v in samples.items() if v}


def pin_one_cpu():
    """Runs this process and its children on one CPU. The two vCPUs of the machine the figures come from run the same
    binary 1.45x apart (1.18 against 1.71 ns per tiny call): a variant
    landing on the slow one more often showed a difference that was not
    there, and the ratios changed with which CPU the baseline got."""
    os.sched_setaffinity(0, {min(ALL_CPUS)})


def measure_threads(exes, n, reps, tmp):
    """Full tracing of the tiny function with 1 and 2 threads calling at
    once: the record path shares nothing, so the added cost per call should
    not grow with the thread count."""
    trace = os.path.join(tmp, "threads-trace.json")
    env = {"RUCHY_TRACE_OUTPUT": trace}
    out = {}
    pinned = os.sched_getaffinity(0)
    os.sched_setaffinity(0, ALL_CPUS)  # two threads need two CPUs
    for threads in (1, 2):
        plain, traced = [], []
        for _ in range(reps):
            plain.append(ns_per_call(exes["plain"], "tiny", n, None, threads))
            traced.append(ns_per_call(exes["ruchy"], "tiny", n, env, threads))
        out[threads] = statistics.median(traced) - statistics.median(plain)
    os.sched_setaffinity(0, pinned)
    return out


def measure_values(exes, n, reps, tmp):
    """Full tracing of a function taking a 24-byte struct by value, of one
    taking a string, and of one taking a string in a block malloc'ed just
    before (the heap keeps growing past what the runtime's cache of the
    mappings knows): the cost of capturing structured values, against the
    tiny function's scalar argument. The heap workload's own malloc and
    snprintf are in both columns."""
    trace = os.path.join(tmp, "values-trace.json")
    env = {"RUCHY_TRACE_OUTPUT": trace}
    out = {}
    for w in ("tiny", "struct", "string", "heap"):
        plain, traced = [], []
        for _ in range(reps):
            plain.append(ns_per_call(exes["plain"], w, n))
            traced.append(ns_per_call(exes["ruchy"], w, n, env))
        out[w] = (statistics.median(plain), statistics.median(traced))
    return out


def measure_follow(exes, n, reps, tmp):
    """Full tracing of a function taking a pointer to a 256-byte struct,
    under each RUCHY_TRACE_FOLLOW setting, interleaved: ns per call (the
    copy at record time and the ring space it takes)."""
    trace = os.path.join(tmp, "follow-trace.json")
    variants = (("uninstrumented", exes["plain"], None),
                ("off", exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace, "RUCHY_TRACE_FOLLOW": "off"}),
                ("default (32 bytes)", exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace}),
                ("64", exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace, "RUCHY_TRACE_FOLLOW": "64"}),
                ("all (256 bytes)", exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace, "RUCHY_TRACE_FOLLOW": "all"}))
    samples = {name: [] for name, _, _ in variants}
    for _ in range(reps):
        for name, exe, env in variants:
            samples[name].append(ns_per_call(exe, "pointer", n, env))
    return [(name, statistics.median(samples[name])) for name, _, _ in variants]


def report_follow(rows, n, reps):
    base = rows[0][1]
    dflt = dict(rows)["default (32 bytes)"] - base
    lines = ["RUCHY_TRACE_FOLLOW: full tracing of a function taking a pointer to a 256-byte "
             "struct, %d calls, median of %d interleaved runs:" % (n, reps), "",
             "| RUCHY_TRACE_FOLLOW | ns per call | added | added / default's |",
             "|---|---:|---:|---:|"]
    for name, ns in rows:
        added = ns - base
        lines.append("| %s | %.2f | %s | %s |" % (
            name, ns, "%.2f" % added if name != "uninstrumented" else "",
            "%.2fx" % (added / dflt) if name != "uninstrumented" else ""))
    return lines


def measure_programs(exes, reps, tmp, quick):
    """Whole workloads rather than one function: plain recursive fib(20)
    and a block compressor over 1 MiB, interleaved. ns per iteration; the
    figures to compare are the ratios."""
    trace = os.path.join(tmp, "prog-trace.json")
    variants = (("uninstrumented", exes["plain"], None),
                ("off", exes["ruchy"], None),
                ("1/1000", exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace,
                                           "RUCHY_TRACE_SAMPLE": "1000"}),
                ("full", exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace}))
    # fib only: the sampling check with no tracer behind it
    # (sampling_floor.c), never taken and taken every 1000 calls.
    floor = (("check alone, never taken", "2147483647"), ("check alone, 1/1000", "1000"))
    out = []
    for w, n in (("fib", 20 if quick else 200), ("compress", 2 if quick else 20)):
        samples = {name: [] for name, _, _ in variants}
        for _ in range(reps):
            for name, exe, env in variants:
                samples[name].append(ns_per_call(exe, w, n, env))
            for name, period in floor if w == "fib" else ():
                out_ = sh([exes["floor"], period, str(n)])
                samples.setdefault(name, []).append(float(out_.split()[-1]))
        out.append((w, {k: statistics.median(v) for k, v in samples.items()}))
    return out


WRITER_FORMATS = (("json", "json"), ("text", "txt"), ("chrome", "chrome.json"),
                  ("perfetto", "pftrace"))


def measure_writers(exes, n, reps, tmp):
    """Process wall time with a buffer holding every event, minus the same
    run's traced loop and the process start-up: what remains is the output
    (calibration, merge, formatting, write). The formats take turns in each
    repetition, so a noisy moment hits them alike."""
    exe = exes["ruchy"]
    events = 2 * n
    rates = {fmt: [] for fmt, _ in WRITER_FORMATS}
    for _ in range(reps):
        for fmt, ext in WRITER_FORMATS:
            path = os.path.join(tmp, "writer." + ext)
            env = {"RUCHY_TRACE_OUTPUT": path, "RUCHY_TRACE_FORMAT": fmt,
                   "RUCHY_TRACE_BUFFER": str(events + 16)}
            t0 = time.perf_counter()
            out = sh([exe, "tiny", str(n)], env=env)
            wall = time.perf_counter() - t0
            t1 = time.perf_counter()
            sh([exes["plain"], "tiny", "1"])
            startup = time.perf_counter() - t1
            loop = float(out.split()[1]) * n / 1e9
            write = max(wall - loop - startup, 1e-6)
            size = os.path.getsize(path)
            rates[fmt].append((size / write / 1e6, events / write / 1e6,
                               size / events))
    return [(fmt, statistics.median(r[0] for r in rates[fmt]),
             statistics.median(r[1] for r in rates[fmt]), rates[fmt][0][2])
            for fmt, _ in WRITER_FORMATS]


def measure_reader(exes, tmp, n):
    """ruchytrace report and validate over a large trace written by the
    runtime: MB of trace per second of wall time (reading the file from the
    page cache, parsing with simdjson, aggregating)."""
    tool = os.path.join(BUILD, "ruchytrace")
    if not os.path.exists(tool):
        return []
    out = []
    for fmt, ext in (("json", "json"), ("ndjson", "ndjson")):
        path = os.path.join(tmp, "reader." + ext)
        sh([exes["ruchy"], "tiny", str(n)],
           env={"RUCHY_TRACE_OUTPUT": path, "RUCHY_TRACE_BUFFER": str(2 * n + 64)})
        size = os.path.getsize(path)
        for cmd in ("report", "validate"):
            best = None
            for _ in range(3):
                t0 = time.perf_counter()
                sh([tool, cmd, path])
                dt = time.perf_counter() - t0
                best = dt if best is None else min(best, dt)
            out.append((cmd, fmt, size, size / best / 1e6))
        os.unlink(path)
    return out


def large_tu(path, functions=1500):
    """A synthetic translation unit of ~25k lines: many medium functions
    with structs, loops and calls, to time the pass at -O2 -g."""
    with open(path, "w") as f:
        f.write("struct rec { long id; double w[4]; const char *name; };\n")
        for i in range(functions):
            f.write("""
long work%d(struct rec r, long n, const char *tag) {
  long acc = r.id + %d;
  for (long k = 0; k < n; ++k) {
    acc += (long)(r.w[k & 3] * k) ^ (acc >> 3);
    if (tag && tag[0] == 'x')
      acc -= k;
  }
  return acc + (n > 1 ? work%d(r, n - 1, tag) : 0);
}
""" % (i, i, max(i - 1, 0)))


def measure_compile(tmp, reps, functions):
    src = os.path.join(tmp, "large_tu.c")
    large_tu(src, functions)
    plugin = os.path.join(BUILD, "RuchyTrace.so")
    times = {}
    for name, extra in (("without", []), ("with", ["-fpass-plugin=" + plugin])):
        runs = []
        for _ in range(reps):
            t0 = time.perf_counter()
            sh([CLANG, "-O2", "-g", "-c", src, "-o", os.path.join(tmp, "tu.o")] + extra)
            runs.append(time.perf_counter() - t0)
        times[name] = statistics.median(runs)
    lines = sum(1 for _ in open(src))
    return lines, times["without"], times["with"]


def peak_rss_kb(cmd, env=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, env=full_env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1])


def measure_memory(exes, tmp, n):
    trace = os.path.join(tmp, "mem-trace.json")
    cmd = [exes["ruchy"], "tiny", str(n)]
    return [
        ("uninstrumented", peak_rss_kb([exes["plain"], "tiny", str(n)])),
        ("ruchytrace off", peak_rss_kb(cmd)),
        ("ruchytrace full, ring (10000 events)", peak_rss_kb(cmd, {"RUCHY_TRACE_OUTPUT": trace})),
        ("ruchytrace full, stream", peak_rss_kb(cmd, {"RUCHY_TRACE_OUTPUT": trace,
                                                       "RUCHY_TRACE_FORMAT": "text",
                                                       "RUCHY_TRACE_MODE": "stream"})),
    ]


def plot(results, sizes, path):
    """overhead.png: ratio to uninstrumented per tool and function size,
    drawn with Debian's matplotlib (/usr/bin/python3) when it is there."""
    import json as _json
    data = {w: results[w] for w, _ in sizes}
    script = """
import json, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
data = json.loads(sys.argv[1]); out = sys.argv[2]
sizes = ["tiny", "medium", "large"]
tools = [t for t in data["tiny"] if t != "uninstrumented" and all(t in data[s] for s in sizes)]
fig, ax = plt.subplots(figsize=(11, 5.5))
w = 0.8 / len(tools)
for i, t in enumerate(tools):
    ax.bar([x + i * w for x in range(3)], [data[s][t] / data[s]["uninstrumented"] for s in sizes], w, label=t)
ax.set_yscale("log"); ax.axhline(1.0, color="black", linewidth=0.8)
ax.set_xticks([x + 0.4 - w / 2 for x in range(3)]); ax.set_xticklabels(["tiny (1 line)", "medium (~20 lines)", "large (~100 lines)"])
ax.set_ylabel("time / uninstrumented (log)"); ax.set_title("Overhead by function size (lower is better)")
ax.legend(fontsize=8, ncol=2); fig.tight_layout(); fig.savefig(out, dpi=110)
"""
    if not os.path.exists("/usr/bin/python3"):
        return False
    r = subprocess.run(["/usr/bin/python3", "-c", script, _json.dumps(data), path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return r.returncode == 0


def machine():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%s, %d cores, Linux %s" % (model, os.cpu_count(), platform.release())


def timed(what, f):
    """f(), saying on stderr how long it took (the suite's budget)."""
    t0 = time.perf_counter()
    r = f()
    print("bench: %s took %.0fs" % (what, time.perf_counter() - t0), file=sys.stderr)
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="fewer calls and repetitions: checks that it all still works")
    ap.add_argument("--no-record", action="store_true", help="do not append to bench/RESULTS.md")
    args = ap.parse_args()
    # --quick (the test suite's run) checks that every part still works;
    # its figures are not judged, so it measures a tenth as much again.
    scale = 100 if args.quick else 1
    sizes = [("tiny", 20_000_000 // scale), ("medium", 5_000_000 // scale),
             ("large", 500_000 // scale)]
    reps = 1 if args.quick else 7
    wn = 50_000 if args.quick else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        exes = build(tmp)
        pin_one_cpu()
        results = timed("overhead", lambda: {w: measure_overhead(exes, w, n, reps, tmp)
                                             for w, n in sizes})
        thr = timed("threads", lambda: measure_threads(exes, sizes[0][1] // 2, reps, tmp))
        vals = timed("values", lambda: measure_values(exes, sizes[0][1] // 4, reps, tmp))
        progs = timed("programs", lambda: measure_programs(exes, reps, tmp, args.quick))
        follow_n = sizes[0][1] // 4
        follow = timed("follow", lambda: measure_follow(exes, follow_n, reps, tmp))
        writers = timed("writers", lambda: measure_writers(exes, wn, 3, tmp))
        reader = timed("reader", lambda: measure_reader(
            exes, tmp, 200_000 if args.quick else 4_000_000))
        compile_cost = timed("compile", lambda: measure_compile(
            tmp, 1 if args.quick else 3, 150 if args.quick else 1500))
        memory = timed("memory", lambda: measure_memory(exes, tmp, sizes[0][1]))
        start_runs = 30 if args.quick else 300
        start_rows = timed("start-up", lambda: startup.measure(CLANG, CFG, tmp, start_runs))
        # A real code base takes minutes to fetch and build: full runs only
        # (the suite's --quick run checks that the rest still works).
        sqlite = None if args.quick else realcode.measure(
            CLANG, CFG, os.path.join(BUILD, "bench-src"), tmp, reps)
        lua = None if args.quick else interp.measure(
            CLANG, CFG, os.path.join(BUILD, "bench-src"), tmp)
    lines = []
    lines.append("Median of %d interleaved runs; ns per call of a noinline function called "
                 "in a loop (tiny %d, medium %d, large %d calls); ratio to uninstrumented."
                 % (reps, sizes[0][1], sizes[1][1], sizes[2][1]))
    lines.append("")
    lines.append("| variant | tiny ns | tiny ratio | medium ns | medium ratio | large ns | large ratio |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for name in VARIANTS:
        if any(name not in results[w] for w, _ in sizes):
            continue
        cells = []
        for w, _ in sizes:
            v, base = results[w][name], results[w][VARIANTS[0]]
            cells.append("%.2f | %.3fx" % (v, v / base))
        lines.append("| %s%s | %s |" % (name, " (1/10 of the calls)" if name in SLOW else "",
                                        " | ".join(cells)))
    tiny = results["tiny"]
    added = tiny[VARIANTS[3]] - tiny[VARIANTS[0]]
    lines.append("")
    lines.append("Full tracing, tiny function: %.2f ns added per traced call (enter + exit, one "
                 "integer argument and return value), %.2f ns per event; record size 32 bytes "
                 "per event (64 per call)." % (added, added / 2))
    stream_added = tiny[VARIANTS[4]] - tiny[VARIANTS[0]]
    lines.append("Streaming mode (spilled to disk, nothing dropped; text output): %.2f ns added "
                 "per call, %.2fx the ring's." % (stream_added, stream_added / added))
    lines.append("Threads: %.2f ns added per traced call with 1 thread, %.2f with 2 threads "
                 "calling at once (%.2fx)." % (thr[1], thr[2], thr[2] / thr[1]))
    lines.append("")
    lines.append("Structured values, full tracing (ns per call, added over uninstrumented):")
    lines.append("")
    lines.append("| argument | uninstrumented | traced | added |")
    lines.append("|---|---:|---:|---:|")
    names = {"tiny": "one long (payload)", "struct": "struct of 3 doubles by value (24-byte image)",
             "string": "const char * (followed, 6-25 bytes)",
             "heap": "const char * to a block malloc'ed just before (heap growing)"}
    for w in ("tiny", "struct", "string", "heap"):
        p, t = vals[w]
        lines.append("| %s | %.2f | %.2f | %.2f |" % (names[w], p, t, t - p))
    lines.append("")
    lines += report_follow(follow, follow_n, reps)
    lines.append("")
    lines.append("Whole workloads (ms per iteration; ratio to uninstrumented):")
    lines.append("")
    lines.append("| workload | uninstrumented | off | 1/1000 | full tracing |")
    lines.append("|---|---:|---:|---:|---:|")
    descr = {"fib": "plain recursive fib(20), 21891 calls in the source",
             "compress": "RLE + adler32 of 1 MiB in 4 KiB blocks, 513 calls"}
    for w, row in progs:
        base = row["uninstrumented"]
        lines.append("| %s | %.3f | %s |" % (descr[w], base / 1e6, " | ".join(
            "%.3f (%.3fx)" % (row[k] / 1e6, row[k] / base) for k in ("off", "1/1000", "full"))))
    fib = dict(progs)["fib"]
    lines.append("")
    lines.append("The sampling check alone on fib, no tracer (bench/sampling_floor.c): %.3fx "
                 "when its branch is taken every 1000 calls against never. That is this "
                 "CPU's floor for 1/1000 on fib; the traced build's 1/1000 over its off "
                 "is %.3fx." % (fib["check alone, 1/1000"] / fib["check alone, never taken"],
                                fib["1/1000"] / fib["off"]))
    lines.append("")
    if not args.quick:
        lines += realcode.report(sqlite, reps)
        lines.append("")
        lines += interp.report(lua)
    lines.append("")
    lines.append("Writers (%d events, whole output path: merge, format, write):" % (2 * wn))
    lines.append("")
    lines.append("| format | MB/s | Mevents/s | bytes/event |")
    lines.append("|---|---:|---:|---:|")
    for fmt, mbs, mev, bpe in writers:
        lines.append("| %s | %.0f | %.1f | %.0f |" % (fmt, mbs, mev, bpe))
    lines.append("")
    tu_lines, t_without, t_with = compile_cost
    lines.append("Compile time of a %d-line translation unit at -O2 -g: %.2f s without the "
                 "plugin, %.2f s with it (%.2fx)." % (tu_lines, t_without, t_with,
                                                      t_with / t_without))
    lines.append("")
    lines.append("Peak memory (maximum resident set, tiny workload):")
    lines.append("")
    lines.append("| run | peak RSS KiB |")
    lines.append("|---|---:|")
    for name, kb in memory:
        lines.append("| %s | %d |" % (name, kb))
    lines.append("")
    lines += startup.report(start_rows, start_runs)
    if reader:
        lines.append("")
        lines.append("The ruchytrace tool (simdjson On-Demand), best of 3, file in the page cache:")
        lines.append("")
        lines.append("| command | input | trace MB | MB/s |")
        lines.append("|---|---|---:|---:|")
        for cmd, fmt, size, mbs in reader:
            lines.append("| %s | %s | %.0f | %.0f |" % (cmd, fmt, size / 1e6, mbs))
    text = "\n".join(lines)
    print(text)
    if not args.no_record:
        if plot(results, sizes, os.path.join(HERE, "overhead.png")):
            text += "\n\nPlot: bench/overhead.png (ratio to uninstrumented, log scale).\n"
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write("\n## %s%s\n\nMachine: %s. Compiler: clang-%s -O2.\n\n%s\n" % (
                stamp, " (quick)" if args.quick else "", machine(), LLVM_MAJOR, text))
        print("\nrecorded in bench/RESULTS.md")


if __name__ == "__main__":
    sys.exit(main())
