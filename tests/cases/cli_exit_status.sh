#!/bin/sh
# cli_exit_status.sh — `trellis check` exits 0 when the plan has no errors, 1 when it has,
# and 2 when it could not run: an unreadable file or a usage mistake, each told in exactly
# one line on stderr with nothing on stdout. `explain` exits 2 on an unknown code.
set -u
fail() { printf 'cli_exit_status: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"

# expect STATUS STDERR_LINES DESCRIPTION ARGS...: run trellis with ARGS and check the exit
# status and the number of lines on stderr ("-" for any number).
expect() {
    want=$1 lines=$2 what=$3
    shift 3
    "$TRELLIS" "$@" > out.txt 2> err.txt < /dev/null
    got=$?
    [ "$got" -eq "$want" ] || fail "$what: exit status $got, expected $want (stderr: $(cat err.txt))"
    if [ "$lines" != - ]; then
        n=$(wc -l < err.txt)
        [ "$n" -eq "$lines" ] || fail "$what: $n lines on stderr, expected $lines: $(cat err.txt)"
    fi
}

printf 'plan "Exit" {\n  start 2026-01\n  horizon 2 years\n}\nrole manager { headcount 5 }\n' > good.plan
printf 'role manager {\n  headcount = 5\n}\n' > bad.plan

expect 0 0 "a clean plan" check good.plan
expect 1 0 "a plan with an error" check bad.plan
expect 1 0 "a clean plan and one with an error" check good.plan bad.plan
"$TRELLIS" check - < good.plan > out.txt 2> err.txt
[ $? -eq 0 ] || fail "a clean plan on stdin: expected exit status 0: $(cat out.txt err.txt)"
"$TRELLIS" check - < bad.plan > out.txt 2> err.txt
[ $? -eq 1 ] || fail "a plan with an error on stdin: expected exit status 1"
grep -q '^<stdin>:2:13: error\[E111\]' out.txt || fail "errors read from stdin are not located in <stdin>: $(cat out.txt)"

expect 2 1 "a missing file" check missing.plan
[ ! -s out.txt ] || fail "a missing file: nothing should go to stdout, got: $(cat out.txt)"
grep -q "missing.plan" err.txt || fail "a missing file: the message does not name it: $(cat err.txt)"
expect 2 1 "a missing file after a good one" check good.plan missing.plan
expect 2 1 "a missing file after a bad one" check bad.plan missing.plan
mkdir -p adir
expect 2 1 "a directory" check adir
if [ "$(id -u)" != 0 ]; then   # root reads anything
    printf 'role r { headcount 1 }\n' > locked.plan
    chmod 000 locked.plan
    expect 2 1 "a file without read permission" check locked.plan
fi

expect 2 1 "an unknown option" check --frobnicate good.plan
[ ! -s out.txt ] || fail "an unknown option: nothing should go to stdout, got: $(cat out.txt)"
grep -q -- "--frobnicate" err.txt || fail "an unknown option: the message does not name it: $(cat err.txt)"
expect 2 1 "an unknown format" check --format xml good.plan
expect 2 1 "--format without a value" check --format
expect 2 1 "check without a file" check
expect 2 1 "an unknown command" frobnicate
grep -q "unknown command 'frobnicate'" err.txt || fail "an unknown command: $(cat err.txt)"
expect 2 1 "an unknown option instead of a command" --frob
grep -q "unknown option '--frob'" err.txt || fail "an unknown option instead of a command is not called an option: $(cat err.txt)"
expect 0 0 "--version" --version
grep -q '^trellis [0-9]' out.txt || fail "--version prints '$(cat out.txt)'"

expect 0 0 "explain a known code" explain E104
expect 0 0 "explain by name" explain unterminated-string
expect 2 1 "explain an unknown code" explain E999
expect 2 1 "explain without a code" explain
exit 0
