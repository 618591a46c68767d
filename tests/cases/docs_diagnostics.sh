#!/bin/sh
# docs_diagnostics.sh — docs/diagnostics.md is exactly what `trellis explain --list-markdown`
# prints from the code table, so the documentation cannot drift from the program. After a
# change to lang/codes.c: trellis explain --list-markdown > docs/diagnostics.md
set -u
fail() { printf 'docs_diagnostics: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
[ -n "${TRELLIS_ROOT:-}" ] || fail "TRELLIS_ROOT is not set: run me through tests/run.sh"
doc=$TRELLIS_ROOT/docs/diagnostics.md
[ -f "$doc" ] || fail "$doc is missing: trellis explain --list-markdown > docs/diagnostics.md"

"$TRELLIS" explain --list-markdown > generated.md 2> err.txt
status=$?
[ "$status" -eq 0 ] || fail "explain --list-markdown exited $status: $(cat err.txt)"
[ ! -s err.txt ] || fail "explain --list-markdown wrote to stderr: $(cat err.txt)"
diff -u "$doc" generated.md > diff.txt ||
    fail "docs/diagnostics.md is out of date; regenerate it with 'trellis explain --list-markdown > docs/diagnostics.md':
$(head -40 diff.txt)"

# Every code documented is one that `explain` knows, listed once in the table and once as a
# section, and the section holds the first line of `explain CODE`'s summary.
grep -E '^## [EW][0-9]{3} ' generated.md | cut -d' ' -f2 > codes.txt
[ -s codes.txt ] || fail "no '## CODE' section in the generated page"
sort codes.txt | uniq -d > dups.txt
[ ! -s dups.txt ] || fail "codes documented twice: $(cat dups.txt)"
while read -r code; do
    "$TRELLIS" explain "$code" > explain.txt 2>&1 || fail "'trellis explain $code' fails, yet $code is documented"
    [ "$(grep -c "^| \[$code\](#" generated.md)" -eq 1 ] || fail "$code is not listed exactly once in the summary table"
    name=$(head -1 explain.txt | sed -E 's/^[EW][0-9]+ \(([a-z0-9-]+)\): .*/\1/')
    grep -q "^## $code \`$name\`\$" generated.md || fail "the section of $code does not carry its name '$name'"
done < codes.txt
exit 0
