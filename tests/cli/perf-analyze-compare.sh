# perf-analyze compare: the statistical CI gate between two sets of runs
# (Mann-Whitney U, Welch's t, Hodges-Lehmann interval, verdict, exit 1 on a
# regression).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
# Independent figures from scipy over the raw input (scipy 1.10.1).
REFERENCE="/usr/bin/python3 $PERFPIPE_SOURCE/tests/cli/helpers/scipy_reference.py"

begin "perf-analyze compare fails a 10% slowdown over 30 runs a side"
run perf-analyze compare "$DATA/perf-analyze/runs-baseline.ndjson" "$DATA/perf-analyze/runs-slower.ndjson"
expect_status 1
mask_figures change change_low change_high u p_value welch_t welch_df welch_p_value
expect_stdout <<'OUT'
{"kind":"finding","type":"comparison","name":"exec.duration","tags":{"benchmark":"parse"},"severity":"critical","message":"exec.duration{benchmark=parse} regressed: median 114 ms against 103 ms (+9.88%, 95% confidence +7.52% to +12.5%; Mann-Whitney p = 3.2e-09 over 30 and 30 runs).","stat":"value","unit":"ms","verdict":"regression","baseline":{"n":30,"median":103.3625,"mean":102.963},"candidate":{"n":30,"median":113.5765,"mean":113.22896666666665},"change":"(scipy)","change_low":"(scipy)","change_high":"(scipy)","confidence":0.95,"u":"(scipy)","p_value":"(scipy)","exact":false,"welch_t":"(scipy)","welch_df":"(scipy)","welch_p_value":"(scipy)","alpha":0.05,"threshold":0.05}
{"kind":"finding","type":"comparison","name":"exec.max_rss","tags":{"benchmark":"parse"},"severity":"info","message":"exec.max_rss{benchmark=parse} did not change: median 239 MiB against 238 MiB (+0.502%, 95% confidence -0.602% to +1.08%; Mann-Whitney p = 0.49 over 30 and 30 runs).","stat":"value","unit":"MB","verdict":"no_change","baseline":{"n":30,"median":249.14999999999998,"mean":249.4933333333333},"candidate":{"n":30,"median":250.39999999999998,"mean":250.14333333333337},"change":"(scipy)","change_low":"(scipy)","change_high":"(scipy)","confidence":0.95,"u":"(scipy)","p_value":"(scipy)","exact":false,"welch_t":"(scipy)","welch_df":"(scipy)","welch_p_value":"(scipy)","alpha":0.05,"threshold":0.05}
OUT
expect_stderr_empty
end

begin "perf-analyze compare passes two samples of one distribution"
run perf-analyze compare "$DATA/perf-analyze/runs-same-baseline.ndjson" "$DATA/perf-analyze/runs-same.ndjson"
expect_status 0
mask_figures change change_low change_high u p_value welch_t welch_df welch_p_value
expect_stdout <<'OUT'
{"kind":"finding","type":"comparison","name":"exec.duration","tags":{"benchmark":"parse"},"severity":"info","message":"exec.duration{benchmark=parse} did not change: median 101 ms against 99.6 ms (+1.33%, 95% confidence -1.63% to +3.81%; Mann-Whitney p = 0.48 over 30 and 30 runs).","stat":"value","unit":"ms","verdict":"no_change","baseline":{"n":30,"median":99.592,"mean":99.40956666666665},"candidate":{"n":30,"median":100.91550000000001,"mean":100.35596666666667},"change":"(scipy)","change_low":"(scipy)","change_high":"(scipy)","confidence":0.95,"u":"(scipy)","p_value":"(scipy)","exact":false,"welch_t":"(scipy)","welch_df":"(scipy)","welch_p_value":"(scipy)","alpha":0.05,"threshold":0.05}
{"kind":"finding","type":"comparison","name":"exec.max_rss","tags":{"benchmark":"parse"},"severity":"info","message":"exec.max_rss{benchmark=parse} did not change: median 239 MiB against 238 MiB (+0.502%, 95% confidence -0.602% to +1.08%; Mann-Whitney p = 0.49 over 30 and 30 runs).","stat":"value","unit":"MB","verdict":"no_change","baseline":{"n":30,"median":249.14999999999998,"mean":249.4933333333333},"candidate":{"n":30,"median":250.39999999999998,"mean":250.14333333333337},"change":"(scipy)","change_low":"(scipy)","change_high":"(scipy)","confidence":0.95,"u":"(scipy)","p_value":"(scipy)","exact":false,"welch_t":"(scipy)","welch_df":"(scipy)","welch_p_value":"(scipy)","alpha":0.05,"threshold":0.05}
OUT
expect_stderr_empty
end

begin "U, its p-value, Welch's t, df and p, the change of the medians and its Hodges-Lehmann interval agree with scipy and numpy (1e-9 relative)"
for pair in "runs-baseline runs-slower" "runs-same-baseline runs-same" "runs-same-baseline runs-few"; do
	set -- $pair
	$REFERENCE compare "$DATA/perf-analyze/$1.ndjson" "$DATA/perf-analyze/$2.ndjson" >reference
	run perf-analyze compare "$DATA/perf-analyze/$1.ndjson" "$DATA/perf-analyze/$2.ndjson"
	expect_count 2 '.[] | select(.type == "comparison")'
	expect_agrees_with reference
done
end

begin "perf-analyze compare passes the slowdown under --threshold 15%"
run sh -c 'perf-analyze compare --threshold 15% "$1" "$2" >out; s=$?; grep -o "\"verdict\":\"[a-z_]*\"" out; echo "status $s"' sh "$DATA/perf-analyze/runs-baseline.ndjson" "$DATA/perf-analyze/runs-slower.ndjson"
expect_status 0
expect_stdout <<'OUT'
"verdict":"no_change"
"verdict":"no_change"
status 0
OUT
expect_stderr_empty
end

