"""attach_check.py RUCHYTRACE PROGRAM DIR: `ruchytrace attach` against a
running PROGRAM (test/e2e/attach.c), one scenario after another, printing
one line per check for FileCheck. Traces go to DIR.

`attach_check.py quick RUCHYTRACE PROGRAM DIR`: the same, shorter, for
test/unit/rt_attach_target.c under the sanitizers; the program's stderr
(their reports) is printed at the end.

`attach_check.py raw PID MODE`: a hand-made client of the protocol
(rt/rt_attach_proto.h) that sends what `ruchytrace attach` never would,
and prints the process's answer."""
import calendar
import ctypes
import json
import os
import resource
import signal
import socket
import stat
import struct
import subprocess
import sys
import time

MAGIC, VERSION, START = 0x54415452, 1, 1
REPLY = struct.Struct("<IIiI512s")


def request(op=START, sample=0, depth=0, fmt=b"", name=b"t.json", flt=b"",
            magic=MAGIC):
    return (struct.pack("<IIIiII", magic, VERSION, op, sample, depth, 0) +
            fmt.ljust(16, b"\0") + name.ljust(256, b"\0") +
            flt.ljust(4096, b"\0")[:4096])


def raw(pid, mode):
    """Signals `pid` as the attach command does, then misbehaves."""
    nonce = int.from_bytes(os.urandom(8), "little")
    lst = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    lst.bind(b"\0ruchytrace-attach-%d-%016x" % (os.getpid(), nonce))
    lst.listen(1)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.sigqueue(pid, signal.SIGURG, ctypes.c_void_p(nonce))
    lst.settimeout(1)
    try:
        conn, _ = lst.accept()
    except socket.timeout:
        print("raw %s: no answer" % mode)
        return
    conn.settimeout(5)
    r, w = os.pipe()
    fds = [] if mode == "no-fd" else [w]
    msgs = {
        "garbage": request(magic=0xdeadbeef),
        "format": request(fmt=b"xml"),
        "unterminated": request(flt=b"f" * 4096),
        "sample": request(sample=-5),
        "filter": request(flt=b"a,,b"),
        "no-fd": request(),
        "pipe": request(),
        "other-user": request(),
    }
    started = time.time()
    try:
        if mode == "short":
            conn.sendall(request()[:100])
            conn.shutdown(socket.SHUT_WR)
        elif mode != "silent":
            socket.send_fds(conn, [msgs[mode]], fds)
    except BrokenPipeError:
        pass  # refused before the request: the answer is there to read
    data = b""
    while len(data) < REPLY.size:
        chunk = conn.recv(REPLY.size - len(data))
        if not chunk:
            break
        data += chunk
    took = time.time() - started
    if len(data) != REPLY.size:
        print("raw %s: connection closed" % mode)
        return
    status = REPLY.unpack(data)[2]
    text = REPLY.unpack(data)[4].split(b"\0")[0].decode()
    print("raw %s: status=%d %s%s" % (mode, status, text,
                                      " (within 2 s)" if took < 2 else ""))


def start(program, *args, env=None, stderr=None):
    e = dict(os.environ)
    e.update(env or {})
    no_core = lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    p = subprocess.Popen([program] + list(args), stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, env=e, stderr=stderr,
                         preexec_fn=no_core)
    assert p.stdout.readline() == b"ready\n"
    return p


def finish(p, name):
    p.stdin.close()
    out = p.stdout.read().decode().replace("\n", "|")
    print("%s output=%s status=%d" % (name, out, p.wait()))


def quiet(p):
    """Threads and sockets of the process: attaching adds none for good."""
    fds = os.listdir("/proc/%d/fd" % p.pid)
    socks = sum(os.readlink("/proc/%d/fd/%s" % (p.pid, f)).startswith("socket")
                for f in fds)
    return "threads=%d sockets=%d" % (len(os.listdir("/proc/%d/task" % p.pid)),
                                      socks)


def attach(rt, p, *args, user=None):
    cmd = [rt, "attach", str(p.pid)] + list(args)
    if user:
        cmd = ["setpriv", "--reuid=%d" % user, "--regid=%d" % user,
               "--clear-groups"] + cmd
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return r.returncode, r.stderr.decode().strip().replace("\n", "|")


def events(rt, path):
    """The trace's events, through `ruchytrace convert` for any format."""
    out = subprocess.run([rt, "convert", "--to", "ndjson", path],
                         stdout=subprocess.PIPE, check=True).stdout
    return [json.loads(l) for l in out.splitlines()]


def validate(rt, path):
    r = subprocess.run([rt, "validate", path], stdout=subprocess.DEVNULL)
    return r.returncode


