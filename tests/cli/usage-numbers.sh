#!/bin/sh
# Numeric options of all five programs go through one strict parser
# (tools/common tool_read_number): plain decimal only, so inf, nan, hex,
# trailing junk and values beyond a double are usage errors that name the
# option, in the one usage-error shape of every program: "PROGRAM:
# message", then the Try line, exit status 2, nothing on standard output.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

begin "perf-report --width inf is refused, naming --width"
run perf-report --width inf /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-report: --width: "inf" is not a number
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF
end

begin "perf-report --width nan is refused, naming --width"
run perf-report --width nan /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-report: --width: "nan" is not a number
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF
end

begin "perf-report --width with trailing junk (80x) is refused"
run perf-report --width 80x /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-report: --width: "80x" is not a number
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF
end

begin "perf-report --width beyond a double (1e400) is out of range"
run perf-report --width 1e400 /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-report: --width: 1e400 is out of range
Try 'perf-report --help' or 'perf-report --usage' for more information.
EOF
end

begin "perf-aggregate --max-buckets 0x20 (hex) is refused, naming --max-buckets"
run perf-aggregate --max-buckets 0x20 /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: --max-buckets: "0x20" is not a number
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

begin "perf-aggregate --max-buckets 8 is below its minimum of 16"
run perf-aggregate --max-buckets 8 /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: --max-buckets: 8 is below the minimum 16
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

begin "perf-aggregate --buckets with an infinite bound is refused"
run perf-aggregate --buckets 10,inf /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: --buckets: "inf" is not a finite number
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

begin "perf-aggregate --accuracy with a leading blank is refused"
run perf-aggregate --accuracy ' 0.01' /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-aggregate: --accuracy: " 0.01" is not a number
Try 'perf-aggregate --help' or 'perf-aggregate --usage' for more information.
EOF
end

begin "perf-analyze --sensitivity nan is refused, naming --sensitivity"
run perf-analyze --sensitivity nan /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-analyze: --sensitivity: "nan" is not a number
Try 'perf-analyze --help' or 'perf-analyze --usage' for more information.
EOF
end

begin "perf-collect system --count 0x3 is refused, naming --count"
run perf-collect system --count 0x3
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: --count: "0x3" is not a number
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF
end

begin "perf-collect log --store-buffer inf is refused, naming --store-buffer"
run perf-collect log --format jsonl --store-buffer inf /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-collect: --store-buffer: "inf" is not a number
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF
end

begin "perf-alert's usage errors have the same shape (--format xml)"
run perf-alert -t 'a:max > 1' --format xml /dev/null
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF'
perf-alert: --format: "xml" is not stream or alertmanager
Try 'perf-alert --help' or 'perf-alert --usage' for more information.
EOF
end

begin "perf-report --width 80, plain decimal, is still accepted"
run perf-report --width 80 /dev/null
expect_status 0
expect_stderr_empty
end

finish
