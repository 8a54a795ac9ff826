#!/usr/bin/env python3
"""A real interpreter for bench/run.py (issue 15): Lua 5.4 from Debian's
source package, recording a whole run against uftrace in the same run.

The `lua` binary is compiled from the package's src/*.c by the build's
clang three ways, all -O2 -g: uninstrumented, with RuchyTrace
(ruchytrace.cfg) and with -pg for uftrace. A recursive Lua fib (fib(27):
635,621 interpreted calls) runs under each tracer, interleaved, on one CPU
(as bench/run.py: this machine's two vCPUs differ in speed). Times are
the wall time of the whole process (with uftrace: uftrace and the program
together), median with min-max; the CPU time (user + system of the
process and its children) is shown beside it. Trace size is the file
written, or du of uftrace's data directory; events and dropped come from
the trace's stats (RuchyTrace) or `uftrace report` (2 per call).

RuchyTrace's stream mode is measured in each format of --formats; a format
the runtime does not write yet (.rtrace before issue 15 lands) is detected
on a tiny run and left out of the table, with a note. A variant whose first
run takes longer than --slow seconds runs --slow-reps times only (the text
formats write gigabytes: their figures are thousands of times the
others', a second run is enough to see the noise), still interleaved with
the others. 3.3 minutes on the 2-core VM at load 6, sources and the
untraced builds cached (about 2 of them the two text formats).

Also here, kept apart: start-up plus exit of a trivial traced process
(tracing on, off, uninstrumented), and the text output's line lengths on a
small run (the readability figure).

    python3 bench/interp.py [--n 27] [--reps 5] [--formats ndjson,json,rtrace]
                            [--note TEXT] [--no-record]
"""
import argparse
import datetime
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import realcode

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

FIB_LUA = """local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(tonumber(arg[1])))
"""
# Start-up and exit: one traced function, nothing else to do.
TRIVIAL_C = """static int __attribute__((noinline)) work(int x) { return x + 1; }
int main(int argc, char **argv) { (void)argv; return work(argc) - argc - 1; }
"""
# RUCHY_TRACE_FORMAT -> the output's extension; binary formats must not
# start like JSON or text (how a runtime without them is recognised: it
# warns about the format and writes JSON, the default for an unknown
# extension).
EXT = {"json": "json", "ndjson": "ndjson", "text": "txt", "chrome": "json",
       "rtrace": "rtrace", "perfetto": "pftrace"}
BINARY = {"rtrace", "perfetto"}
LUA_FLAGS = ["-O2", "-g", "-DLUA_COMPAT_5_3", "-DLUA_USE_LINUX"]


