#!/bin/sh
# `run --svg` and `--html`: self-contained files (no address but the SVG namespace), one
# chart per series group, written whole (no temporary file left beside them), the report
# still on stdout, and an unwritable destination is exit 2 with one line on stderr.
set -u
fail() { echo "run_charts: $*"; exit 1; }
plan="$TRELLIS_ROOT/examples/unified.plan"
mkdir charts && cd charts || fail "cannot make a directory"
"$TRELLIS" run "$plan" --svg out.svg --html out.html > report.txt 2> err.txt || fail "run exited $?"
grep -q '^Goals' report.txt || fail "the text report is missing from stdout"
head -c 200 out.svg | grep -q '<svg xmlns="http://www.w3.org/2000/svg"' || fail "out.svg does not start with an svg element"
tail -c 20 out.svg | grep -q '</svg>' || fail "out.svg is not closed"
for f in out.svg out.html; do
    others=$(grep -o 'https\?://[^" ]*' "$f" | grep -v '^http://www.w3.org/2000/svg$' | head -1)
    [ -z "$others" ] || fail "$f refers to $others: it must be self-contained"
done
for title in 'Spend against budget' 'Headcount' 'Measure: seller_behavior' 'Goal: keep_people' 'Goal: apply_skills'; do
    grep -q "$title" out.svg || fail "out.svg has no chart '$title'"
done
grep -q '<html' out.html && grep -q '<svg' out.html && grep -q 'apply_skills' out.html || fail "out.html lacks the report or its charts"
[ "$(ls -A | grep -c -v -e '^out.svg$' -e '^out.html$' -e '^report.txt$' -e '^err.txt$')" = 0 ] || fail "temporary files left: $(ls -A)"
"$TRELLIS" run "$plan" --svg no/such/dir/out.svg > /dev/null 2> err2.txt
status=$?
[ $status = 2 ] || fail "an unwritable --svg exited $status, expected 2"
[ "$(wc -l < err2.txt)" = 1 ] || fail "expected one line on stderr, got: $(cat err2.txt)"
exit 0
