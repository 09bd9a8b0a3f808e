# scripts/bench-common.sh - what scripts/bench and scripts/bench-nginx
# share, sourced by both: installing the peers they compare with, one
# release build (build-bench/, so that the figures do not depend on how
# build/ was configured), and timing a command with GNU time.
#
# bench_install COMMAND:PACKAGE...  installs each PACKAGE whose COMMAND is
#                                   missing (apt-get, through sudo when not
#                                   root)
# bench_build                       sets $bench_tools to build-bench/tools
# bench_time FILE COMMAND...        runs COMMAND (stdin and stdout as given)
#                                   and writes "CPU-SECONDS KILOBYTES
#                                   WALL-SECONDS" to FILE
# bench_best_wall COMMAND...        the best wall seconds of three runs,
#                                   output discarded

bench_top=$(cd "$(dirname "$0")/.." && pwd)

bench_install() {
	bench_missing=""
	for bench_pair in "$@"; do
		command -v "${bench_pair%%:*}" >/dev/null 2>&1 ||
			bench_missing="$bench_missing ${bench_pair#*:}"
	done
	[ -z "$bench_missing" ] && return 0
	echo "scripts/bench: installing$bench_missing" >&2
	if [ "$(id -u)" -eq 0 ]; then bench_sudo=""; else bench_sudo="sudo"; fi
	export DEBIAN_FRONTEND=noninteractive
	$bench_sudo apt-get update -qq
	# shellcheck disable=SC2086
	$bench_sudo apt-get install -y -qq --no-install-recommends $bench_missing >/dev/null
}

bench_build() {
	"$bench_top/scripts/deps"
	[ -f "$bench_top/build-bench/build.ninja" ] ||
		meson setup "$bench_top/build-bench" "$bench_top" --buildtype=release >/dev/null
	ninja -C "$bench_top/build-bench" >/dev/null
	bench_tools="$bench_top/build-bench/tools"
}

bench_time() {
	bench_file=$1
	shift
	/usr/bin/time -f "%U %S %M %e" -o "$bench_file.raw" "$@"
	awk '{ print $1 + $2, $3, $4 }' "$bench_file.raw" >"$bench_file"
	rm -f "$bench_file.raw"
}

bench_best_wall() {
	bench_best=""
	for bench_run in 1 2 3; do
		bench_time "${TMPDIR:-/tmp}/perfpipe-bench.$$" "$@" >/dev/null 2>&1 </dev/null
		bench_best=$(awk -v best="$bench_best" '{ t = $3 }
			END { print (best == "" || t < best) ? t : best }' "${TMPDIR:-/tmp}/perfpipe-bench.$$")
	done
	rm -f "${TMPDIR:-/tmp}/perfpipe-bench.$$"
	echo "$bench_best"
}
