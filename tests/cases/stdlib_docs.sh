#!/bin/sh
# stdlib_docs.sh — docs/stdlib.md lists every `let` constant and every model parameter of
# stdlib/ (as a table row starting with the name in backquotes), and names nothing that
# stdlib/ does not declare.
set -u
fail() { printf 'stdlib_docs: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS_ROOT:-}" ] || fail "run me through tests/run.sh"
std=$TRELLIS_ROOT/stdlib doc=$TRELLIS_ROOT/docs/stdlib.md
[ -f "$doc" ] || fail "docs/stdlib.md is missing"

sed -n 's/^let \([A-Za-z_][A-Za-z0-9_]*\) .*/\1/p' "$std"/*.plan > declared.txt
sed -n 's/^  \([a-z_][a-z_]*\)  *[0-9].*/\1/p' "$std/prelude.plan" >> declared.txt
[ "$(wc -l < declared.txt)" -ge 20 ] || fail "too few names found in stdlib/: $(cat declared.txt)"
sort -u declared.txt -o declared.txt
sed -n 's/^| `\([A-Za-z_][A-Za-z0-9_]*\)` |.*/\1/p' "$doc" | sort > documented.txt
uniq -d documented.txt > twice.txt
[ ! -s twice.txt ] || fail "documented twice: $(cat twice.txt)"
comm -23 declared.txt documented.txt > missing.txt
[ ! -s missing.txt ] || fail "in stdlib/ but not in docs/stdlib.md: $(cat missing.txt)"
comm -13 declared.txt documented.txt > stale.txt
[ ! -s stale.txt ] || fail "in docs/stdlib.md but not in stdlib/: $(cat stale.txt)"
# each row has a source (its last cell is not empty)
grep '^| `' "$doc" | awk -F'|' '$(NF-1) ~ /^ *$/ { print; bad = 1 } END { exit bad }' > nosource.txt ||
    fail "rows without a source: $(cat nosource.txt)"
exit 0
