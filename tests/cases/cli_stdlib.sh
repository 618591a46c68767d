#!/bin/sh
# cli_stdlib.sh — when the standard library cannot be found, every command that checks a
# plan exits 2 with one line on stderr that names where it looked: the TRELLIS_STDLIB
# directory when it is set (which is then not passed over for another), else both places
# beside the binary. A TRELLIS_STDLIB that holds prelude.plan is used.
set -u
fail() { echo "cli_stdlib: $*"; exit 1; }
printf 'plan "P" { start 2026-01; horizon 1 year }\nrole r { headcount 3 }\nscenario s { r.headcount 4 }\n' > p.plan
# expect_missing WANT ARGS...: exit 2, nothing on stdout, one line on stderr holding WANT
expect_missing() {
    want=$1; shift
    "$@" < /dev/null > out.txt 2> err.txt; st=$?
    [ $st -eq 2 ] || fail "$*: exit $st, expected 2 ($(cat err.txt))"
    [ ! -s out.txt ] || fail "$*: wrote to stdout: $(cat out.txt)"
    [ "$(wc -l < err.txt)" -eq 1 ] || fail "$*: expected one line on stderr, got: $(cat err.txt)"
    grep -qF -- "$want" err.txt || fail "$*: the message does not say '$want': $(cat err.txt)"
}
mkdir empty
for cmd in "check p.plan" "run p.plan" "compare p.plan baseline s" "diff p.plan p.plan" "repl p.plan"; do
    # shellcheck disable=SC2086
    TRELLIS_STDLIB=$(pwd)/empty expect_missing "TRELLIS_STDLIB is '$(pwd)/empty', which holds no prelude.plan" "$TRELLIS" $cmd
done
# unset: the two places beside the binary (a copy of it where there is no stdlib)
mkdir bin
cp "$TRELLIS" bin/trellis
here=$(pwd)
(unset TRELLIS_STDLIB; expect_missing "no prelude.plan in $here/bin/stdlib or $here/bin/../share/trellis/stdlib; set TRELLIS_STDLIB" bin/trellis check p.plan) || exit 1
# the installed layout is found without TRELLIS_STDLIB
mkdir -p prefix/bin prefix/share/trellis
cp "$TRELLIS" prefix/bin/trellis
cp -r "$TRELLIS_STDLIB" prefix/share/trellis/stdlib
(unset TRELLIS_STDLIB; prefix/bin/trellis check p.plan > out.txt 2>&1) || fail "the installed layout was not found: $(cat out.txt)"
# a TRELLIS_STDLIB that holds the prelude is used
mkdir lib
cp "$TRELLIS_STDLIB"/*.plan lib/
TRELLIS_STDLIB=$(pwd)/lib "$TRELLIS" check p.plan > out.txt 2>&1 || fail "TRELLIS_STDLIB=lib: $(cat out.txt)"
exit 0
