#!/bin/sh
# diff --format json is valid JSON whatever the file names hold (quotes, backslashes, a
# newline-free but odd name), and compare --format json too.
set -u
fail() { echo "whatif_diff_json: $*"; exit 1; }
command -v jq > /dev/null 2>&1 || fail "jq is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"
valid() { jq -e -s 'length == 1' "$1" > /dev/null; }   # one JSON document, nothing after it
cp "$TRELLIS_ROOT/tests/golden/whatif/_diff_old.plan" 'q"x.plan'
cp "$TRELLIS_ROOT/tests/golden/whatif/_diff_new.plan" 'b\s.plan'
"$TRELLIS" diff 'q"x.plan' 'b\s.plan' --format json > d.json || fail "diff failed"
valid d.json || { cat d.json; fail "diff --format json is not JSON"; }
grep -q '"old": "q\\"x.plan"' d.json || { cat d.json; fail "the old name is not escaped"; }
grep -q '"new": "b\\\\s.plan"' d.json || { cat d.json; fail "the new name is not escaped"; }
"$TRELLIS" compare 'q"x.plan' baseline --format json > c.json || fail "compare failed"
valid c.json || { cat c.json; fail "compare --format json is not JSON"; }
exit 0
