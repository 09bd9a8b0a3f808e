"""png_boxes.py SHOT.png - what a screenshot of perf-report's HTML shows,
read from its pixels alone (no DOM): the page's boxes (white cards,
charts, sections on the grey #f3f4f6 background) grouped into bands of
boxes side by side, each with its size and what it holds.

Prints one line per band, top to bottom:
    band Y: N box(es) WIDTHxHEIGHT[,...] holds: line=K badge=B
where line is the number of pixels of the charts' first line colour
(#2563eb) in the band, and badge the pixels of a pool card's level badge
(#16a34a, #d97706, #dc2626 or #6b7280 on white).  The header (red,
amber or green, not white) prints as "header COLOUR".

The PNG is decoded by hand (zlib and the five row filters), so that no
imaging library is needed.
"""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8 and colour in (2, 6), "unexpected PNG format"
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 255
        elif kind == 3:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + (a + previous[i]) // 2) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        previous = line
    return width, height, rows


WHITE, GREY = (255, 255, 255), (0xf3, 0xf4, 0xf6)
HEADERS = {(0xdc, 0x26, 0x26): "red", (0xd9, 0x77, 0x06): "amber", (0x16, 0xa3, 0x4a): "green"}
LINE = (0x25, 0x63, 0xeb)
BADGES = {(0x16, 0xa3, 0x4a), (0xd9, 0x77, 0x06), (0xdc, 0x26, 0x26), (0x6b, 0x72, 0x80)}


def runs(row, colour, least):
    """The [start, end) of the runs of colour at least `least` pixels long."""
    found, start = [], None
    for x, pixel in enumerate(row + [None]):
        if pixel == colour and start is None:
            start = x
        elif pixel != colour and start is not None:
            if x - start >= least:
                found.append((start, x))
            start = None
    return found


def main():
    width, height, rows = decode(sys.argv[1])
    print("%d x %d" % (width, height))
    y = 0
    while y < height:
        row = rows[y]
        header = [name for colour, name in HEADERS.items() if len(runs(row, colour, width // 2)) == 1]
        if header:
            top = y
            while y < height and len(runs(rows[y], row[width // 2], width // 2)) == 1:
                y += 1
            if y - top >= 40:
                print("header", header[0])
            continue
        # a band starts on a row whose white runs are long (box tops)
        boxes = runs(row, WHITE, 150)
        if not boxes or any(rows[y][x] != GREY for x in range(0, boxes[0][0]) if x > 4):
            y += 1
            continue
        top = y
        # the band goes on while the row still has grey between the same boxes
        def same(r):
            return all(r[max(0, s - 1)] != WHITE or s == 0 for s, e in boxes) and \
                all(r[(s + e) // 2] != GREY for s, e in boxes)
        while y < height and same(rows[y]):
            y += 1
        if y - top < 40:
            continue
        line = sum(1 for r in rows[top:y] for s, e in boxes for p in r[s:e] if p == LINE)
        badge = sum(1 for r in rows[top:y] for s, e in boxes for p in r[s:e] if p in BADGES)
        print("band %d: %d box%s %s holds: line=%d badge=%d" % (
            top, len(boxes), "" if len(boxes) == 1 else "es",
            ",".join("%dx%d" % (e - s, y - top) for s, e in boxes), line, badge))


main()
