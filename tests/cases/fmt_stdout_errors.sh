#!/bin/sh
# fmt_stdout_errors.sh — output that cannot be written is an error, never a silent exit 0:
# `fmt`, `fmt --diff`, `fmt --check`, `check --dump-ast`, `check --format json`, `run`,
# `explain` and `--version` with standard output on a full device (/dev/full) exit 2 with
# "trellis: cannot write standard output: <reason>" on stderr. A stdout closed before the
# start that nothing is written to is no error (`fmt FILE >&-` rewrites FILE, exit 0).
set -u
T=${TRELLIS:?run me through tests/run.sh}
export LC_ALL=C
[ -w /dev/full ] || { echo "no /dev/full here: skipped"; exit 0; }
failed=0
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }

printf 'plan "Full" {\n  start 2026-01\n  horizon 1 year\n}\nrole r {\n  headcount 5\n}\n' > a.plan
cp a.plan orig.plan
printf 'role r { headcount 5 }\n' > small.plan

# expect_full DESCRIPTION ARGS...: stdout on /dev/full gives exit 2 and the message
expect_full() {
    what=$1
    shift
    "$T" "$@" < a.plan > /dev/full 2> err; st=$?
    [ "$st" -eq 2 ] || fail "$what: exit $st, expected 2"
    grep -qx 'trellis: cannot write standard output: No space left on device' err ||
        fail "$what: stderr was: $(cat err)"
}
expect_full "fmt < FILE" fmt
expect_full "fmt -" fmt -
expect_full "fmt --diff" fmt --diff a.plan
expect_full "fmt --check" fmt --check a.plan
expect_full "check --dump-ast" check --dump-ast a.plan
expect_full "check --format json" check --format json a.plan
expect_full "run" run a.plan
expect_full "run --format csv" run a.plan --format csv
expect_full "explain" explain E111
expect_full "--version" --version
cmp -s a.plan orig.plan || fail "--diff or --check changed the file"

# a large output fails inside fwrite, not at the final flush: the same message
i=0; : > big.plan
while [ $i -lt 2000 ]; do printf 'role r%d {\nheadcount 1\n}\n' $i >> big.plan; i=$((i + 1)); done
"$T" fmt < big.plan > /dev/full 2> err; st=$?
[ "$st" -eq 2 ] || fail "fmt of a large file to /dev/full: exit $st"
[ "$(grep -c 'cannot write standard output' err)" -eq 1 ] || fail "large output: stderr was: $(cat err)"

# nothing written to a closed stdout: no error
"$T" fmt small.plan >&- 2> err; st=$?
[ "$st" -eq 0 ] && [ ! -s err ] || fail "fmt FILE with stdout closed: exit $st, $(cat err)"
# something written to a closed stdout: exit 2
"$T" fmt < a.plan >&- 2> err; st=$?
[ "$st" -eq 2 ] || fail "fmt < FILE with stdout closed: exit $st"
grep -q 'cannot write standard output: Bad file descriptor' err || fail "closed stdout: stderr was: $(cat err)"

[ "$failed" -eq 0 ]
