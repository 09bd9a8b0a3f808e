# perf-collect log --format openmetrics --strict against the whole parser
# suite of the OpenMetrics project, which lives in ../shared/conformance
# beside the clone: a clone on its own skips this file (exit 77).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

need_shared conformance/openmetrics/parsers
SUITE="$SHARED/conformance/openmetrics/parsers"

begin "--strict openmetrics accepts exactly the suite's cases that should parse"
: >verdicts
for dir in "$SUITE"/*/; do
	case_dir=${dir%/}
	should=$(jq -r .shouldParse "$case_dir/test.json")
	perf-collect log --format openmetrics --strict "$case_dir/metrics" >/dev/null 2>&1
	code=$?
	if [ "$should" = true ] && [ "$code" -ne 0 ]; then
		echo "${case_dir##*/}: should parse, exit status $code" >>verdicts
	elif [ "$should" = false ] && [ "$code" -ne 3 ]; then
		echo "${case_dir##*/}: should not parse, exit status $code" >>verdicts
	fi
done
expect_file verdicts </dev/null
if [ "$(ls "$SUITE" | wc -l)" -ne 211 ]; then
	fail "the suite has $(ls "$SUITE" | wc -l) cases, expected 211"
fi
end

finish
