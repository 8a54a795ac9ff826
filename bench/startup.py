#!/usr/bin/env python3
"""Start-up plus exit cost of a traced process (issue 15: at most 0.5 ms).

A trivial C program with one traced call is started many times, three
variants interleaved: uninstrumented, instrumented with tracing off, and
tracing on (JSON written to a file in a temporary directory, replaced by
each run as a user's trace file would be). Per process: wall time from
posix_spawn to the end of waitpid, and the CPU time (user + system) the
kernel accounts to the child. Medians; the added cost is the difference
with the row above. Run by bench/run.py, or alone:

    bench/startup.py [RUNS]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

PROGRAM = r"""
__attribute__((noinline)) int work(int x) { return x * 2 + 1; }
int main(void) { return work(3) == 7 ? 0 : 1; }
"""


def build(clang, cfg, tmp):
    src = os.path.join(tmp, "startup.c")
    with open(src, "w") as f:
        f.write(PROGRAM)
    exes = {}
    for name, flags in (("plain", []), ("ruchy", ["--config=" + cfg])):
        exes[name] = os.path.join(tmp, "startup-" + name)
        subprocess.run([clang] + flags + ["-O2", src, "-o", exes[name]], check=True)
    return exes


def spawn(exe, env):
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(exe, [exe], env)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter_ns() - t0
    if status != 0:
        raise RuntimeError("%s exited with status %d" % (exe, status))
    return wall / 1e6, (ru.ru_utime + ru.ru_stime) * 1e3


def measure(clang, cfg, tmp, runs=300):
    """{variant: (median wall ms, median CPU ms, mean CPU ms)}, in order."""
    exes = build(clang, cfg, tmp)
    base = {k: v for k, v in os.environ.items() if not k.startswith("RUCHY_TRACE")}
    trace = os.path.join(tmp, "startup-trace.json")
    variants = (("uninstrumented", exes["plain"], {}),
                ("instrumented, tracing off", exes["ruchy"], {}),
                ("tracing on, JSON to a file", exes["ruchy"], {"RUCHY_TRACE_OUTPUT": trace}))
    envs = [dict(base, **extra) for _, _, extra in variants]
    samples = [([], []) for _ in variants]
    for _ in range(10):  # warm the page cache and the loader's
        for (_, exe, _), env in zip(variants, envs):
            spawn(exe, env)
    for _ in range(runs):
        for i, ((_, exe, _), env) in enumerate(zip(variants, envs)):
            wall, cpu = spawn(exe, env)
            samples[i][0].append(wall)
            samples[i][1].append(cpu)
    with open(trace) as f:  # the traced runs did write their trace
        if '"name": "work"' not in f.read():
            raise RuntimeError("the traced run wrote no event for work()")
    return [(name, statistics.median(w), statistics.median(c), statistics.mean(c))
            for (name, _, _), (w, c) in zip(variants, samples)]


def report(rows, runs):
    lines = ["Start-up plus exit of a process with one traced call (bench/startup.py), "
             "%d interleaved runs of each, medians; added: over the row above." % runs, "",
             "| process | wall ms | added | CPU ms (user+sys) | added | CPU mean ms |",
             "|---|---:|---:|---:|---:|---:|"]
    prev = None
    for name, wall, cpu, mean in rows:
        add_w = "%+.3f" % (wall - prev[1]) if prev else ""
        add_c = "%+.3f" % (cpu - prev[2]) if prev else ""
        lines.append("| %s | %.3f | %s | %.3f | %s | %.3f |" % (name, wall, add_w, cpu, add_c, mean))
        prev = (name, wall, cpu)
    return lines


def main():
    sys.path.insert(0, HERE)
    import run  # the build's clang and configuration file
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    run.pin_one_cpu()
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(run.CLANG, run.CFG, tmp, runs)
    print("\n".join(report(rows, runs)))


if __name__ == "__main__":
    main()
