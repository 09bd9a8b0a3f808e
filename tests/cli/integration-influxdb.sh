#!/bin/sh
# Integration with a real InfluxDB (1.x, Debian's influxdb): perf-report
# --format influx line protocol (a realistic pipeline, the report test's
# pipeline and buckets files, its hostile names, and the names, keys,
# values and times that line protocol cannot hold as they are) is written to an
# influxd on loopback through its HTTP /write API and read back by an
# InfluxQL /query: every line's measurement, tags, timestamp and float
# fields come back, the floats equal to the printed ones as doubles.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need influxd influxdb
need curl curl
R="$DATA/perf-report"

T="$WORK/influxdb"
mkdir -p "$T"
http_port=$(free_port)
rpc_port=$(free_port)
api="http://127.0.0.1:$http_port"
inputs="requests pipeline buckets hostile influx-edge"

# Everything in the temporary directory, every port on loopback, no
# reporting, no _internal database, no services but HTTP.
cat >"$T/influxdb.conf" <<EOF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc_port"
[meta]
  dir = "$T/meta"
[data]
  dir = "$T/data"
  wal-dir = "$T/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[subscriber]
  enabled = false
[continuous_queries]
  enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$http_port"
  log-enabled = false
  pprof-enabled = false
[logging]
  level = "warn"
EOF

# The reference: each line parsed by a line protocol reader of its own
# (a separator after a backslash is part of the text, and a backslash
# before a comma, space or equals sign is dropped), matched with the row that
# InfluxQL returns for its measurement, tag set and timestamp; float
# fields compared as doubles, exactly.  Rows that no line made are
# differences too.
cat >"$T/compare.py" <<'PY'
import json, sys
lines, answer = sys.argv[1], sys.argv[2]

def split(text, separator):
    """Splits at the separators that no backslash precedes."""
    parts, start = [], 0
    for i, c in enumerate(text):
        if c == separator and (i == 0 or text[i - 1] != "\\"):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts

def unescape(text):
    """Removes the backslash before a comma, space or equals sign."""
    out, i = "", 0
    while i < len(text):
        if text[i] == "\\" and text[i + 1:i + 2] in (",", " ", "="):
            i += 1
        out += text[i]
        i += 1
    return out

expected = {}
for text in open(lines):
    series, fields, time = split(text.rstrip("\n"), " ")
    name, *tags = split(series, ",")
    tags = tuple(sorted(tuple(unescape(part) for part in split(tag, "="))
                        for tag in tags))
    values = {}
    for field in split(fields, ","):
        key, value = split(field, "=")
        values[unescape(key)] = float(value)
    expected[(unescape(name), tags, int(time))] = values

got = {}
for result in json.load(open(answer))["results"]:
    for s in result.get("series", []):
        columns = s["columns"]
        for row in s["values"]:
            record = dict(zip(columns, row))
            tags = tuple(sorted((k, v) for k, v in s.get("tags", {}).items() if v != ""))
            fields = {k: v for k, v in record.items() if k != "time" and v is not None}
            got[(s["name"], tags, record["time"])] = fields

problems = ["missing from InfluxDB: %r" % (k,) for k in expected.keys() - got.keys()]
problems += ["not in the file: %r" % (k,) for k in got.keys() - expected.keys()]
for k in expected.keys() & got.keys():
    if got[k] != expected[k]:
        problems.append("%r: %r in InfluxDB, %r in the file" % (k, got[k], expected[k]))
for problem in sorted(problems):
    print(problem, file=sys.stderr)
fields = sum(len(v) for v in expected.values())
print("%d lines, %d fields read back equal" % (len(expected.keys() & got.keys()), fields))
sys.exit(1 if problems else 0)
PY

# influx_query Q: an InfluxQL query on the perfpipe database, with
# nanosecond timestamps.
influx_query() {
	curl -sf -G --data-urlencode "db=perfpipe" --data-urlencode "epoch=ns" \
		--data-urlencode "q=$1" "$api/query"
}

begin "perf-report -f influx writes line protocol for a realistic pipeline and the report tests' files"
run sh -c "perf-aggregate --window 1m --by pool,status \
	'$DATA/samples/requests.ndjson' | perf-report -f influx -o '$T/requests.lp' &&
	perf-report -f influx -o '$T/pipeline.lp' '$R/pipeline.ndjson' &&
	perf-report -f influx -o '$T/buckets.lp' '$R/buckets.ndjson' &&
	perf-report -f influx -o '$T/hostile.lp' '$R/hostile.ndjson' &&
	perf-report -f influx -o '$T/influx-edge.lp' '$R/influx-edge.ndjson'"
expect_status 0
expect_stdout_empty
expect_stderr_empty
echo "# $(cat "$T"/*.lp | wc -l) lines of line protocol"
end

serve influxd influxd run -config "$T/influxdb.conf"

begin "a real influxd on loopback answers /ping and creates the database"
wait_until 30 curl -sf "$api/ping" || {
	fail "influxd did not answer /ping on 127.0.0.1:$http_port within 30 s"
	tail -5 "$WORK/influxd.log" | sed 's/^/#   /'
}
run curl -sf -XPOST --data-urlencode "q=CREATE DATABASE perfpipe" "$api/query"
expect_status 0
expect_stdout <<'EOF'
{"results":[{"statement_id":0}]}
EOF
end

for input in $inputs; do
	begin "influxd accepts every line of $input.lp through /write (204 No Content)"
	run curl -s -o "$T/write.out" -w '%{http_code}\n' -XPOST \
		--data-binary "@$T/$input.lp" "$api/write?db=perfpipe&precision=ns"
	expect_status 0
	expect_stdout <<'EOF'
204
EOF
	[ ! -s "$T/write.out" ] || fail "write said: $(cat "$T/write.out")"
	end
done

begin "InfluxQL gives back every line of the five files: measurement, tags, time and fields"
cat "$T"/*.lp >"$T/all.lp"
run influx_query 'SELECT * FROM /.*/ GROUP BY *'
expect_status 0
cp "$WORK/stdout" "$T/answer.json"
run /usr/bin/python3 "$T/compare.py" "$T/all.lp" "$T/answer.json"
expect_status 0
expect_stderr_empty
sed 's/^/# /' "$WORK/stdout"
end

begin "InfluxQL reads the p99 of request.duration in pool a as the file writes it: 31.135"
run influx_query 'SELECT "p99" FROM "request.duration" WHERE "pool" = '"'a'"' ORDER BY time DESC LIMIT 1'
expect_status 0
cp "$WORK/stdout" "$T/p99.json"
run jq -r '.results[0].series[0].values[0][1]' "$T/p99.json"
expect_status 0
expect_stdout <<'EOF'
31.135
EOF
expect_stderr_empty
end

finish
