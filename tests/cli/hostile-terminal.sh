#!/bin/sh
# Terminal-safe text: C0 and C1 controls and the bidi controls (U+202A-
# U+202E, U+2066-U+2069) in names, tags and file names never reach the
# terminal raw: messages on standard error show them escaped ("\x1b",
# "\u202e"), perf-report's text and Markdown output as '?'.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

# forbidden FILE: counts the raw controls in FILE (ESC, C1 controls as
# UTF-8, bidi controls), from its bytes
forbidden() {
	/usr/bin/python3 -c '
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
bad = [c for c in text if (ord(c) < 0x20 and c not in "\n") or 0x7f <= ord(c) <= 0x9f
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
print(len(bad))' "$1"
}

name=$(printf 'a\033[2Jb\342\200\256c\302\233d\342\201\246e')

begin "a file name with ESC, U+202E, U+009B and U+2066 is escaped in the message on standard error"
run perf-aggregate "$name.ndjson"
expect_status 3
expect_stderr <<'EOF'
perf-aggregate: a\x1b[2Jb\u202ec\u009bd\u2066e.ndjson: No such file or directory
EOF
[ "$(forbidden "$WORK/stderr")" -eq 0 ] || fail "raw controls on standard error"
end

/usr/bin/python3 -c 'import json, sys
print(json.dumps({"kind": "aggregate", "name": "m", "tags": {"h": sys.argv[1]}, "start": 0,
    "end": 60, "count": 1, "mean": 5}, ensure_ascii=False))' "$name" >aggregate.ndjson

begin "perf-report's text output shows the controls of a tag value as '?'"
run perf-report aggregate.ndjson
expect_status 0
grep -c 'h=a?\[2Jb?c?d?e' "$WORK/stdout" >count
[ "$(cat count)" -gt 0 ] || fail "the tag is not in the report"
[ "$(forbidden "$WORK/stdout")" -eq 0 ] || fail "$(forbidden "$WORK/stdout") raw controls in the text report"
end

begin "perf-report's Markdown output shows the controls of a tag value as '?'"
run perf-report --format markdown aggregate.ndjson
expect_status 0
grep -c 'h=a?\\\[2Jb?c?d?e' "$WORK/stdout" >count
[ "$(cat count)" -gt 0 ] || fail "the tag is not in the report"
[ "$(forbidden "$WORK/stdout")" -eq 0 ] || fail "$(forbidden "$WORK/stdout") raw controls in the Markdown report"
end

finish
