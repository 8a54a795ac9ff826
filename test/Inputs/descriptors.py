#!/usr/bin/env python3
"""Lists the function descriptors an ELF image registers.

    descriptors.py IMAGE

Reads the image's `ruchy_trace_fn` section (what __ruchy_trace_register is
handed at start-up) and prints a line

    descriptors=N functions=M

(functions: distinct addresses; C++ overloads share a name, not an address;
a local function inlined everywhere and deleted has no address, and counts
as a function of its own)
so a test can require that every function registers exactly once (N == M),
then one line per function, sorted by name, with " xK" when K descriptors
describe the same function.
Pointers in a position-independent image are resolved through its
relative relocations, and through absolute ones against symbols the image
defines (a shared object's exported functions).
"""
import struct
import sys

DESC_SIZE = 64  # struct __ruchy_trace_fn in include/ruchytrace/abi.h
NAME_OFFSET = 16
ADDR_OFFSET = 48
RELATIVE = {8, 1027}  # R_X86_64_RELATIVE, R_AARCH64_RELATIVE
ABSOLUTE = {1, 257}  # R_X86_64_64, R_AARCH64_ABS64


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit("descriptors.py: not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = []
    for i in range(shnum):
        name, stype, _, addr, off, size, link = struct.unpack_from("<IIQQQQI", data, shoff + i * shentsize)
        sections.append((name, stype, addr, off, size, link))
    strtab_off = sections[shstrndx][3]

    def sec_name(s):
        end = data.index(b"\0", strtab_off + s[0])
        return data[strtab_off + s[0]:end].decode()

    relocated = {}
    for s in sections:
        if s[1] == 4:  # SHT_RELA
            symtab = sections[s[5]]
            for off in range(s[3], s[3] + s[4], 24):
                r_offset, r_info, r_addend = struct.unpack_from("<QQq", data, off)
                if r_info & 0xFFFFFFFF in RELATIVE:
                    relocated[r_offset] = r_addend
                elif r_info & 0xFFFFFFFF in ABSOLUTE:
                    shndx, value = struct.unpack_from("<HQ", data, symtab[3] + (r_info >> 32) * 24 + 6)
                    if shndx:  # defined here
                        relocated[r_offset] = value + r_addend

    def load(s):  # an address to its bytes in the file, for loaded sections
        for sec in sections:
            if sec[1] != 8 and sec[2] and sec[2] <= s < sec[2] + sec[4]:
                return sec[3] + (s - sec[2])
        return None

    descs = [s for s in sections if sec_name(s) == "ruchy_trace_fn"]
    if not descs:
        print("descriptors=0 functions=0")
        return
    _, stype, addr, off, size, _ = descs[0]
    funcs = {}
    for d in range(0, size - size % DESC_SIZE, DESC_SIZE):
        fields = []
        for field in (NAME_OFFSET, ADDR_OFFSET):
            ptr = relocated.get(addr + d + field)
            if ptr is None:
                ptr, = struct.unpack_from("<Q", data, off + d + field)
            fields.append(ptr)
        at = load(fields[0])
        name = data[at:data.index(b"\0", at)].decode() if at is not None else "<0x%x>" % fields[0]
        key = fields[1] if fields[1] else ("descriptor", d)
        funcs.setdefault(key, []).append(name)
    print("descriptors=%d functions=%d" % (sum(len(v) for v in funcs.values()), len(funcs)))
    for names in sorted(funcs.values()):
        print(names[0] + ("" if len(names) == 1 else " x%d" % len(names)))

if __name__ == "__main__":
    main()
