# Canaries for the harness itself: each comparison helper of lib.sh is fed
# a deliberately wrong output and must fail its case (and the file must
# exit 1), and each kind of skip must exit 77, or fail under CI=true.  If
# a helper could not fail, every test that relies on it would be a stub;
# these cases are how we know that the harness can fail.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

# inner BODY: runs a test file of one case, "canary", made of BODY (the
# outcome of a command already faked in $WORK of the inner file), and
# prints its exit status and its verdict lines.
inner() {
	mkdir -p inner
	{
		printf '. "$PERFPIPE_SOURCE/tests/cli/lib.sh"\n'
		printf 'begin canary\n%s\nend\nfinish\n' "$1"
	} >inner/test.sh
	sh inner/test.sh >inner/out 2>&1
	echo "exit $?"
	grep -E '^(ok|not ok) - |^SKIP: |^FAIL: |^[0-9]+ passed' inner/out
}

# canary WHAT BODY: the case must fail (not ok, 0 passed, 1 failed, exit 1).
canary() {
	begin "canary: $1 fails on a wrong output"
	run inner "$2"
	expect_stdout <<'EOF'
exit 1
not ok - canary
0 passed, 1 failed
EOF
	end
}

# control BODY: the same helpers pass on the right output (so that a
# canary fails for the wrong output, not for a broken case).
control() {
	begin "control: $1 passes on the right output"
	run inner "$2"
	expect_stdout <<'EOF'
exit 0
ok - canary
1 passed, 0 failed
EOF
	end
}

canary "expect_status" 'run sh -c "exit 3"; expect_status 0'
control "expect_status" 'run sh -c "exit 3"; expect_status 3'
canary "expect_stdout" 'run echo 41; expect_stdout <<EOF
42
EOF'
control "expect_stdout" 'run echo 42; expect_stdout <<EOF
42
EOF'
canary "expect_stdout (a missing last line)" 'run printf "a\n"; expect_stdout <<EOF
a
b
EOF'
canary "expect_stderr at the end of a pipeline (a subshell)" 'run sh -c "echo oops >&2"; echo "oh no" | expect_stderr'
control "expect_stderr at the end of a pipeline (a subshell)" 'run sh -c "echo oops >&2"; echo "oops" | expect_stderr'
canary "expect_stderr" 'run sh -c "echo oops >&2"; expect_stderr <<EOF
oh no
EOF'
canary "expect_file" 'echo wrong >f; expect_file f <<EOF
right
EOF'
canary "expect_stdout_empty" 'run echo x; expect_stdout_empty'
canary "expect_stderr_empty" 'run sh -c "echo x >&2"; expect_stderr_empty'
canary "expect_stdout_matches" 'run echo "{\"a\":1}"; expect_stdout_matches jq -e ".a == 2"'
canary "expect_count" 'run echo "{\"a\":1}"; expect_count 2 ".[]"'
canary "expect_count (not JSON)" 'run echo "not json"; expect_count 1 ".[]"'
canary "expect_each (nothing selected: the count guard)" 'run true; expect_each ".[]" ".a == 1"'
canary "expect_each (a value without the property)" 'run printf "{\"a\":1}\n{\"a\":2}\n"; expect_each ".[]" ".a == 1"'
control "expect_each" 'run printf "{\"a\":1}\n{\"a\":1}\n"; expect_each ".[]" ".a == 1"'
canary "expect_some (nothing selected: the count guard)" 'run true; expect_some ".[]" ".a == 1"'
canary "expect_some (no value with the property)" 'run printf "{\"a\":2}\n"; expect_some ".[]" ".a == 1"'
canary "expect_no_line (empty output: the count guard)" 'run true; expect_no_line "<script"'
canary "expect_no_line (a matching line)" 'run echo "<SCRIPT>"; expect_no_line "<script"'
control "expect_no_line" 'run echo "<p>"; expect_no_line "<script"'

