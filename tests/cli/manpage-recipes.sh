# The recipes are tests: every example of perfpipe(7) and of the EXAMPLES
# section of every other page (perf-*(1), perfpipe(1), perfpipe-stream(5))
# is extracted from the page's source
# (tests/cli/helpers/recipes.py), run with bash in a sandbox of sample
# data, and its exit status checked.  A recipe that no longer works, a new
# recipe, and a recipe whose text changed all fail here until the table
# below says what each one is and how it ends.
#
# The sandbox stands in for the machine a recipe names: absolute paths
# (/var, /etc/perfpipe, /usr/local/bin, /usr/local/lib/perfpipe) are moved
# under it, the input files a recipe names are the bundled samples (or
# small fixtures made here), ssh runs its command locally and curl serves
# the Prometheus/OpenMetrics samples or swallows a POST.  A recipe that
# collects from /proc forever gets a sample count (-n) in its EDIT column,
# and a crontab line loses its five time fields.  What is not run here
# says why and which test runs it instead.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
need jq jq
need /usr/bin/python3 python3

R="$WORK/sandbox"
mkdir -p "$R/bin" "$R/lib" "$R/etc/perfpipe" "$R/.ci" "$R/build" \
	"$R/var/log/nginx" "$R/var/log/app" "$R/var/log/perfpipe" "$R/var/lib/perf" \
	"$R/var/lib/perfpipe" "$R/var/www/perf" "$R/recipes"
SAMPLES="$PERFPIPE_SOURCE/tests/data/samples"
COLLECT="$PERFPIPE_SOURCE/tests/data/perf-collect"
for f in access.jsonl requests.jsonl requests.ndjson points.ndjson metrics.ndjson big.ndjson; do
	cp "$SAMPLES/requests.ndjson" "$R/$f"
done
cp "$SAMPLES/requests.ndjson" "$R/var/log/points.ndjson"
cp "$SAMPLES/requests.ndjson" "$R/var/log/app/points.ndjson"
cp "$SAMPLES/snakepit-telemetry.ndjson" "$R/telemetry.ndjson"
cp "$PERFPIPE_SOURCE/scripts/cron/rules.json" "$R/etc/perfpipe/rules.json"
cp "$PERFPIPE_SOURCE/scripts/cron/rules.json" "$R/rules.json"
cp "$COLLECT/nginx-combined.log" "$R/var/log/nginx/access.log"
gzip -c "$COLLECT/nginx-combined.log" >"$R/var/log/nginx/access.log.2.gz"
# perfpipe(1)'s access.log has request times (rt=), for its p99 alert
cp "$COLLECT/nginx-timed.log" "$R/access.log"
# perfpipe-stream(5)'s log.ndjson
cp "$SAMPLES/requests.ndjson" "$R/log.ndjson"
cp "$COLLECT/telegraf.influx" "$R/metrics.lp"
cp "$COLLECT/app.statsd" "$R/statsd.log"
/usr/bin/python3 - "$R" <<'EOF'
import gzip, json, sys
r = sys.argv[1]
# bench.ndjson: the sample plus 20 bench.latency points of 10..29 ms.
with open(r + "/bench.ndjson", "w") as f:
    f.write(open(r + "/requests.ndjson").read())
    for i in range(20):
        f.write(json.dumps({"name": "bench.latency", "value": 10 + i,
                            "ts": 1764057600 + i, "unit": "ms"}) + "\n")
# An nginx log in the format perf-collect(1)'s example declares.
lines = ['10.0.0.%d [25/Nov/2026:10:00:%02d +0000] "GET /a HTTP/1.1" 200 512 '
         'rt=0.0%02d pool=%s\n' % (i % 7, i, i, ("gpu", "batch")[i % 2])
         for i in range(40)]
with gzip.open(r + "/var/log/nginx/access.log.1.gz", "wt") as f:
    f.writelines(lines)
# JMeter-like CSV for the --map example and perfpipe(1)'s CI gate: a
# load of 200 s, so that its first three one-minute windows are whole.
with open(r + "/results.csv", "w") as f:
    f.write("timeStamp,elapsed,label\n")
    for i in range(200):
        f.write("%d,%d,%s\n" % (1764057600000 + 1000 * i, 10 + i, ("home", "cart")[i % 2]))
# Apache's '%h %l %u %t "%r" %>s %b %D'.
with open(r + "/access_log", "w") as f:
    for i in range(10):
        f.write('192.0.2.%d - - [25/Nov/2026:10:00:%02d +0000] "GET /x HTTP/1.1" 200 %d %d\n'
                % (i, i, 100 + i, 1000 * (i + 1)))
EOF
cat >"$R/.ci/perf-rules.json" <<'EOF'
{"rules": [{"name": "bench-mean", "metric": "bench.latency", "stat": "mean",
  "op": ">", "threshold": 1000, "severity": "critical"}]}