begin "perf-analyze compare calls the rise an improvement under --higher-is-better"
run sh -c 'perf-analyze compare --higher-is-better exec.duration "$1" "$2"; echo "status $?"' sh "$DATA/perf-analyze/runs-baseline.ndjson" "$DATA/perf-analyze/runs-slower.ndjson"
expect_status 0
mask_figures change change_low change_high u p_value welch_t welch_df welch_p_value
expect_stdout <<'OUT'
{"kind":"finding","type":"comparison","name":"exec.duration","tags":{"benchmark":"parse"},"severity":"info","message":"exec.duration{benchmark=parse} improved: median 114 ms against 103 ms (+9.88%, 95% confidence +7.52% to +12.5%; Mann-Whitney p = 3.2e-09 over 30 and 30 runs).","stat":"value","unit":"ms","verdict":"improvement","baseline":{"n":30,"median":103.3625,"mean":102.963},"candidate":{"n":30,"median":113.5765,"mean":113.22896666666665},"change":"(scipy)","change_low":"(scipy)","change_high":"(scipy)","confidence":0.95,"u":"(scipy)","p_value":"(scipy)","exact":false,"welch_t":"(scipy)","welch_df":"(scipy)","welch_p_value":"(scipy)","alpha":0.05,"threshold":0.05}
{"kind":"finding","type":"comparison","name":"exec.max_rss","tags":{"benchmark":"parse"},"severity":"info","message":"exec.max_rss{benchmark=parse} did not change: median 239 MiB against 238 MiB (+0.502%, 95% confidence -0.602% to +1.08%; Mann-Whitney p = 0.49 over 30 and 30 runs).","stat":"value","unit":"MB","verdict":"no_change","baseline":{"n":30,"median":249.14999999999998,"mean":249.4933333333333},"candidate":{"n":30,"median":250.39999999999998,"mean":250.14333333333337},"change":"(scipy)","change_low":"(scipy)","change_high":"(scipy)","confidence":0.95,"u":"(scipy)","p_value":"(scipy)","exact":false,"welch_t":"(scipy)","welch_df":"(scipy)","welch_p_value":"(scipy)","alpha":0.05,"threshold":0.05}
status 0
OUT
expect_stderr_empty
end

begin "perf-analyze compare warns under 9 runs a side and uses the exact test"
run perf-analyze compare "$DATA/perf-analyze/runs-same-baseline.ndjson" "$DATA/perf-analyze/runs-few.ndjson"
expect_status 0
mask_figures change change_low change_high u p_value welch_t welch_df welch_p_value
expect_stdout <<'OUT'
{"kind":"finding","type":"comparison","name":"exec.duration","tags":{"benchmark":"parse"},"severity":"info","message":"exec.duration{benchmark=parse} did not change: median 98.8 ms against 99.6 ms (-0.792%, 95% confidence -5.94% to +4.62%; Mann-Whitney p = 0.7 over 30 and 5 runs).","stat":"value","unit":"ms","verdict":"no_change","baseline":{"n":30,"median":99.592,"mean":99.40956666666665},"candidate":{"n":5,"median":98.803,"mean":98.7958},"change":"(scipy)","change_low":"(scipy)","change_high":"(scipy)","confidence":0.95,"u":"(scipy)","p_value":"(scipy)","exact":true,"welch_t":"(scipy)","welch_df":"(scipy)","welch_p_value":"(scipy)","alpha":0.05,"threshold":0.05}
{"kind":"finding","type":"comparison","name":"exec.max_rss","tags":{"benchmark":"parse"},"severity":"info","message":"exec.max_rss{benchmark=parse} did not change: median 239 MiB against 238 MiB (+0.421%, 95% confidence -1.32% to +1.57%; Mann-Whitney p = 0.71 over 30 and 5 runs).","stat":"value","unit":"MB","verdict":"no_change","baseline":{"n":30,"median":249.14999999999998,"mean":249.4933333333333},"candidate":{"n":5,"median":250.2,"mean":249.85999999999999},"change":"(scipy)","change_low":"(scipy)","change_high":"(scipy)","confidence":0.95,"u":"(scipy)","p_value":"(scipy)","exact":false,"welch_t":"(scipy)","welch_df":"(scipy)","welch_p_value":"(scipy)","alpha":0.05,"threshold":0.05}
OUT
expect_stderr <<'OUT'
perf-analyze: exec.duration{benchmark=parse}: 30 baseline and 5 candidate runs; fewer than 9 a side make a weak comparison
perf-analyze: exec.max_rss{benchmark=parse}: 30 baseline and 5 candidate runs; fewer than 9 a side make a weak comparison
OUT
end

begin "perf-analyze compare needs exactly two files"
run perf-analyze compare "$DATA/perf-analyze/runs-baseline.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: compare needs two files, BASELINE and CANDIDATE, not 1
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
end

begin "perf-analyze compare refuses an alpha of 2"
run perf-analyze compare --alpha 2 "$DATA/perf-analyze/runs-baseline.ndjson" "$DATA/perf-analyze/runs-slower.ndjson"
expect_status 2
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: --alpha: 2 is not between 0 and 1
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
OUT
end

begin "perf-analyze compare exits 3 when a file cannot be read"
run perf-analyze compare missing.ndjson "$DATA/perf-analyze/runs-slower.ndjson"
expect_status 3
expect_stdout_empty
expect_stderr <<'OUT'
perf-analyze: missing.ndjson: No such file or directory
OUT
end

finish
