#!/bin/sh
# fmt_pairs.sh — tests/golden/fmt holds a before/after pair per layout rule: NAME.stdin is
# the author's text, NAME.plan the canonical one (NAME.out is what run.sh compares). Here:
# NAME.plan is exactly what `trellis fmt` makes of NAME.stdin, and is already canonical.
set -u
root=${TRELLIS_ROOT:?run me through tests/run.sh}
T=${TRELLIS:?run me through tests/run.sh}
export LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0 pairs=0
for input in "$root"/tests/golden/fmt/*.stdin; do
    [ -f "$input" ] || continue
    base=${input%.stdin}
    "$T" fmt < "$input" > "$work/after" 2> /dev/null || continue   # error cases: their .out says it
    pairs=$((pairs + 1))
    if ! cmp -s "$work/after" "$base.plan"; then
        echo "FAIL: ${base#"$root"/}.plan is not fmt of its .stdin"
        diff -u "$base.plan" "$work/after" | head -20
        failed=$((failed + 1))
    fi
    if ! "$T" fmt --check "$base.plan" > "$work/check"; then
        echo "FAIL: ${base#"$root"/}.plan is not canonical"
        failed=$((failed + 1))
    fi
done
echo "$pairs pairs, $failed failures"
[ "$pairs" -gt 0 ] && [ "$failed" -eq 0 ]
