"""pftrace_dump.py TRACE [--fns] [--params]: decodes a Perfetto protobuf trace with a
wire-format decoder of its own (independent of the runtime's encoder) and
prints what a reader sees, one line per packet:

  clock REALTIME=<ns> delta64=<ns> primary=REALTIME flags=1 [dropped] [first]
  process pid=P name="prog"
  thread pid=P tid=T parent=process
  I <track> ruchytrace program=str("prog") ...
  B tid=T fib arg0=long:int(5) @fib.c:31
  E tid=T fib return=long:int(5)

Timestamps follow the sequence's clocks: an incremental clock (a clock
snapshot with is_incremental, named by trace_packet_defaults) makes a
packet's timestamp the ns since the previous one; --ts adds the absolute
time to each event line. Then a summary: packets, slices per function,
threads. --json TRACE.json: checks that the slices are the JSON trace's
events (begin/end, name, timestamp_ns, thread_id), one for one, and
prints "same events as the JSON: N". It fails (exit 1)
on what trace_processor would reject or misread: an undefined iid, an
event on an undescribed track, interned data without
SEQ_NEEDS_INCREMENTAL_STATE, an END with no open slice (unless data was
dropped), slices left open, timestamps going back on a track."""
import json
import struct
import sys


def varint(b, i):
    v = shift = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return v, i


def fields(b):
    """(field, wire type, value) of a message; bytes for length-delimited."""
    i, out = 0, []
    while i < len(b):
        key, i = varint(b, i)
        f, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(b, i)
        elif wt == 1:
            v = b[i:i + 8]
            i += 8
        elif wt == 2:
            n, i = varint(b, i)
            v = b[i:i + n]
            if len(v) != n:
                raise ValueError("truncated field %d" % f)
            i += n
        elif wt == 5:
            v = b[i:i + 4]
            i += 4
        else:
            raise ValueError("wire type %d" % wt)
        out.append((f, wt, v))
    if i != len(b):
        raise ValueError("message overruns")
    return out


def one(fs, f, default=None):
    for g, _, v in fs:
        if g == f:
            return v
    return default


def many(fs, f):
    return [v for g, _, v in fs if g == f]


def fail(msg):
    print("ERROR:", msg)
    sys.exit(1)


