#!/bin/sh
# The man pages render clean: groff -ww (every warning) finds nothing in
# any page, and no alternating font macro (.BR and its kin) was given
# prose, whose words it would glue together
# (tests/cli/helpers/man_glued_words.py).
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

need groff groff-base
pages=$(ls "$PERFPIPE_SOURCE"/man/*.[157])

begin "groff -ww warns of nothing in any man page"
[ -n "$pages" ] || fail "no man page found"
: >"$WORK/stderr"
for page in $pages; do
	groff -t -ww -man -Tutf8 -z "$page" 2>>"$WORK/stderr"
done
expect_stderr_empty
end

begin "no alternating font macro glues the words of a sentence (the .BR slip in perf-collect(1))"
run /usr/bin/python3 "$PERFPIPE_SOURCE/tests/cli/helpers/man_glued_words.py" $pages
expect_status 0
expect_stdout_matches grep -Eq '^checked [1-9][0-9]* macro lines$'
end

begin "the glued-words check finds a slip (canary)"
printf '%s\n' '.TH X 1' '.BR page (5)), tagged with the subcommand;' >slip.1
run /usr/bin/python3 "$PERFPIPE_SOURCE/tests/cli/helpers/man_glued_words.py" slip.1
expect_status 1
expect_stdout <<'EOF'
checked 1 macro lines
slip.1:2: .BR page (5)), tagged with the subcommand;
EOF
end

finish
