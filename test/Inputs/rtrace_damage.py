#!/usr/bin/env python3
"""Copies a .rtrace file with one chunk damaged (rt/rt_rtrace.h has the
layout); a reader must say the chunk is corrupt, not allocate or read past
it, nor show records that are not what was recorded.

    rtrace_damage.py image IN OUT    the first IMAGE chunk's type count set
                                     far beyond what the chunk can hold
    rtrace_damage.py packed IN OUT   the first PACKED chunk claims one slot
                                     more than its packed records hold
"""
import struct
import sys

what, src, dst = sys.argv[1:4]
data = bytearray(open(src, "rb").read())
at = 32  # the header
while at + 16 <= len(data):
    kind, _, length = struct.unpack_from("<IIQ", data, at)
    if kind == 2 and what == "image":  # instance, count, 4 x u64, str path, u32 types
        p = at + 16 + 8 + 32
        (n,) = struct.unpack_from("<I", data, p)
        p += 4 + (0 if n == 0xFFFFFFFF else n)
        struct.pack_into("<I", data, p, 0x7FFFFFFF)
        break
    if kind == 9 and what == "packed":  # u64 thread id, u64 slots
        (n,) = struct.unpack_from("<Q", data, at + 24)
        struct.pack_into("<Q", data, at + 24, n + 1)
        break
    at += 16 + length + (8 - length % 8) % 8
else:
    sys.exit("no chunk to damage (%s) in %s" % (what, src))
open(dst, "wb").write(data)
