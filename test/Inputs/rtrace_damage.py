#!/usr/bin/env python3
"""Copies a .rtrace file with its first IMAGE chunk's type count set far
beyond what the chunk can hold (rt/rt_rtrace.h has the layout): a reader
must say the chunk is corrupt, not allocate or read past it.

    rtrace_damage.py IN OUT
"""
import struct
import sys

data = bytearray(open(sys.argv[1], "rb").read())
at = 32  # the header
while at + 16 <= len(data):
    kind, _, length = struct.unpack_from("<IIQ", data, at)
    if kind == 2:  # IMAGE: instance, count, 4 x u64, str path, u32 types
        p = at + 16 + 8 + 32
        (n,) = struct.unpack_from("<I", data, p)
        p += 4 + (0 if n == 0xFFFFFFFF else n)
        struct.pack_into("<I", data, p, 0x7FFFFFFF)
        open(sys.argv[2], "wb").write(data)
        sys.exit(0)
    at += 16 + length + (8 - length % 8) % 8
sys.exit("no IMAGE chunk in " + sys.argv[1])
