#!/bin/sh
# fmt_corpus.sh — every plan in the repository that parses survives `trellis fmt`: the
# formatted text formats to itself, `trellis check --dump-ast=nopos` reads the same tree
# before and after, and the same comments (as a multiset of texts) are there. The plans are
# found now, so new ones are covered: examples/, stdlib/, tests/ (every .plan), and the
# unformatted inputs of tests/golden/fmt (*.stdin).
set -u
root=${TRELLIS_ROOT:?run me through tests/run.sh}
T=${TRELLIS:?run me through tests/run.sh}
export LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0 checked=0 skipped=0

fail() { echo "FAIL: $1: $2"; failed=$((failed + 1)); }

# The text of every comment: from a '#' outside a string to the end of the line, without
# the blanks that end it; one per line, sorted.
comments() {
    awk '{
        s = $0; in_string = 0
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (in_string) { if (c == "\\") i++; else if (c == "\"") in_string = 0; continue }
            if (c == "\"") { in_string = 1; continue }
            if (c == "#") { t = substr(s, i); sub(/[ \t\r]+$/, "", t); print t; break }
        }
    }' "$1" | sort
}

# The tree alone (the dump's lines), not the diagnostics that may follow it, whose line
# numbers move when the layout does. Read from stdin so that both texts have one name.
tree() {
    "$T" check --dump-ast=nopos - < "$1" 2>/dev/null | grep -E '^(file$|  +[a-z])'
}

plans=$(find "$root/examples" "$root/stdlib" "$root/tests" -type f \
             \( -name '*.plan' -o -path '*/golden/fmt/*.stdin' \) 2>/dev/null | sort)
for plan in $plans; do
    name=${plan#"$root"/}
    "$T" fmt < "$plan" > "$work/once" 2> "$work/err"
    status=$?
    if [ $status -eq 1 ] && grep -q 'not formatted: it has syntax errors' "$work/err"; then
        [ -s "$work/once" ] && fail "$name" "output written for a file that does not parse"
        skipped=$((skipped + 1))
        continue
    fi
    checked=$((checked + 1))
    if [ $status -ne 0 ]; then fail "$name" "fmt exited $status"; cat "$work/err"; continue; fi
    "$T" fmt < "$work/once" > "$work/twice" 2>&1 || fail "$name" "formatted text does not format"
    cmp -s "$work/once" "$work/twice" || { fail "$name" "not idempotent"; diff -u "$work/once" "$work/twice" | head -20; }
    tree "$plan" > "$work/tree.before"
    tree "$work/once" > "$work/tree.after"
    [ -s "$work/tree.before" ] || fail "$name" "no tree dumped"
    cmp -s "$work/tree.before" "$work/tree.after" || { fail "$name" "tree changed"; diff -u "$work/tree.before" "$work/tree.after" | head -20; }
    comments "$plan" > "$work/comments.before"
    comments "$work/once" > "$work/comments.after"
    cmp -s "$work/comments.before" "$work/comments.after" || { fail "$name" "comments changed"; diff -u "$work/comments.before" "$work/comments.after" | head -20; }
done
echo "$checked plans formatted and compared, $skipped that do not parse left alone, $failed failures"
[ "$checked" -gt 0 ] || { echo "FAIL: no plan found under $root"; exit 1; }
[ "$failed" -eq 0 ]
