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
#                                   WALL-SECONDS" to FILE; returns
#                                   COMMAND's exit status
# bench_best_wall COMMAND...        the best wall seconds of three runs,
#                                   output discarded
# bench_nginx_log LINES             writes a realistic nginx combined log
#                                   of LINES lines (fixed seed)

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
	bench_status=0
	/usr/bin/time -f "%U %S %M %e" -o "$bench_file.raw" "$@" || bench_status=$?
	# on failure GNU time writes "Command exited with non-zero status N"
	# before the figures
	awk 'END { print $1 + $2, $3, $4 }' "$bench_file.raw" >"$bench_file"
	rm -f "$bench_file.raw"
	return "$bench_status"
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

# A realistic combined log: a few hosts, paths with ids and queries,
# mostly 200s, real user agents, 50 lines a second.
bench_nginx_log() {
	awk -v n="$1" 'BEGIN {
		srand(42)
		split("GET GET GET GET POST PUT DELETE HEAD", methods, " ")
		split("/api/v1/users /api/v1/orders /static/app.js /healthz /login /api/v1/search", paths, " ")
		split("200 200 200 200 200 201 204 301 304 404 500 502", codes, " ")
		split("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0|curl/8.5.0|kube-probe/1.30|python-requests/2.32.3", agents, "|")
		for (i = 0; i < n; i++) {
			t = 1764057600 + int(i / 50)
			s = t % 60; m = int(t / 60) % 60; h = int(t / 3600) % 24
			printf "10.0.%d.%d - - [25/Nov/2025:%02d:%02d:%02d +0000] \"%s %s/%d?q=%d HTTP/1.1\" %s %d \"-\" \"%s\"\n",
			    int(rand() * 4), int(rand() * 250), h, m, s, methods[int(rand() * 8) + 1],
			    paths[int(rand() * 6) + 1], int(rand() * 10000), int(rand() * 100),
			    codes[int(rand() * 12) + 1], int(rand() * 50000), agents[int(rand() * 4) + 1]
		}
	}'
}