def main():
    data = open(sys.argv[1], "rb").read()
    show_fns = "--fns" in sys.argv
    show_ts = "--ts" in sys.argv
    show_params = "--params" in sys.argv
    default_clock, incremental, clock_now = None, set(), {}
    offsets, realtime = {}, 0
    seen = []  # (B/E, name, ts, tid) of each slice event
    interned = None  # per kind: iid -> value; None until state is cleared
    tracks = {}  # uuid -> label
    process_uuid = None
    stacks, last_ts = {}, {}
    slices, packets, dropped = {}, 0, False
    for f, wt, pkt in fields(data):
        if f != 1 or wt != 2:
            fail("a Trace holds only packet = 1")
        packets += 1
        p = fields(pkt)
        flags = one(p, 13, 0)
        if one(p, 10) != 1:
            fail("packet %d: trusted_packet_sequence_id is not 1" % packets)
        if flags & 1:
            interned = {2: {}, 3: {}, 4: {}, 29: {}}
        if one(p, 42):
            dropped = True
        idata = one(p, 12)
        if idata is not None:
            if interned is None or not flags & 2:
                fail("packet %d: interned data without incremental state"
                     % packets)
            for kind, _, entry in fields(idata):
                e = fields(entry)
                iid = one(e, 1)
                if kind == 4:
                    val = (one(e, 2).decode(), one(e, 3, b"").decode(),
                           one(e, 4))
                else:
                    val = one(e, 2).decode()
                if iid in interned[kind]:
                    fail("packet %d: iid %d of %d defined twice"
                         % (packets, iid, kind))
                interned[kind][iid] = val

        def lookup(kind, iid):
            if not flags & 2 or interned is None or iid not in interned[kind]:
                fail("packet %d: iid %d of %d undefined" % (packets, iid, kind))
            return interned[kind][iid]

        def annotation(a):
            fs = fields(a)
            name = (lookup(3, one(fs, 1)) if one(fs, 1) is not None
                    else one(fs, 10).decode())
            dict_entries = many(fs, 11)
            if dict_entries:
                parts = dict(annotation(d) for d in dict_entries)
                # An argument's parameter name, shown with --params:
                # arg0=n:long:int(5).
                param = parts.pop("param", None) if set(parts) == {"type", "param", "value"} else None
                if set(parts) == {"type", "value"}:
                    shown = "%s:%s" % (parts["type"][5:-2], parts["value"])
                    if param and show_params:
                        shown = "%s:%s" % (param[5:-2], shown)
                    return name, shown
                return name, "{%s}" % ", ".join(
                    "%s=%s" % kv for kv in parts.items())
            for field, kind in ((2, "bool"), (3, "uint"), (4, "int"),
                                (5, "double"), (6, "str"), (17, "str")):
                v = one(fs, field)
                if v is None:
                    continue
                if kind == "bool":
                    v = "true" if v else "false"
                elif kind == "int":
                    v = v - (1 << 64) if v >> 63 else v
                elif kind == "double":
                    v = repr(struct.unpack("<d", v)[0])
                elif field == 17:
                    v = '"%s"' % lookup(29, v)
                elif kind == "str":
                    v = '"%s"' % v.decode()
                return name, "%s(%s)" % (kind, v)
            fail("packet %d: annotation %s has no value" % (packets, name))

        clock = one(p, 6)
        if clock is not None:
            c = fields(clock)
            names = {1: "REALTIME", 6: "BOOTTIME"}
            shown = []
            for clk in map(fields, many(c, 1)):
                cid, cts = one(clk, 1), one(clk, 2)
                if cid == 1:
                    realtime = cts
                clock_now[cid] = cts
                if one(clk, 3):
                    incremental.add(cid)
                shown.append("%s=%d" % (names.get(cid, "delta%d" % cid
                                                  if one(clk, 3) else cid),
                                        cts))
            # Each clock at the same instant: their offsets to REALTIME.
            offsets = {cid: realtime - v for cid, v in clock_now.items()}
            print("clock %s primary=%s flags=%d%s%s" % (
                " ".join(shown), names.get(one(c, 2)), flags,
                " dropped" if one(p, 42) else "",
                " first" if one(p, 87) else ""))
        defaults = one(p, 59)
        if defaults is not None:
            default_clock = one(fields(defaults), 58)
        desc = one(p, 60)
        if desc is not None:
            d = fields(desc)
            uuid, proc, thread = one(d, 1), one(d, 3), one(d, 4)
            if proc is not None:
                pr = fields(proc)
                process_uuid, pid = uuid, one(pr, 1)
                tracks[uuid] = "process"
                print('process pid=%d name="%s"' % (
                    pid, one(pr, 6).decode()))
            elif thread is not None:
                th = fields(thread)
                if one(d, 5) not in tracks:
                    fail("thread track's parent is undescribed")
                tracks[uuid] = "tid=%d" % one(th, 2)
                print("thread pid=%d tid=%d parent=%s" % (
                    one(th, 1), one(th, 2), tracks[one(d, 5)]))
        te = one(p, 11)
        if te is None:
            continue
        t = fields(te)
        cid = one(p, 58, default_clock)
        ts = one(p, 8)
        if cid in incremental:
            clock_now[cid] += ts
            ts = clock_now[cid]
        ts += offsets.get(cid, 0) if cid is not None else 0
        track = one(t, 11)
        if track not in tracks:
            fail("packet %d: event on an undescribed track" % packets)
        if ts < last_ts.get(track, 0):
            fail("packet %d: timestamp goes back on %s" % (packets,
                                                          tracks[track]))
        last_ts[track] = ts
        kind = one(t, 9)
        name = (lookup(2, one(t, 10)) if one(t, 10) is not None
                else (one(t, 23) or b"").decode())
        stack = stacks.setdefault(track, [])
        if kind == 2:
            if not stack:
                if not dropped:
                    fail("packet %d: END with no open slice" % packets)
                name = "?"
            else:
                name = stack.pop()
        elif kind == 1:
            stack.append(name)
            slices[name] = slices.get(name, 0) + 1
        if kind in (1, 2):
            seen.append(("B" if kind == 1 else "E", name, ts,
                         int(tracks[track][4:])))
        args = " ".join("%s=%s" % annotation(a) for a in many(t, 4))
        loc = ""
        if one(t, 34) is not None:
            file, fn, line = lookup(4, one(t, 34))
            loc = " @%s:%d" % (file.rsplit("/", 1)[-1], line)
            if fn != name:
                fail("location of %s names %s" % (name, fn))
        print("%s%s %s %s%s%s" % ("%d " % ts if show_ts else "",
                                  {1: "B", 2: "E", 3: "I"}[kind],
                                  tracks[track], name,
                                  " " + args if args else "", loc))
    for track, s in stacks.items():
        if s:
            fail("%s: %s never ends" % (tracks[track], s[-1]))
    threads = sum(1 for l in tracks.values() if l.startswith("tid="))
    print("summary packets=%d slices=%d threads=%d dropped=%d" % (
        packets, sum(slices.values()), threads, dropped))
    if "--json" in sys.argv:
        doc = json.load(open(sys.argv[sys.argv.index("--json") + 1]))
        want = [("B" if e["type"] == "function_enter" else "E", e["name"],
                 e["timestamp_ns"], e["thread_id"]) for e in doc["events"]]
        # An END whose beginning was dropped has no name here.
        got = [(k, w[1] if n == "?" else n, ts, tid)
               for (k, n, ts, tid), w in zip(seen, want)]
        if got != want or len(seen) != len(want):
            bad = next((i for i, (a, b) in enumerate(zip(got, want))
                        if a != b), min(len(got), len(want)))
            fail("event %d differs from the JSON's: %r vs %r" % (
                bad, got[bad:bad + 1], want[bad:bad + 1]))
        print("same events as the JSON: %d" % len(want))
    if show_fns:
        for name in sorted(slices):
            print("fn %s slices=%d" % (name, slices[name]))


main()