def meta(rt, path):
    """The trace's metadata and stats (a .rtrace through `ruchytrace
    convert`)."""
    if path.endswith(".json"):
        d = json.load(open(path))
    else:
        d = json.loads(subprocess.run([rt, "convert", "--to", "json", path],
                                      stdout=subprocess.PIPE,
                                      check=True).stdout)
    return d["metadata"], d["stats"]


def wall(rfc3339):
    """Seconds since the epoch of the runtime's start_time (UTC)."""
    whole, frac = rfc3339.split("+")[0].split(".")
    t = time.strptime(whole, "%Y-%m-%dT%H:%M:%S")
    return calendar.timegm(t) + float("0." + frac)


def in_time(rt, path, before, after):
    """Whether the trace's start_time and duration lie within the attach
    command's run: its own start, not the process's."""
    m, st = meta(rt, path)
    start = wall(m["start_time"])
    return (before - 0.01 <= start and
            start + st["duration_ns"] / 1e9 <= after + 0.01)


def names(evs):
    return ",".join(sorted({e["name"] for e in evs if "name" in e}))


def sampled(rt, p, path):
    """--filter and --sample: only handle_request, 1 call in 10 per thread
    (its argument counts its calls)."""
    rc, err = attach(rt, p, "--filter", "handle_*", "--sample", "10",
                     "--duration", "0.3", "-o", path)
    evs = events(rt, path)
    seqs = {}
    for e in evs:
        if e.get("type") == "function_enter":
            seqs.setdefault(e["thread_id"], []).append(e["args"][0]["value"])
    steps = {b - a for s in seqs.values() for a, b in zip(s, s[1:])}
    print("sampled rc=%d valid=%d names=%s threads=%d steps=%s rate=%d" % (
        rc, validate(rt, path), names(evs), len(seqs), sorted(steps),
        evs[0]["metadata"]["sample_rate"]))


def quick(rt, program, d):
    out = lambda name: os.path.join(d, name)
    err = open(out("stderr"), "w+")
    p = start(program, stderr=err)
    time.sleep(0.3)  # a sanitized process starts slowly on a busy machine
    rc, _ = attach(rt, p, "--duration", "0.5", "-o", out("all.json"))
    print("all rc=%d valid=%d names=%s" % (rc, validate(rt, out("all.json")),
                                            names(events(rt, out("all.json")))))
    sampled(rt, p, out("s.rtrace"))
    bg = subprocess.Popen([rt, "attach", str(p.pid), "--depth", "1", "-o",
                           out("int.json")], stderr=subprocess.PIPE)
    bg.stderr.readline()
    rc, _ = attach(rt, p, "--snapshot", "-o", out("snap.json"))
    print("snapshot rc=%d valid=%d" % (rc, validate(rt, out("snap.json"))))
    time.sleep(0.1)
    bg.send_signal(signal.SIGINT)
    bg.stderr.read()
    print("interrupted rc=%d valid=%d names=%s" % (
        bg.wait(), validate(rt, out("int.json")),
        names(events(rt, out("int.json")))))
    bg = subprocess.Popen([rt, "attach", str(p.pid), "-o", out("exit.json")],
                          stderr=subprocess.PIPE)
    bg.stderr.readline()
    finish(p, "target")
    bg.stderr.read()
    print("exited rc=%d valid=%d" % (bg.wait(), validate(rt, out("exit.json"))))
    err.seek(0)
    print("stderr:", err.read().replace("\n", "|"))