EOF
printf 'check:\n\tsleep 1\n' >"$R/Makefile"
printf '#!/bin/sh\nsleep 0.01\n' >"$R/bench-baseline"
printf '#!/bin/sh\nsleep 0.01\n' >"$R/bench-candidate"
printf '#!/bin/sh\nsleep 0.01\n' >"$R/build/bench-parser"
: >"$R/big.log"
printf '#!/bin/sh\nshift\nexec sh -c "$*"\n' >"$R/bin/ssh"
cat >"$R/bin/curl" <<EOF
#!/bin/sh
case "\$*" in
*--data*) cat >/dev/null ;;
*8080*) cat "$COLLECT/scrape.om" ;;
*) cat "$COLLECT/scrape.prom" ;;
esac
EOF
printf '#!/bin/sh\ncat >/dev/null\n' >"$R/bin/mail-alert"
printf '#!/bin/sh\ncat >/dev/null\n' >"$R/bin/notify"
chmod +x "$R/bin/"* "$R/bench-baseline" "$R/bench-candidate" "$R/build/bench-parser"
# shift_stream FILE DAYS: the records of FILE moved in time so that they
# end two hours (plus DAYS days) before now, for the recipes that replay
# the history --since 6h, 1d or 8d.
shift_stream() {
	/usr/bin/python3 -c '
import json, sys, time
records = [json.loads(l) for l in open(sys.argv[1])]
last = max(r.get("end", r.get("ts", 0)) or 0 for r in records)
delta = int(time.time()) - 7200 - float(sys.argv[2]) * 86400 - last
delta -= delta % 3600
for r in records:
    for key in ("ts", "start", "end", "triggered_at", "resolved_at"):
        if isinstance(r.get(key), (int, float)):
            r[key] += delta
    print(json.dumps(r))
' "$@"
}
# candidate.ndjson is the baseline's runs again: perf-analyze(1)'s compare
# recipe must exit 0, and two timed runs of one command a side flag a
# false regression now and then (the sanitizer build showed it).
(
	cd "$R" &&
	perf-aggregate --window 1m --by pool requests.ndjson >aggregates.ndjson &&
	perf-analyze aggregates.ndjson | perf-alert -t 'request.duration:p99 > 1000' >stream.ndjson &&
	cp stream.ndjson var/lib/perf/stream.ndjson &&
	shift_stream stream.ndjson 7.2 >week-ago-stream.ndjson &&
	shift_stream stream.ndjson 0 >today-stream.ndjson &&
	perf-collect log --format jsonl --store var/lib/perfpipe/history -o /dev/null \
	    week-ago-stream.ndjson today-stream.ndjson &&
	perf-collect exec -n 8 --name bench -- ./bench-baseline >baseline.ndjson &&
	cp baseline.ndjson candidate.ndjson
) 2>"$WORK/setup.err" || { cat "$WORK/setup.err"; fail "the sandbox could not be made"; }

/usr/bin/python3 "$PERFPIPE_SOURCE/tests/cli/helpers/recipes.py" "$PERFPIPE_SOURCE/man" \
	"$R/recipes" >"$WORK/found"

