"""png_check.py FILE.png W H: the file is a PNG of W x H pixels whose
pixels are not all alike (a picture, not a blank page). Prints its size
and how many distinct colours its first rows use."""
import struct
import sys
import zlib

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, colour = ihdr[:4]
assert (w, h) == (int(sys.argv[2]), int(sys.argv[3])), "size %dx%d" % (w, h)
assert depth == 8 and colour in (2, 6), "8-bit RGB(A) expected"
raw = zlib.decompress(idat)
bpp = 3 if colour == 2 else 4
stride = w * bpp + 1
assert len(raw) == stride * h, "pixel data of the wrong size"
# Undo the PNG filters row by row and count the colours.
prev, colours = bytearray(stride - 1), set()
for y in range(h):
    f, row = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
    for i in range(len(row)):
        a = row[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1:
            row[i] = (row[i] + a) & 255
        elif f == 2:
            row[i] = (row[i] + b) & 255
        elif f == 3:
            row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    colours.update(bytes(row[i:i + 3]) for i in range(0, len(row), bpp))
    prev = row
    if len(colours) >= 16:
        break
assert len(colours) >= 16, "only %d colours: a blank picture" % len(colours)
print("png %dx%d, %s colours" % (w, h, "16 or more"))