def devices(rt, program, d):
    """-o naming a device node or a symlink: written into, never
    replaced, nothing left next to it."""
    out = lambda name: os.path.join(d, name)
    os.mknod(out("null"), 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.mknod(out("full"), 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    os.symlink("real.json", out("link"))
    p = start(program)
    for name in ("null", "full", "link"):
        rc, err = attach(rt, p, "--duration", "0.2", "-o", out(name))
        print("%s rc=%d %s" % (name, rc, err.split(": ", 2)[-1]))
    print("link:", os.readlink(out("link")), "valid=%d" % validate(rt, out("link")))
    finish(p, "target")
    print("left:", " ".join("%s=%s" % (f, stat.filemode(os.lstat(out(f)).st_mode)[0])
                            for f in sorted(os.listdir(d))))


def main():
    if sys.argv[1] == "raw":
        return raw(int(sys.argv[2]), sys.argv[3])
    if sys.argv[1] == "devices":
        return devices(*sys.argv[2:5])
    if sys.argv[1] == "quick":
        return quick(*sys.argv[2:5])
    rt, program, d = sys.argv[1:4]
    out = lambda name: os.path.join(d, name)

    p = start(program)
    print("before", quiet(p))
    before = time.time()
    rc, err = attach(rt, p, "--duration", "0.3", "-o", out("all.json"))
    evs = events(rt, out("all.json"))
    print("all rc=%d valid=%d names=%s" % (rc, validate(rt, out("all.json")),
                                            names(evs)))
    print("all in time:", in_time(rt, out("all.json"), before, time.time()))
    before = time.time()
    sampled(rt, p, out("s.rtrace"))  # into a compact trace
    print("sampled in time:", in_time(rt, out("s.rtrace"), before, time.time()))
    # Off again after sampled sessions: nothing is recorded, so nothing to
    # snapshot (the rings still hold the sessions' events: not the
    # process's, and not sampled 1 in 1).
    print("snapshot off:", attach(rt, p, "--snapshot", "-o", out("off.json")))
    # A snapshot during a session shows that session only: its start, its
    # sampling, what it dropped (none: `worker` is not called again), not
    # the earlier sessions' events and drops.
    bg = subprocess.Popen([rt, "attach", str(p.pid), "--filter", "worker",
                           "-o", out("quiet.json")], stderr=subprocess.PIPE)
    bg.stderr.readline()
    rc, err = attach(rt, p, "--snapshot", "-o", out("qsnap.json"))
    bg.send_signal(signal.SIGINT)
    bg.stderr.read()
    bg.wait()
    (qm, qs), (sm, ss) = meta(rt, out("quiet.json")), meta(rt, out("qsnap.json"))
    print("session snapshot rc=%d sample_rate=%d events=%d dropped=%d "
          "session's start: %s" % (rc, sm["sample_rate"], ss["total_events"],
                                   ss["dropped_events"],
                                   abs(wall(sm["start_time"]) -
                                       wall(qm["start_time"])) < 0.001))
    # Mistakes the command sees before it signals the process, and a
    # filter the process finds matches nothing: one line, nothing traced.
    print("xml:", attach(rt, p, "--format", "xml", "-o", out("x.xml")))
    print("nomatch:", attach(rt, p, "--filter", "handle_*,nosuch_*",
                             "--duration", "0.1", "-o", out("nm.json")))
    print("dir:", attach(rt, p, "--duration", "0.1", "-o", d + "/"))
    print("nodir:", attach(rt, p, "--duration", "0.1", "-o",
                           out("none/t.json")))
    print("empty -o:", attach(rt, p, "-o", ""))
    print("last unknown:", attach(rt, p, "--bogus"))
    print("two pids:", attach(rt, p, str(p.pid)))
    print("huge duration:", attach(rt, p, "--duration", "1e99"))
    # No -o: text on standard output, as --help says.
    r = subprocess.run([rt, "attach", str(p.pid), "--filter", "handle_*",
                        "--duration", "300ms"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    text = r.stdout.decode()
    print("stdout: rc=%d text=%s" % (r.returncode, not text.lstrip().startswith("{")
                                     and "handle_request(" in text))
    # The command killed outright (SIGKILL) leaves no file behind.
    bg = subprocess.Popen([rt, "attach", str(p.pid), "-o", out("k.json")],
                          stderr=subprocess.PIPE)
    bg.stderr.readline()
    bg.kill()
    bg.wait()
    time.sleep(0.2)  # the process ends the session
    print("killed leftovers:", sorted(f for f in os.listdir(d) if "k.json" in f))
    rc, err = attach(rt, p, "--depth", "1", "--format", "text", "--duration",
                     "0.2", "-o", out("depth.txt"))
    text = open(out("depth.txt")).read()
    called = sorted({l.split("-> ")[1].split("(")[0]
                     for l in text.splitlines() if "-> " in l})
    print("depth rc=%d names=%s" % (rc, ",".join(called)))
    # A session until Ctrl-C; meanwhile a snapshot, and a second session
    # is refused.
    bg = subprocess.Popen([rt, "attach", str(p.pid), "-o", out("int.json")],
                          stderr=subprocess.PIPE)
    line = bg.stderr.readline().decode().strip()
    print("session:", line)
    rc, err = attach(rt, p, "--snapshot", "-o", out("snap.json"))
    print("snapshot rc=%d valid=%d %s" % (rc, validate(rt, out("snap.json")),
                                          err))
    print("second:", attach(rt, p, "--duration", "1", "-o", out("x.json")))
    bg.send_signal(signal.SIGINT)
    rest = bg.stderr.read().decode().strip().replace("\n", "|")
    print("interrupted rc=%d valid=%d %s" % (
        bg.wait(), validate(rt, out("int.json")), rest))
    print("no leftovers:", sorted(f for f in os.listdir(d) if ".tmp" in f))
    # Another user may not attach; neither through the command (it checks
    # first, and the kernel would not let it signal) nor by a client of its
    # own allowed to signal anyone (CAP_KILL): the process refuses it.
    print("nobody:", attach(rt, p, "--duration", "0.1", "-o",
                            "/tmp/never.json", user=65534))
    sys.stdout.flush()
    subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", "--inh-caps=+kill", "--ambient-caps=+kill",
                    "/usr/bin/python3", __file__, "raw", str(p.pid),
                    "other-user"], check=True)
    # Bad requests get an answer, a client that says nothing is dropped in
    # bounded time, and the process keeps working.
    for mode in ("garbage", "short", "format", "unterminated", "sample",
                 "filter", "no-fd", "pipe", "silent"):
        sys.stdout.flush()
        raw(p.pid, mode)
    rc, err = attach(rt, p, "--duration", "0.1", "-o", out("after.json"))
    print("after rc=%d valid=%d" % (rc, validate(rt, out("after.json"))))
    print("after", quiet(p))
    finish(p, "p1")

    # RUCHY_TRACE_CONTROL=off: refused, and the signal does nothing.
    p = start(program, env={"RUCHY_TRACE_CONTROL": "off"})
    print("off:", attach(rt, p, "-o", out("off.json")))
    sys.stdout.flush()
    raw(p.pid, "garbage")
    finish(p, "p2")

    # The program handles SIGURG itself; the rendezvous moves to USR2.
    p = start(program, "own-urg", env={"RUCHY_TRACE_CONTROL": "USR2"})
    os.kill(p.pid, signal.SIGURG)
    rc, err = attach(rt, p, "--duration", "0.1", "-o", out("usr2.json"))
    print("usr2 rc=%d valid=%d" % (rc, validate(rt, out("usr2.json"))))
    os.kill(p.pid, signal.SIGURG)
    finish(p, "p3")

    # The process exits while attached: its trace is still written.
    p = start(program)
    bg = subprocess.Popen([rt, "attach", str(p.pid), "-o", out("exit.json")],
                          stderr=subprocess.PIPE)
    bg.stderr.readline()
    finish(p, "p4")
    rest = bg.stderr.read().decode().strip()
    print("exited rc=%d valid=%d %s" % (bg.wait(),
                                        validate(rt, out("exit.json")), rest))

    # Started with tracing on: the session's trace has its own filter, the
    # program's own trace is written at exit as usual.
    p = start(program, env={"RUCHY_TRACE_OUTPUT": out("own.json")})
    rc, err = attach(rt, p, "--filter", "handle_*", "--duration", "0.2", "-o",
                     out("on.json"))
    print("traced rc=%d valid=%d names=%s" % (
        rc, validate(rt, out("on.json")), names(events(rt, out("on.json")))))
    # Its snapshot is its own trace, with the note, kept by convert.
    rc, err = attach(rt, p, "--snapshot", "-o", out("own.rtrace"))
    chrome = json.loads(subprocess.run(
        [rt, "convert", "--to", "chrome", out("own.rtrace")],
        stdout=subprocess.PIPE, check=True).stdout)["otherData"]
    print("own snapshot rc=%d sample_rate=%d noted: %s" % (
        rc, chrome["sample_rate"],
        "filter 'handle_*'" in chrome.get("attach_sessions", "")))
    finish(p, "p5")
    own = set(names(events(rt, out("own.json"))).split(","))
    print("own trace valid=%d has compute and handle_request: %s" % (
        validate(rt, out("own.json")), {"compute", "handle_request"} <= own))
    # Its own trace says which calls the session recorded with its filter.
    print("own trace note:", meta(rt, out("own.json"))[0].get(
        "attach_sessions", "").split(": ", 1)[-1])
    text = subprocess.run([rt, "convert", "--to", "text", out("own.json")],
                          stdout=subprocess.PIPE, check=True).stdout.decode()
    print("kept in text:", text.startswith("# attach_sessions: calls"))

    # The program exits while attached with a filter of its own: the
    # session's filter is another, and what the program's matched is still
    # known at its exit (no "matches no instrumented function").
    err = open(out("p6.err"), "w+")
    p = start(program, env={"RUCHY_TRACE_OUTPUT": out("own6.json"),
                            "RUCHY_TRACE_FILTER": "handle_request"},
              stderr=err)
    bg = subprocess.Popen([rt, "attach", str(p.pid), "--filter", "compute",
                           "-o", out("f.json")], stderr=subprocess.PIPE)
    bg.stderr.readline()
    time.sleep(0.3)  # some calls while attached
    finish(p, "p6")
    bg.stderr.read()
    err.seek(0)
    print("filters rc=%d session=%s stderr=%r" % (
        bg.wait(), names(events(rt, out("f.json"))), err.read()))

    # A crash while attached (abort): the session's trace, then the same
    # death.
    p = start(program)
    bg = subprocess.Popen([rt, "attach", str(p.pid), "-o", out("crash.json")],
                          stderr=subprocess.PIPE)
    bg.stderr.readline()
    p.stdin.write(b"c\n")
    p.stdin.flush()
    status = p.wait()
    rest = bg.stderr.read().decode().strip()
    print("crashed status=%d rc=%d valid=%d %s" % (
        status, bg.wait(), validate(rt, out("crash.json")), rest))


main()
