#!/bin/sh
# Integration with a real Prometheus: perf-report --format prometheus
# output (a realistic pipeline with buckets, the report tests' pipeline and
# buckets files, their hostile names, and tags whose label names collide)
# passes promtool check metrics, is
# served by a loopback HTTP server, scraped by a real prometheus every
# second, and every sample read back through the HTTP query API
# (/api/v1/query) has the labels and the value of the file.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need prometheus prometheus
need promtool prometheus
need curl curl
R="$DATA/perf-report"

T="$WORK/prometheus"
mkdir -p "$T/www" "$T/data"
web_port=$(free_port)
prometheus_port=$(free_port)
api="http://127.0.0.1:$prometheus_port"
jobs="requests pipeline buckets hostile label-collisions"

{
	printf 'global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n'
	for job in $jobs; do
		printf '  - job_name: %s\n    metrics_path: /%s.txt\n' "$job" "$job"
		printf '    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' "$web_port"
	done
} >"$T/prometheus.yml"

# The reference: the file read by the Prometheus client library's own
# parser, each sample matched with the series of the job that the query
# API returns (without the job and instance labels Prometheus adds, and
# without its scrape series), values compared as doubles, exactly.
cat >"$T/compare.py" <<'PY'
import json, sys
from prometheus_client.parser import text_string_to_metric_families
exposition, answer, job = sys.argv[1], sys.argv[2], sys.argv[3]
expected, problems = {}, []
for family in text_string_to_metric_families(open(exposition).read()):
    for s in family.samples:
        key = (s.name, tuple(sorted(s.labels.items())))
        if key in expected:
            problems.append("twice in the file: %s %s" % key)
        expected[key] = s.value
scrape_series = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
                 "scrape_samples_post_metric_relabeling", "scrape_series_added"}
got = {}
for series in json.load(open(answer))["data"]["result"]:
    labels = dict(series["metric"])
    name = labels.pop("__name__")
    if name in scrape_series:
        continue
    assert labels.pop("job") == job
    labels.pop("instance")
    got[(name, tuple(sorted(labels.items())))] = float(series["value"][1])
problems += ["missing from Prometheus: %s %s" % k for k in expected.keys() - got.keys()]
problems += ["not in the file: %s %s" % k for k in got.keys() - expected.keys()]
problems += ["%s %s: %r in Prometheus, %r in the file" % (k[0], k[1], got[k], expected[k])
             for k in expected.keys() & got.keys() if got[k] != expected[k]]
for problem in sorted(problems):
    print(problem, file=sys.stderr)
print("job %s: %d samples read back equal" % (job, len(expected.keys() & got.keys())))
sys.exit(1 if problems else 0)
PY

# query EXPR: prints the API's JSON answer for an instant query.
query() {
	curl -sf -G --data-urlencode "query=$1" "$api/api/v1/query"
}

# scraped: every job has had a successful scrape.
scraped() {
	query 'count(up == 1)' | jq -ne 'input | .data.result[0].value[1] == "5"'
}

begin "perf-report -f prometheus of a pipeline with buckets passes promtool check metrics"
run sh -c "perf-aggregate --window 1m --by pool,status --buckets 5,10,25,50,100,250 \
	'$DATA/samples/requests.ndjson' | perf-report -f prometheus -o '$T/www/requests.txt'"
expect_status 0
expect_stderr_empty
run_input "$T/www/requests.txt" promtool check metrics
expect_status 0
expect_stdout_empty
expect_stderr_empty
echo "# $(grep -vc '^#' "$T/www/requests.txt") samples in requests.txt"
end

begin "perf-report -f prometheus writes the report test's files for the scrape"
run sh -c "perf-report -f prometheus -o '$T/www/pipeline.txt' '$R/pipeline.ndjson' &&
	perf-report -f prometheus -o '$T/www/buckets.txt' '$R/buckets.ndjson' &&
	perf-report -f prometheus -o '$T/www/hostile.txt' '$R/hostile.ndjson' &&
	perf-report -f prometheus -o '$T/www/label-collisions.txt' '$R/label-collisions.ndjson'"
expect_status 0
expect_stdout_empty
expect_stderr_empty
end

serve web /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$T/www" "$web_port"
serve prometheus prometheus --config.file="$T/prometheus.yml" \
	--storage.tsdb.path="$T/data" --web.listen-address="127.0.0.1:$prometheus_port"

begin "a real prometheus scrapes the five files from a loopback HTTP server within 30 s"
if ! wait_until 30 scraped; then
	fail "no successful scrape of all five jobs within 30 s"
	query up | sed 's/^/#   /'
	tail -5 "$WORK/prometheus.log" | sed 's/^/#   /'
fi
end

for job in $jobs; do
	begin "every sample of $job.txt is read back through /api/v1/query with its labels and value"
	run query "{job=\"$job\"}"
	expect_status 0
	cp "$WORK/stdout" "$T/$job.json"
	run /usr/bin/python3 "$T/compare.py" "$T/www/$job.txt" "$T/$job.json" "$job"
	expect_status 0
	expect_stderr_empty
	sed 's/^/# /' "$WORK/stdout"
	end
done

begin "Prometheus gives a percentile of the pipeline in seconds: the last window's p99 of 31.135 ms is 0.031135"
run curl -sf -G --data-urlencode \
	'query=request_duration_seconds{job="pipeline",pool="a",quantile="0.99"}' "$api/api/v1/query"
expect_status 0
cp "$WORK/stdout" "$T/p99.json"
run jq -r '.data.result[] | .value[1]' "$T/p99.json"
expect_status 0
# From the raw stream: the last window's p99 of pool a, in ms, moved three
# decimal places (decimal arithmetic, as a person would)
/usr/bin/python3 -c '
import json, sys
from decimal import Decimal
windows = [json.loads(l, parse_float=Decimal) for l in open(sys.argv[1])]
windows = [w for w in windows if w.get("kind") == "aggregate" and w["name"] == "request.duration"
           and w["tags"].get("pool") == "a"]
print(max(windows, key=lambda w: w["start"])["percentiles"]["p99"].scaleb(-3))
' "$R/pipeline.ndjson" >expected.txt
expect_stdout <expected.txt
expect_stderr_empty
end

finish
