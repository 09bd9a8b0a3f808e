# points.sh - writes the hostile point stream that the hostile-*.sh tests
# feed to every program: hostile_points FILE.  Generated rather than
# committed so that the NUL and invalid UTF-8 bytes are visible here.
# Line by line (numbers are the line numbers the programs report):
#   1  a good point                          13 a negative timer: accepted
#   2  truncated JSON                        14 out of order (earlier): accepted
#   3  invalid UTF-8 in the name             15 year 0001: accepted
#   4  invalid UTF-8 in a tag value          16 ts 1e15 (ms for s): rejected
#   5  a raw NUL byte                        17 duplicate "value": the last wins
#   6  \u0000 in a tag value                 18 duplicate tag key: the last wins
#   7  NaN     8 nan     9 Infinity          19 100 000 nested arrays
#   10 -Infinity    11 value 1e400           20 CRLF line ending: accepted
#   12 ts 1e400                              21 empty line: skipped
#   22 CRLF and a bad value: rejected (--rejects keeps it without the CR)
#   23 a JSON number, not an object          24 a good point, last line
hostile_points() {
	{
		printf '%s\n' '{"name":"ok","value":1,"ts":1764057600,"tags":{"host":"a"}}'
		printf '%s\n' '{"name":"truncated","value":1,"ts":17640'
		printf '{"name":"bad\377","value":1,"ts":1764057601}\n'
		printf '{"name":"tag","value":1,"ts":1764057601,"tags":{"host":"\303("}}\n'
		printf '{"name":"nul\000x","value":1,"ts":1764057602}\n'
		printf '%s\n' '{"name":"esc","value":1,"ts":1764057602,"tags":{"host":"a\u0000b"}}'
		printf '%s\n' '{"name":"nan","value":NaN,"ts":1764057603}'
		printf '%s\n' '{"name":"nan","value":nan,"ts":1764057603}'
		printf '%s\n' '{"name":"inf","value":Infinity,"ts":1764057603}'
		printf '%s\n' '{"name":"inf","value":-Infinity,"ts":1764057603}'
		printf '%s\n' '{"name":"big","value":1e400,"ts":1764057603}'
		printf '%s\n' '{"name":"big","value":1,"ts":1e400}'
		printf '%s\n' '{"name":"neg","value":-5,"type":"timer","unit":"ms","ts":1764057604}'
		printf '%s\n' '{"name":"ok","value":2,"ts":1764057500,"tags":{"host":"a"}}'
		printf '%s\n' '{"name":"past","value":1,"ts":-62135596800}'
		printf '%s\n' '{"name":"future","value":1,"ts":1e15}'
		printf '%s\n' '{"name":"dup","value":1,"value":2,"ts":1764057605}'
		printf '%s\n' '{"name":"dup","value":3,"ts":1764057605,"tags":{"k":"x","k":"y"}}'
		awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }'
		printf '{"name":"crlf","value":1,"ts":1764057606}\r\n'
		printf '\n'
		printf '{"name":"crlf","value":"x","ts":1764057606}\r\n'
		printf '%s\n' '42'
		printf '%s\n' '{"name":"ok","value":3,"ts":1764057607,"tags":{"host":"a"}}'
	} >"$1"
}

# The lines of the stream that every reader rejects, as --rejects keeps
# them (without the CR of a CRLF line).
hostile_rejected_lines() {
	hostile_points "$1.all"
	sed -n '2p;3p;4p;5p;6p;7p;8p;9p;10p;11p;12p;16p;19p;22p;23p' "$1.all" | tr -d '\r' >"$1"
	rm -f "$1.all"
}

# The messages for those lines, for input named $1 by program $2.
hostile_messages() {
	cat <<MESSAGES
$2: $1:2: malformed JSON: Unfinished JSON term at EOF at line 1, column 40
$2: $1:3: invalid UTF-8 at column 13
$2: $1:4: invalid UTF-8 at column 57
$2: $1:5: a NUL byte at column 13
$2: $1:6: tag "host" contains a NUL character
$2: $1:7: "value" is out of range
$2: $1:8: "value" is out of range
$2: $1:9: "value" is out of range
$2: $1:10: "value" is out of range
$2: $1:11: "value" is out of range
$2: $1:12: "ts" is out of range (years 0000 to 9999)
$2: $1:16: "ts" is out of range (years 0000 to 9999)
$2: $1:19: malformed JSON: Exceeds depth limit for parsing at line 1, column 257
$2: $1:22: "value" is not a number
$2: $1:23: not a JSON object
$2: 15 lines rejected
MESSAGES
}

# A line of SIZE bytes: a good point padded with an unknown field, which
# every program keeps when it passes a point on.
hostile_long_point() {	# hostile_long_point FILE SIZE
	{
		printf '{"name":"long","value":1,"ts":1764057600,"pad":"'
		head -c $(($2 - 51)) /dev/zero | tr '\0' x
		printf '"}\n'
	} >"$1"
}

# Aggregates with broken numbers, for the programs that read aggregates:
# hostile_aggregates FILE.  Lines 1 and 6 are good; 2 to 5 are rejected
# with the messages of hostile_aggregate_messages.
hostile_aggregates() {
	{
		printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057600,"end":1764057660,"window":{"type":"tumbling","size":60},"count":3,"mean":2,"max":5,"percentiles":{"p99":4}}'
		printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057660,"end":1764057720,"count":3,"mean":1e400}'
		printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057660,"end":1764057720,"count":3,"mean":2,"percentiles":{"p99":NaN}}'
		printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057720,"end":1764057660,"count":3,"mean":2}'
		printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057660,"end":1e300,"count":-3,"mean":2}'
		printf '%s\n' '{"kind":"aggregate","name":"a","tags":{"h":"x"},"start":1764057660,"end":1764057720,"window":{"type":"tumbling","size":60},"count":2,"mean":3,"max":4,"percentiles":{"p99":4}}'
	} >"$1"
}

hostile_aggregate_messages() {
	cat <<MESSAGES
$2: $1:2: "mean" is out of range
$2: $1:3: percentile "p99" is out of range
$2: $1:4: "end" is before "start"
$2: $1:5: "start" or "end" is out of range (years 0000 to 9999)
$2: 4 lines rejected
MESSAGES
}

# The size of the long line: 64 MiB, or 1 MiB in a sanitizer build
# (tests/cli/meson.build sets PERFPIPE_SANITIZED).
if [ -n "${PERFPIPE_SANITIZED:-}" ]; then
	HOSTILE_LONG=1048576
else
	HOSTILE_LONG=67108864
fi
