#!/bin/sh
# perf-report --format html in a real browser: the page opens in headless
# Chromium with no console message, every chart is drawn (in the DOM and
# on the screenshot), and hostile names run no script.  Skipped (exit 77)
# when chromium is not installed, a failure under CI=true (scripts/deps
# installs it).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"

need chromium chromium

# browse PAGE ARGS...: opens PAGE in headless Chromium with ARGS; its
# console goes to stderr.
browse() {
	page=$1
	shift
	run chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --user-data-dir="$WORK/chrome" --enable-logging=stderr --v=0 \
	    --virtual-time-budget=2000 "$@" "file://$WORK/$page"
	cp "$WORK/stdout" "$WORK/dom.html"
	cp "$WORK/stderr" "$WORK/browser.log"
}

# console_messages: the console lines of the last browse.
console_messages() {
	grep 'CONSOLE' "$WORK/browser.log" || true
}

# png_check WIDTH: decodes the screenshot and prints its size and how many
# pixels have the colour of the critical header and of the first chart line.
png_check() {
	/usr/bin/python3 - "$WORK/shot.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
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
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = previous[i]
        c = previous[i - bpp] if i >= bpp else 0
        if kind == 1: line[i] = (line[i] + a) & 255
        elif kind == 2: line[i] = (line[i] + b) & 255
        elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    previous = line
def count(rgb):
    return sum(1 for row in rows for i in range(0, stride, bpp) if tuple(row[i:i + 3]) == rgb)
print(width, "x", height)
print("header red", count((0xdc, 0x26, 0x26)) > 1000)
print("chart blue", count((0x25, 0x63, 0xeb)) > 100)
PY
}

begin "the pipeline's HTML report opens in headless Chromium with no console message"
perf-report -f html "$R/pipeline.ndjson" >page.html
browse page.html --dump-dom
expect_status 0
console_messages >console.txt
expect_file console.txt </dev/null
end

begin "Chromium's DOM of the report holds every chart: 4 figures, 11 lines, 10 sparklines"
perf-report -f html "$R/pipeline.ndjson" >page.html
browse page.html --dump-dom
expect_status 0
run sh -c 'grep -o "<figure class=\"chart\"><h3>[^<]*</h3><svg" "$0" | wc -l;
    grep -o "<polyline class=\"series\"" "$0" | wc -l;
    grep -o "<svg class=\"spark\"" "$0" | wc -l' "$WORK/dom.html"
expect_stdout <<'EOF2'
4
11
10
EOF2
end

begin "the screenshot on a phone-sized window shows the critical header and the chart lines"
perf-report -f html "$R/pipeline.ndjson" >page.html
browse page.html --window-size=412,1400 --screenshot="$WORK/shot.png"
expect_status 0
run png_check
expect_stdout <<'EOF2'
412 x 1400
header red True
chart blue True
EOF2
end

begin "a page with hostile names, tags and actions runs no script in Chromium"
perf-report -f html "$R/hostile.ndjson" >page.html
browse page.html --dump-dom
expect_status 0
console_messages >console.txt
expect_file console.txt </dev/null
expect_no_line '<(script|img|a)[ >]|<[^>]*[[:space:]]on[a-z]+='
expect_stdout_matches grep -q '&lt;script&gt;alert(1)&lt;/script&gt;'
end

begin "the console check is not blind: it sees the message of a page that logs one"
printf '<!DOCTYPE html><title>x</title><script>console.error("canary")</script>\n' >canary.html
browse canary.html --dump-dom
expect_status 0
run console_messages
expect_stdout_matches grep -q canary
end

finish
