"""A real code base for bench/run.py: SQLite from Debian's source package.

The amalgamation (sqlite3.c, 250k lines) is compiled at -O2 -g without and
with the plugin (compile time, code size), and its own benchmark,
test/speedtest1.c, runs uninstrumented, traced-off and sampled 1/1000,
interleaved, on an in-memory database (--memdb: with a file, system calls
took half its time and their variance hid differences of a few percent;
CPU time of the whole process)."""
import os
import resource
import shutil
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _run(cmd, cwd=None, env=None):
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def apt_source(work, package):
    """`apt-get source PACKAGE` through a private deb-src list (the
    machine's apt configuration is untouched), unpacked into a fresh
    work/src-PACKAGE; returns the unpacked tree's top directory. Raises
    CalledProcessError, OSError or StopIteration when it cannot."""
    apt = os.path.join(work, "apt")
    os.makedirs(os.path.join(apt, "lists", "partial"), exist_ok=True)
    with open(os.path.join(apt, "sources.list"), "w") as f:
        f.write("deb-src http://deb.debian.org/debian bookworm main\n")
    opts = ["-o", "Dir::Etc::SourceList=%s/sources.list" % apt,
            "-o", "Dir::Etc::SourceParts=/dev/null",
            "-o", "Dir::State::Lists=%s/lists" % apt, "-o", "Dir::Cache::archives=%s" % apt]
    src = os.path.join(work, "src-" + package)
    _run(["apt-get", "update", "-qq"] + opts)
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(src)
    _run(["apt-get", "source", "-qq"] + opts + [package], cwd=src)
    return next(os.path.join(src, d) for d in os.listdir(src)
                if os.path.isdir(os.path.join(src, d)))


def fetch(work):
    """Returns the directory with sqlite3.c, shell.c and speedtest1.c
    (made once from Debian's source package), or None."""
    done = os.path.join(work, "sqlite", ".complete")
    out = os.path.join(work, "sqlite")
    if os.path.exists(done):
        return out
    try:
        if not shutil.which("tclsh"):
            _run(["apt-get", "install", "-y", "-qq", "tcl"])
        top = apt_source(work, "sqlite3")
        bld = os.path.join(top, "bld")
        os.makedirs(bld)
        _run(["../configure", "CC=gcc"], cwd=bld)
        _run(["make", "sqlite3.c"], cwd=bld)
    except (subprocess.CalledProcessError, OSError, StopIteration):
        return None
    os.makedirs(out, exist_ok=True)
    for f in ("sqlite3.c", "sqlite3.h"):
        shutil.copy(os.path.join(bld, f), out)
    shutil.copy(os.path.join(top, "test", "speedtest1.c"), out)
    open(done, "w").close()
    return out


def _sections(obj):
    """Bytes of executable code: .text (hot) and .text.unlikely (where the
    traced copies go), and `size`'s text column (code, read-only data,
    unwind tables)."""
    out = subprocess.run(["size", "-A", obj], check=True, text=True,
                         stdout=subprocess.PIPE).stdout
    hot = cold = 0
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".text"):
            if parts[0].startswith(".text.unlikely"):
                cold += int(parts[1])
            else:
                hot += int(parts[1])
    berk = subprocess.run(["size", obj], check=True, text=True,
                          stdout=subprocess.PIPE).stdout.splitlines()[1].split()
    return hot, cold, int(berk[0])


def measure(clang, cfg, work, tmp, reps):
    src = fetch(work)
    if not src:
        return None
    variants = [("uninstrumented", [clang, "-g"]),
                ("traced (default: split up to 50 IR instructions)", [clang, "--config=" + cfg]),
                ("traced, every function split",
                 [clang, "--config=" + cfg, "-mllvm", "-ruchy-trace-split-max=4294967295"]),
                ("traced, two-branch entry checks",
                 [clang, "--config=" + cfg, "-mllvm", "-ruchy-trace-entry-gate=false"])]
    compile_s = {name: [] for name, _ in variants}
    objs = {}
    for _ in range(2):  # interleaved
        for name, cc in variants:
            obj = os.path.join(tmp, "sqlite3-%d.o" % len(objs))
            obj = objs.setdefault(name, obj)
            t0 = time.perf_counter()
            _run(cc + ["-O2", "-c", os.path.join(src, "sqlite3.c"), "-o", obj])
            compile_s[name].append(time.perf_counter() - t0)
    size = {name: _sections(objs[name]) for name, _ in variants}
    exes = {}
    for name, cc in variants[:2] + variants[3:]:
        exe = os.path.join(tmp, "speedtest1-%d" % len(exes))
        _run(cc + ["-O2", "-I", src, os.path.join(src, "speedtest1.c"), objs[name],
                   "-o", exe, "-lm", "-lpthread"])
        exes[name] = exe
    db = os.path.join(tmp, "speed.db")
    args = ["--size", "40", "--memdb", db]
    traced = exes[variants[1][0]]
    runs = [("uninstrumented", exes["uninstrumented"], {}),
            ("off", traced, {}),
            ("off, two-branch entry checks", exes[variants[3][0]], {}),
            ("1/1000", traced, {"RUCHY_TRACE_SAMPLE": "1000",
                                "RUCHY_TRACE_OUTPUT": os.path.join(tmp, "sq.json")})]
    cpu = {name: [] for name, _, _ in runs}
    for _ in range(reps):
        for name, exe, extra in runs:
            env = {k: v for k, v in os.environ.items() if not k.startswith("RUCHY_TRACE")}
            env.update(extra)
            if os.path.exists(db):
                os.unlink(db)
            b = resource.getrusage(resource.RUSAGE_CHILDREN)
            _run([exe] + args, env=env)
            a = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(a.ru_utime - b.ru_utime + a.ru_stime - b.ru_stime)
    return {"compile": {k: statistics.median(v) for k, v in compile_s.items()},
            "size": size, "cpu": {k: statistics.median(v) for k, v in cpu.items()},
            "spread": {k: (min(v), max(v)) for k, v in cpu.items()}}


def report(r, reps):
    if not r:
        return ["SQLite: sources not available (deb-src), skipped."]
    base_c = r["compile"]["uninstrumented"]
    bh, bc, bt = r["size"]["uninstrumented"]
    lines = ["SQLite 3.40.1 amalgamation (Debian source), -O2 -g:", "",
             "| build | compile s | ratio | .text | .text.unlikely | code ratio | size(1) text ratio |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, c in r["compile"].items():
        h, cold, t = r["size"][name]
        lines.append("| %s | %.1f | %.2fx | %d | %d | %.2fx | %.2fx |" % (
            name, c, c / base_c, h, cold, (h + cold) / (bh + bc), t / bt))
    base = r["cpu"]["uninstrumented"]
    lines += ["", "speedtest1 (its own benchmark), CPU seconds, median of %d interleaved "
              "runs (min-max):" % reps, "",
              "| run | s | ratio |", "|---|---:|---:|"]
    for name, v in r["cpu"].items():
        lo, hi = r["spread"][name]
        lines.append("| %s | %.3f (%.3f-%.3f) | %.3fx |" % (name, v, lo, hi, v / base))
    return lines