# ID|SHA-1 (10)|STATUS (a number, or - when not run here)|EDIT (sed, optional)|WHY
cat >"$WORK/table" <<'EOF'
perf-aggregate.1-1|8fad0e742a|0||
perf-aggregate.1-2|55fd296f7d|0|s/system -i 1 /system -i 1 -n 2 /|
perf-aggregate.1-3|e9857a8015|0||
perf-aggregate.1-4|13d2eb6127|0||
perf-aggregate.1-5|994370e1bc|0||
perf-alert.1-1|b8a8ee22f2|0||
perf-alert.1-2|0b11acfdb2|0||
perf-alert.1-3|0b0addcb8d|0|s/-n 55/-n 2/|
perf-alert.1-4|3c6c94f1da|-||a crontab line: its command is the script of perf-alert.1-3, run here
perf-alert.1-5|7ff7110a0a|0|s/-n 55/-n 2/|
perf-analyze.1-1|d3fcef7615|0||
perf-analyze.1-2|cdaadc59ba|0||
perf-analyze.1-3|5cc15a8953|0||
perf-analyze.1-4|e35d950ce9|0||
perf-collect.1-1|d744cf886f|0|s/-n 60/-n 2/|
perf-collect.1-2|f7ed935ee0|0||
perf-collect.1-3|58b234e95d|0||
perf-collect.1-4|30fba0ec83|0||
perf-collect.1-5|172988ddf5|0||
perf-collect.1-6|3c7ce07dc9|0||
perf-collect.1-7|fcfd779506|0||
perf-collect.1-8|7bf9cb80fa|0|s/^\* \* \* \* \* //|
perf-collect.1-9|c09e3ccedc|0||
perf-collect.1-10|d26065cae1|0|s/-i 10s /-i 1 -n 2 /; s/ &$//|
perf-collect.1-11|b747e9e8e7|0||
perf-report.1-1|525863a546|0||
perf-report.1-2|14b6296a54|0|s/^\*\/5 \* \* \* \*  //|
perf-report.1-3|fc26326863|0|s/system -i 1 /system -i 1 -n 3 /|
perf-report.1-4|45c430b69f|0||
perf-report.1-5|4cc11bede7|0|s/system -i 1 /system -i 1 -n 3 /|
perfpipe-stream.5-1|20ee10a92e|0||
perfpipe-stream.5-2|392b514cd2|0||
perfpipe.1-1|845d347826|0||
perfpipe.1-2|3a0faab404|0||
perfpipe.1-3|f495980cf2|0||
perfpipe.1-4|96266e56be|0||
perfpipe.7-1|537ab524a9|-||a diagram of the five programs, not a command
perfpipe.7-2|e93cde8840|0|s#access.log.1.gz#var/log/nginx/access.log.1.gz#; s#--explain access.log#--explain var/log/nginx/access.log#|
perfpipe.7-3|9fcc161328|0||
perfpipe.7-4|5f2d3c70e4|0||
perfpipe.7-5|ead093a39f|-||a crontab sketch with wrapped lines; scripts/cron/crontab is the runnable one (workflow-cron.sh)
perfpipe.7-6|e681072d6d|0||
perfpipe.7-7|858905c4a0|1||
perfpipe.7-8|ba924446c9|0||
perfpipe.7-9|8f40263812|0|s/-n 30/-n 5/; s|^scripts/ci-gate.sh|"$PERFPIPE_SOURCE"/scripts/ci-gate.sh||
perfpipe.7-10|884a41c356|0|s/system -i 1 /system -i 1 -n 3 /|
perfpipe.7-11|cf99806470|0|s/parallel /parallel --will-cite /|
perfpipe.7-12|15bff2f433|0||
perfpipe.7-13|567237bc8c|-||the mapper of the MapReduce recipe: workflow-scale-out.sh runs it with the shuffle and the reducer
perfpipe.7-14|3d3c07c509|-||the shuffle of the MapReduce recipe (workflow-scale-out.sh)
perfpipe.7-15|bbb16d42e0|-||the reducer of the MapReduce recipe (workflow-scale-out.sh)
perfpipe.7-16|73e296d5d6|-||the MapReduce recipe's local run (workflow-scale-out.sh)
perfpipe.7-17|0de4307e15|-||needs a Hadoop cluster
perfpipe.7-18|17f8a79ab3|-||needs Spark (PySpark)
perfpipe.7-19|ed95c58145|-||scripts/cron/crontab's entries, run tick by tick by workflow-cron.sh
perfpipe.7-20|9ddb02af0b|-||scripts/cron/rules.json, compared and loaded by workflow-cron.sh
perfpipe.7-21|5288e10cb3|0||
perfpipe.7-22|1927b48819|0||
perfpipe.7-23|6506137104|-||the table of bench figures, output rather than a command
perfpipe.7-24|0fb4a395f9|-||scripts/bench itself: minutes of load against peers, run by hand, never as a test
EOF

begin "every recipe of the manual is in the table, unchanged since it was checked"
count=$(wc -l <"$WORK/found")
[ "$count" -gt 40 ] || fail "only $count recipes found in the man pages"
while read -r id sha; do
	line=$(grep "^$id|" "$WORK/table") || { fail "$id ($sha) is a new recipe: add it to the table"; continue; }
	[ "$(echo "$line" | cut -d'|' -f2)" = "$sha" ] ||
		fail "$id changed (now $sha): run it and update the table"
done <"$WORK/found"
cut -d'|' -f1 "$WORK/table" | while read -r id; do
	grep -q "^$id " "$WORK/found" || echo "$id"
done >"$WORK/gone"
[ -s "$WORK/gone" ] && fail "in the table but not in the pages: $(tr '\n' ' ' <"$WORK/gone")"
end

# Runs recipe ID in the sandbox with its edits; sets status.
run_recipe() {
	sed -e "s|/var/|$R/var/|g; s|/etc/perfpipe|$R/etc/perfpipe|g" \
	    -e "s|/usr/local/bin/|$R/bin/|g; s|/usr/local/lib/perfpipe/|$R/lib/|g" \
	    -e "$2" "$R/recipes/$1.sh" >"$R/run-$1.sh"
	run env PATH="$R/bin:$PATH" GITHUB_STEP_SUMMARY="$R/summary.md" \
	    PERFPIPE_SOURCE="$PERFPIPE_SOURCE" sh -c 'cd "$1" && exec timeout 120 bash "$2"' sh \
	    "$R" "$R/run-$1.sh"
}

ran=0
while IFS='|' read -r id sha want edit why; do
	[ "$want" = "-" ] && continue
	begin "recipe $id runs on the sample data and exits $want"
	run_recipe "$id" "${edit:-s/^//}"
	expect_status "$want"
	ran=$((ran + 1))
	end
done <"$WORK/table"

begin "recipes run here and recipes run elsewhere add up to every recipe"
[ "$ran" -gt 30 ] || fail "only $ran recipes ran"
[ "$((ran + $(grep -c '|-|' "$WORK/table")))" -eq "$(wc -l <"$WORK/found")" ] ||
	fail "$ran run + $(grep -c '|-|' "$WORK/table") elsewhere != $(wc -l <"$WORK/found") found"
end

finish
