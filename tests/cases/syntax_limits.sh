#!/bin/sh
# syntax_limits.sh — pathological inputs give a bounded answer: one diagnostic, the right
# exit status, output of bounded size. Sizes, not timings (the machine's speed varies);
# a run that recursed without limit or wrote gigabytes fails here by crashing or by size.
set -u
fail() { printf 'syntax_limits: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
command -v python3 >/dev/null 2>&1 || fail "python3 is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"
header='plan "P" { start 2026-01; horizon 1 year }'

# count FILE CODE: how many diagnostics with CODE the text output of FILE holds.
count() { grep -c "error\[$2\]" "$1"; }

# A 50,000-long chain of unit words, or of 'per WORD', is one E112 (it used to overflow
# the stack of every pass after the parser), for check, for run and for --dump-ast.
for chain in ' USD' ' per year'; do
    python3 -c "import sys; sys.stdout.write('$header\nlet x = 1' + '$chain' * 50000 + '\n')" > chain.plan
    "$TRELLIS" check chain.plan > out.txt 2>&1
    status=$?
    [ "$status" -eq 1 ] || fail "check on a 50,000-long '$chain' chain: exit $status, expected 1"
    [ "$(count out.txt E112)" -eq 1 ] && [ "$(grep -c 'error\[' out.txt)" -eq 1 ] ||
        fail "check on a '$chain' chain: expected exactly one E112, got: $(cut -c1-120 out.txt)"
    "$TRELLIS" run chain.plan > out.txt 2>&1
    status=$?
    [ "$status" -eq 1 ] || fail "run on a '$chain' chain: exit $status, expected 1"
    "$TRELLIS" check --dump-ast chain.plan > dump.txt 2>/dev/null
    size=$(wc -c < dump.txt)
    [ "$size" -lt 100000 ] || fail "--dump-ast of a '$chain' chain wrote $size bytes"
done
# 100,000 adjacent stray characters are one E103, in a file of one line (its positions
# used to be counted from the line start for every diagnostic).
python3 -c "import sys; sys.stdout.write('skill s { title ' + '\$' * 100000 + ' }\n')" > stray.plan
"$TRELLIS" check stray.plan > out.txt 2>&1
status=$?
[ "$status" -eq 1 ] || fail "a run of 100,000 '\$': exit $status, expected 1"
[ "$(grep -c 'error\[' out.txt)" -eq 1 ] && [ "$(count out.txt E103)" -eq 1 ] ||
    fail "a run of 100,000 '\$': expected one E103, got: $(cut -c1-120 out.txt | head)"
[ "$(wc -c < out.txt)" -lt 2000 ] || fail "a run of 100,000 '\$': the report is $(wc -c < out.txt) bytes"
exit 0
