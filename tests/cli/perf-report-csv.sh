#!/bin/sh
# perf-report --format csv: one row per aggregate (tags as columns,
# percentiles flattened), RFC 4180 quoting through libcsv, read back by
# Python's csv module to the very values of the stream.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
R="$DATA/perf-report"

# read_back STREAM: reads report.csv (see keep_csv) with Python's csv module and
# checks every row against the aggregate of STREAM it came from: the same
# name, tags, unit, type and the same doubles (compared exactly).
# keep_csv keeps the output of the last run as report.csv.
keep_csv() {
	cp "$WORK/stdout" "$WORK/report.csv"
}

read_back() {
	/usr/bin/python3 - "$1" "$WORK/report.csv" <<'PY'
import csv, json, sys
stream = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
aggregates = [r for r in stream if r.get("kind") == "aggregate"]
with open(sys.argv[2], newline="") as f:
    rows = list(csv.DictReader(f))
assert len(rows) == len(aggregates), (len(rows), len(aggregates))
def key(name, tags, start):
    return (name, tuple(sorted(tags.items())), start)
by_key = {key(a["name"], a.get("tags", {}), a["start"]): a for a in aggregates}
for row in rows:
    tags = {k[4:]: v for k, v in row.items() if k.startswith("tag.") and v != ""}
    a = by_key[key(row["name"], tags, float(row["start"]))]
    assert row["unit"] == a.get("unit", ""), row
    assert row["type"] == a.get("type", ""), row
    for field in ("end", "count", "sum", "min", "max", "mean", "stddev", "rate", "last"):
        want = a.get(field)
        assert (row[field] == "") if want is None else float(row[field]) == want, (field, row)
    for p, want in a.get("percentiles", {}).items():
        assert float(row[p]) == want, (p, row)
print(len(rows), "rows read back")
PY
}

begin "perf-report --format csv writes one row per aggregate in report order"
run perf-report --format csv "$R/pipeline.ndjson"
expect_status 0
expect_stdout <"$R/expected/pipeline.csv"
expect_stderr_empty
end

begin "perf-report -f csv of the pipeline reads back with Python's csv module to the same values"
run perf-report -f csv "$R/pipeline.ndjson"
keep_csv
run read_back "$R/pipeline.ndjson"
expect_status 0
expect_stdout <<'EOF2'
60 rows read back
EOF2
end

begin "perf-report -f csv quotes commas, quotes, line breaks and edge spaces as RFC 4180 says"
run perf-report -f csv "$R/csv-edge.ndjson"
expect_status 0
# the line break inside the quoted field is a bare LF, the record ends in CRLF
printf '"multi\nline"," edge spaces ","say ""hi""",ms,,1764057600.125,1764057610.125,2,0.30000000000000004,0.1,0.2,0.15000000000000002,,,,0.1,0.1,0.2\r\n' >row.csv
{ printf 'name,tag.note,tag.q,unit,type,start,end,count,sum,min,max,mean,stddev,rate,last,p9,p50,p99.9\r\n'; cat row.csv; } >expected.csv
expect_stdout <expected.csv
end

begin "perf-report -f csv of quoted and multi-line fields reads back exactly"
run perf-report -f csv "$R/csv-edge.ndjson"
keep_csv
run read_back "$R/csv-edge.ndjson"
expect_status 0
expect_stdout <<'EOF2'
1 rows read back
EOF2
end

begin "perf-report -f csv of hostile names reads back exactly"
run perf-report -f csv "$R/hostile.ndjson"
expect_stdout <"$R/expected/hostile.csv"
keep_csv
run read_back "$R/hostile.ndjson"
expect_status 0
expect_stdout <<'EOF2'
3 rows read back
EOF2
end

begin "perf-report -f csv of a stream without aggregates is the header alone"
run perf-report -f csv "$R/compare.ndjson"
expect_status 0
printf 'name,unit,type,start,end,count,sum,min,max,mean,stddev,rate,last\r\n' >expected.csv
expect_stdout <expected.csv
end

finish