def _env(extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUCHY_TRACE")}
    env.update(extra or {})
    return env


def fetch(work):
    """Lua's src/ from Debian's lua5.4 (with Debian's patches), copied to
    work/lua once; returns that directory or None."""
    out = os.path.join(work, "lua")
    done = os.path.join(out, ".complete")
    if os.path.exists(done):
        return out
    try:
        top = realcode.apt_source(work, "lua5.4")
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(os.path.join(top, "src"), out)
    except (subprocess.CalledProcessError, OSError, StopIteration):
        return None
    # debian/rules writes this header (the multiarch library directory)
    # before building; luaconf.h includes it.
    arch = subprocess.run(["gcc", "-print-multiarch"], text=True,
                          stdout=subprocess.PIPE).stdout.strip() or "x86_64-linux-gnu"
    with open(os.path.join(out, "lua5.4-deb-multiarch.h"), "w") as f:
        f.write('#ifndef _LUA_DEB_MULTIARCH_\n#define _LUA_DEB_MULTIARCH_\n'
                '#define DEB_HOST_MULTIARCH "%s"\n#endif\n' % arch)
    open(done, "w").close()
    return out


def build(clang, cfg, src, work):
    """The three lua binaries, in work/lua-bin. The uninstrumented and -pg
    ones are kept while the compiler and its command are the same (a
    stamp); the traced one is rebuilt every time, the pass may have
    changed. Compiling is not what is measured: nice."""
    sources = sorted(os.path.join(src, f) for f in os.listdir(src)
                     if f.endswith(".c") and f != "luac.c")
    bin_dir = os.path.join(work, "lua-bin")
    os.makedirs(bin_dir, exist_ok=True)
    exes = {}
    for name, extra in (("plain", []), ("ruchy", ["--config=" + cfg]), ("pg", ["-pg"])):
        exe = exes[name] = os.path.join(bin_dir, "lua-" + name)
        cmd = [clang] + extra + LUA_FLAGS + sources + ["-o", exe, "-lm", "-ldl"]
        stamp = "%s %s\n" % (os.stat(os.path.realpath(clang)).st_mtime, " ".join(cmd))
        stamp_path = exe + ".stamp"
        if name != "ruchy" and os.path.exists(exe) and os.path.exists(stamp_path) \
                and open(stamp_path).read() == stamp:
            continue
        r = subprocess.run(["nice", "-n", "10"] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, errors="replace")
        if r.returncode != 0:
            raise RuntimeError("building lua-%s failed: %s" % (name, r.stderr[-2000:]))
        with open(stamp_path, "w") as f:
            f.write(stamp)
    return exes


def timed(cmd, env=None):
    """(wall s, CPU s of the process and its children, stderr)."""
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=_env(env), stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, errors="replace")
    wall = time.perf_counter() - t0
    a = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (cmd[0], r.returncode, r.stderr[-500:]))
    return wall, a.ru_utime - b.ru_utime + a.ru_stime - b.ru_stime, r.stderr


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def ruchy_stats(tool, path):
    """(events kept, dropped) of a RuchyTrace trace: the stats at the end of
    JSON and NDJSON, or `ruchytrace validate` for other formats."""
    with open(path, "rb") as f:
        f.seek(max(os.path.getsize(path) - 4096, 0))
        tail = f.read().decode("utf-8", "replace")
    m = re.search(r'"total_events":\s*(\d+),\s*"dropped_events":\s*(\d+)', tail)
    if m:
        return int(m.group(1)), int(m.group(2))
    r = subprocess.run([tool, "validate", path], text=True, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    m = re.search(r"(\d+) events.*?(\d+) dropped", r.stdout)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def uftrace_events(data):
    """Entry and exit records of a uftrace.data: 2 per call `uftrace report`
    counts (the kernel's scheduling entries left out)."""
    r = subprocess.run(["uftrace", "report", "-d", data], text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    calls = 0
    for line in r.stdout.splitlines():
        # "  1.708  s   41.280 ms   635639  luaD_precall": units are padded
        m = re.match(r"\s*[\d.]+\s+[a-z]+\s+[\d.]+\s+[a-z]+\s+(\d+)\s+(\S+)", line)
        if m and not m.group(2).startswith("linux:"):
            calls += int(m.group(1))
    return 2 * calls if calls else None


def supported(exe, script, fmt, tmp):
    """Whether the runtime writes FMT: a tiny run with RUCHY_TRACE_FORMAT
    and the matching extension, no complaint, and for a binary format a
    file that does not start like JSON or text."""
    out = os.path.join(tmp, "probe." + EXT[fmt])
    r = subprocess.run([exe, script, "5"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, env=_env({"RUCHY_TRACE_OUTPUT": out, "RUCHY_TRACE_FORMAT": fmt,
                                            "RUCHY_TRACE_MODE": "stream"}))
    ok = r.returncode == 0 and "RUCHY_TRACE_FORMAT" not in r.stderr and os.path.exists(out)
    if ok and fmt in BINARY:
        with open(out, "rb") as f:
            ok = f.read(1) not in (b"{", b"[", b"")
    if os.path.exists(out):
        os.unlink(out)
    return ok


def variants(exes, script, n, tmp, formats):
    """(name, command, environment, output to size, kind of stats)."""
    uft = os.path.join(tmp, "uftrace.data")
    run = [script, str(n)]
    out = [("uninstrumented", [exes["plain"]] + run, None, None, None),
           ("RuchyTrace off", [exes["ruchy"]] + run, None, None, None)]
    if shutil.which("uftrace"):  # bash bench/run.sh installs it
        out += [("uftrace record", ["uftrace", "record", "-d", uft, exes["pg"]] + run, None,
                 uft, "uftrace"),
                ("uftrace record -a", ["uftrace", "record", "-a", "-d", uft, exes["pg"]] + run,
                 None, uft, "uftrace")]
    for fmt in formats:
        path = os.path.join(tmp, "stream." + EXT[fmt])
        out.append(("RuchyTrace stream, %s" % (".rtrace" if fmt == "rtrace" else fmt.upper()),
                    [exes["ruchy"]] + run, {"RUCHY_TRACE_MODE": "stream",
                                            "RUCHY_TRACE_FORMAT": fmt,
                                            "RUCHY_TRACE_OUTPUT": path}, path, "ruchy"))
    ring = os.path.join(tmp, "ring.json")
    out.append(("RuchyTrace ring (default: 10000 events, JSON)", [exes["ruchy"]] + run,
                {"RUCHY_TRACE_OUTPUT": ring}, ring, "ruchy"))
    return out


def measure_run(exes, script, n, tmp, tool, formats, reps, slow_reps, slow_s):
    rows = variants(exes, script, n, tmp, formats)
    wall = {r[0]: [] for r in rows}
    cpu = {r[0]: [] for r in rows}
    info = {}
    conv = {}
    for rep in range(reps):  # interleaved: drift hits every variant alike
        for name, cmd, env, path, kind in rows:
            if len(wall[name]) >= (slow_reps if wall[name] and wall[name][0] > slow_s else reps):
                continue
            w, c, _ = timed(cmd, env)
            wall[name].append(w)
            cpu[name].append(c)
            if name not in info:  # the trace is the same every time: read it once
                size = events = dropped = None
                if path:
                    size = du(path)
                    if kind == "uftrace":
                        events, dropped = uftrace_events(path), 0
                    else:
                        events, dropped = ruchy_stats(tool, path)
                    if path.endswith(".rtrace"):
                        conv[name] = convert_speed(tool, path)
                info[name] = (size, events, dropped)
            if path:
                shutil.rmtree(path) if os.path.isdir(path) else os.unlink(path)
    return ([(name, wall[name], cpu[name]) + info[name] for name, _, _, _, _ in rows],
            conv)


def convert_speed(tool, path):
    """(seconds, bytes of JSON written) of `ruchytrace convert --to json` of
    a .rtrace file: the formatting moved out of the traced process."""
    out = path + ".json"
    t0 = time.perf_counter()
    subprocess.run([tool, "convert", "--to", "json", path, "-o", out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.perf_counter() - t0
    size = os.path.getsize(out)
    os.unlink(out)
    return t, size


def line_lengths(exe, script, n, tmp):
    """Text output of fib(n), stream mode (every event): (lines, median,
    99th percentile and longest line length, the longest line)."""
    path = os.path.join(tmp, "small.txt")
    timed([exe, script, str(n)], {"RUCHY_TRACE_OUTPUT": path, "RUCHY_TRACE_MODE": "stream"})
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    os.unlink(path)
    lens = sorted(len(l) for l in lines)
    longest = max(lines, key=len)
    return len(lines), lens[len(lens) // 2], lens[len(lens) * 99 // 100], lens[-1], longest


def measure_startup(clang, cfg, tmp, runs):
    """Start-up plus exit of a trivial program, `runs` times each,
    interleaved: uninstrumented, traced build with tracing off, on (ring),
    on (stream). Wall ms per process; the fork and exec from Python are in
    every row, so the differences are what counts."""
    src = os.path.join(tmp, "trivial.c")
    with open(src, "w") as f:
        f.write(TRIVIAL_C)
    plain, traced = os.path.join(tmp, "trivial-plain"), os.path.join(tmp, "trivial-ruchy")
    subprocess.run([clang, "-O2", "-g", src, "-o", plain], check=True)
    subprocess.run([clang, "--config=" + cfg, "-O2", "-g", src, "-o", traced], check=True)
    out = os.path.join(tmp, "start.json")
    rows = [("uninstrumented", plain, None), ("RuchyTrace off", traced, None),
            ("RuchyTrace on (ring)", traced, {"RUCHY_TRACE_OUTPUT": out}),
            ("RuchyTrace on (stream)", traced, {"RUCHY_TRACE_OUTPUT": out,
                                                "RUCHY_TRACE_MODE": "stream"})]
    ms = {name: [] for name, _, _ in rows}
    for _ in range(runs):
        for name, exe, env in rows:
            ms[name].append(timed([exe], env)[0] * 1e3)
    return [(name, statistics.median(ms[name]), min(ms[name])) for name, _, _ in rows]


def fib_calls(n):
    a, b = 0, 1  # calls(n) = 2 fib(n + 1) - 1
    for _ in range(n + 1):
        a, b = b, a + b
    return 2 * a - 1


def measure(clang, cfg, work, tmp, reps=5, n=27, formats=("ndjson", "json", "rtrace"),
            slow_reps=2, slow_s=5.0, small_n=15, startup_runs=200):
    """Everything above; None when the sources cannot be had."""
    src = fetch(work)
    if not src:
        return None
    tool = os.path.join(os.path.dirname(cfg), "ruchytrace")
    exes = build(clang, cfg, src, work)
    script = os.path.join(tmp, "fib.lua")
    with open(script, "w") as f:
        f.write(FIB_LUA)
    have = [f for f in formats if supported(exes["ruchy"], script, f, tmp)]
    runs, conv = measure_run(exes, script, n, tmp, tool, have, reps, slow_reps, slow_s)
    return {"n": n, "reps": reps, "slow_reps": slow_reps, "slow_s": slow_s,
            "missing": [f for f in formats if f not in have],
            "runs": runs, "convert": conv,
            "small_n": small_n, "lines": line_lengths(exes["ruchy"], script, small_n, tmp),
            "startup": measure_startup(clang, cfg, tmp, startup_runs),
            "startup_runs": startup_runs}


def _size(b):
    if b is None:
        return "-"
    return "%.1f GB" % (b / 1e9) if b >= 1e9 else "%.1f MB" % (b / 1e6)


def report(r):
    if not r:
        return ["Lua: sources not available (deb-src), skipped."]
    n = r["n"]
    lines = ["Lua 5.4.4 (Debian's lua5.4 source package), clang -O2 -g, running recursive "
             "fib(%d) in Lua (%d interpreted calls). Wall seconds of the whole process "
             "(uftrace and the program together), median of %d interleaved runs on one CPU "
             "(min-max); variants slower than %.0f s on their first run: %d runs. CPU = user + "
             "system seconds, median. Size: the trace file, or du of uftrace.data."
             % (n, fib_calls(n), r["reps"], r["slow_s"], r["slow_reps"]), "",
             "| run | wall s (min-max) | ratio | CPU s | trace size | events | dropped "
             "| bytes/event |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    base = statistics.median(r["runs"][0][1])
    for name, wall, cpu, size, events, dropped in r["runs"]:
        w = statistics.median(wall)
        lines.append("| %s | %.3f (%.3f-%.3f) | %.1fx | %.3f | %s | %s | %s | %s |" % (
            name + ("" if len(wall) == r["reps"] else " (%d runs)" % len(wall)), w, min(wall),
            max(wall), w / base, statistics.median(cpu), _size(size),
            "-" if events is None else "{:,}".format(events),
            "-" if dropped is None else "{:,}".format(dropped),
            "%.0f" % (size / events) if size and events else "-"))
    lines += ["", "Events are entries plus exits. RuchyTrace instruments before inlining (Lua's "
              "prepCallInfo, inlined into luaD_precall at -O2, is recorded: 2 C calls per Lua "
              "call), -pg after it (1 per Lua call, plus the libc calls uftrace hooks)."]
    for name, (t, size) in sorted(r.get("convert", {}).items()):
        lines += ["", "`ruchytrace convert --to json` of the %s file: %.2f s, %s of JSON "
                  "written (%.2f GB/s)." % (name.split(", ")[-1], t, _size(size),
                                            size / t / 1e9)]
    if r["missing"]:
        lines += ["", "Not written by this runtime yet (left out): %s." % ", ".join(
            "." + f if f in BINARY else f for f in r["missing"])]
    count, med, p99, longest, _ = r["lines"]
    lines += ["", "Readability: the text output of fib(%d) (stream mode, every event) has %d "
              "lines; length median %d, 99th percentile %d, longest %d characters."
              % (r["small_n"], count, med, p99, longest), "",
              "Start-up plus exit of a trivial traced program (one traced call), wall ms per "
              "process (Python's fork and exec included), median and minimum of %d "
              "interleaved runs; added = over uninstrumented (the minima are the steadier "
              "on a loaded machine):" % r["startup_runs"], "",
              "| run | median ms | min ms | added ms, median | added ms, min |",
              "|---|---:|---:|---:|---:|"]
    base, base_min = r["startup"][0][1], r["startup"][0][2]
    for name, med_ms, min_ms in r["startup"]:
        lines.append("| %s | %.2f | %.2f | %.2f | %.2f |" % (name, med_ms, min_ms,
                                                           med_ms - base, min_ms - base_min))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=27, help="fib(N) in Lua (default 27)")
    ap.add_argument("--reps", type=int, default=5, help="interleaved runs (default 5)")
    ap.add_argument("--slow-reps", type=int, default=2,
                    help="runs of variants slower than --slow seconds (default 2)")
    ap.add_argument("--slow", type=float, default=5.0, help="see --slow-reps (default 5)")
    ap.add_argument("--formats", default="ndjson,json,rtrace",
                    help="stream-mode formats to measure, those the runtime writes "
                         "(default ndjson,json,rtrace)")
    ap.add_argument("--note", default="", help="added to the RESULTS.md heading")
    ap.add_argument("--no-record", action="store_true", help="do not append to bench/RESULTS.md")
    args = ap.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    bad = [f for f in formats if f not in EXT]
    if bad:
        ap.error("unknown format %s (known: %s)" % (", ".join(bad), ", ".join(EXT)))
    import run  # the build's clang and configuration, the machine line
    with tempfile.TemporaryDirectory() as tmp:
        run.pin_one_cpu()
        r = measure(run.CLANG, run.CFG, os.path.join(run.BUILD, "bench-src"), tmp,
                    args.reps, args.n, formats, args.slow_reps, args.slow)
    text = "\n".join(report(r))
    print(text)
    if not args.no_record and r:
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write("\n## %s: a real interpreter (bench/interp.py)%s\n\nMachine: %s. "
                    "Compiler: clang-%s.\n\n%s\n" % (stamp, " " + args.note if args.note else "",
                                                     run.machine(), run.LLVM_MAJOR, text))
        print("\nrecorded in bench/RESULTS.md")


if __name__ == "__main__":
    sys.exit(main())