# expect_agrees_with against a reference 0.1% off (a p-value times
# 1.001), one with no line, and one that matches no record.
printf '%s\n' '{"match":{"name":"x"},"want":{"p_value":3.1967402228021653e-09}}' >good.ref
jq -c '.want.p_value *= 1.001' good.ref >off.ref
: >empty.ref
printf '%s\n' '{"match":{"name":"y"},"want":{"p_value":3.1967402228021653e-09}}' >other.ref
point='{\"name\":\"x\",\"p_value\":3.1967402228021653e-09}'
canary "expect_agrees_with (a p-value times 1.001)" "run echo \"$point\"; expect_agrees_with $WORK/off.ref"
canary "expect_agrees_with (no reference line)" "run echo \"$point\"; expect_agrees_with $WORK/empty.ref"
canary "expect_agrees_with (no record matches)" "run echo \"$point\"; expect_agrees_with $WORK/other.ref"
control "expect_agrees_with" "run echo \"$point\"; expect_agrees_with $WORK/good.ref"
canary "wait_lines (a file that never grows)" ': >never; tries=295; wait_lines 1 never'

begin "canary: need on a missing program skips the file (exit 77), naming what is missing"
run sh -c 'printf ". \"\$PERFPIPE_SOURCE/tests/cli/lib.sh\"\nneed no-such-program-here some-package\nbegin x\nend\nfinish\n" >needs.sh; CI= sh needs.sh'
expect_status 77
expect_stdout <<'EOF'
SKIP: no-such-program-here not found (the Debian package some-package; scripts/deps installs it)
0 passed, 0 failed, 1 skipped
EOF
end

begin "canary: under CI=true need on a missing program fails the file (exit 1)"
run sh -c 'CI=true sh needs.sh'
expect_status 1
expect_stdout <<'EOF'
FAIL: no-such-program-here not found, and under CI=true scripts/deps installs the Debian package some-package
0 passed, 1 failed
EOF
end

begin "canary: a missing ../shared folder skips the file (exit 77), naming the folder"
run sh -c 'printf ". \"\$PERFPIPE_SOURCE/tests/cli/lib.sh\"\nneed_shared conformance/none\nfinish\n" >shared.sh; PERFPIPE_SHARED=/nonexistent sh shared.sh'
expect_status 77
expect_stdout <<'EOF'
SKIP: ../shared/conformance/none is missing (the folder beside the clone, /nonexistent/conformance/none)
0 passed, 0 failed, 1 skipped
EOF
end

# unguarded FILE...: prints each jq all( or any( check with no count
# guard (a "length" on its line or on one of the three before it), then
# how many checks there were.  Inside lib.sh the helpers guard their own.
unguarded() {
	awk '
		FNR == 1 { prev[1] = prev[2] = prev[3] = "" }
		/all\(|any\(/ {
			guarded = ($0 ~ /length/)
			for (i = 1; i <= 3; i++) if (prev[i] ~ /length/) guarded = 1
			if (!guarded) printf "%s:%d: %s\n", FILENAME, FNR, $0
			checks++
		}
		{ prev[3] = prev[2]; prev[2] = prev[1]; prev[1] = $0 }
		END { printf "%d checks\n", checks }' "$@"
}

begin "every jq all( or any( check in tests/cli has a count guard beside it"
cd "$PERFPIPE_SOURCE/tests/cli" || exit 2
run unguarded $(ls *.sh | grep -v -e '^lib.sh$' -e '^harness-canaries.sh$')
cd "$WORK" || exit 2
expect_stdout_matches sh -c 'read checks word && [ "$word" = checks ] && [ "$checks" -gt 0 ]'
end

begin "canary: the count-guard check reports an all( without a guard"
printf '%s\n' "expect_stdout_matches jq -e -s 'all(.[]; .a == 1)'" >unguarded.sh
run unguarded unguarded.sh
expect_stdout <<'EOF'
unguarded.sh:1: expect_stdout_matches jq -e -s 'all(.[]; .a == 1)'
1 checks
EOF
end

finish
