#!/bin/sh
# Every option a program accepts is in its manual page: each long option
# that a program's --help lists (and each perf-collect subcommand's) must
# appear in man/PROGRAM.1 as \-\-NAME, and each page must render without
# a warning from groff.  "A flag that is not in the man page does not
# exist."
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"
MAN="$PERFPIPE_SOURCE/man"

# undocumented PROGRAM [SUBCOMMAND]: the long options in --help that the
# page does not name, one per line.
undocumented() {
	page="$MAN/$1.1"
	"$@" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u |
	while read -r option; do
		case $option in --help|--usage|--version) continue ;; esac
		escaped=$(printf '%s' "$option" | sed 's/-/\\\\-/g')
		grep -q -- "$escaped" "$page" || echo "$1: $option"
	done
}

for program in perf-aggregate perf-analyze perf-alert perf-report perfpipe; do
	begin "every option in $program --help is in man/$program.1"
	run undocumented "$program"
	expect_status 0
	expect_stdout_empty
	end
done

for subcommand in system log process exec replay; do
	begin "every option in perf-collect $subcommand --help is in man/perf-collect.1"
	run undocumented perf-collect "$subcommand"
	expect_status 0
	expect_stdout_empty
	end
done

if have groff groff-base; then
	for page in "$MAN"/*.[157]; do
		begin "man/$(basename "$page") renders without a groff warning"
		run sh -c 'groff -man -Tutf8 -ww -z "$1"' sh "$page"
		expect_status 0
		expect_stderr_empty
		end
	done
fi

finish
