#!/bin/sh
# formats_order.sh — diagnostics from several files come sorted by file name, then by
# position in the file, whatever order the files were named in and whatever order the
# diagnostics were found in (an unclosed '{' is found at the end of the file but is reported
# at the brace), in every format.
set -u
fail() { printf 'formats_order: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
command -v jq >/dev/null 2>&1 || fail "jq is missing: sh tools/deps.sh installs it"

printf 'role r {\n  headcount = 5\n' > b.plan
printf 'skill s { half_life 1__0 months }\nlet x = 1)\n' > a.plan
printf 'let y = 2026-13\n' > c.plan
"$TRELLIS" check --format json c.plan b.plan a.plan > out.json
status=$?
[ "$status" -eq 1 ] || fail "exit status $status with errors, expected 1"
jq -r '.[] | "\(.file):\(.line):\(.column): \(.code)"' out.json > got.txt
cat > want.txt <<'EOF2'
a.plan:1:21: E106
a.plan:2:10: E110
b.plan:1:8: E109
b.plan:2:13: E111
c.plan:1:9: E108
EOF2
diff want.txt got.txt > diff.txt || fail "json order differs (- expected, + got):
$(cat diff.txt)"

# The text format: the same order in its first lines, then the total.
"$TRELLIS" check c.plan b.plan a.plan > out.txt
grep -E '^[a-c]\.plan:[0-9]+:[0-9]+: error\[E[0-9]+\]: ' out.txt | sed -E 's/^([^:]*:[0-9]+:[0-9]+): error\[(E[0-9]+)\].*/\1: \2/' > got.txt
diff want.txt got.txt > diff.txt || fail "text order differs (- expected, + got):
$(cat diff.txt)"
[ "$(tail -1 out.txt)" = "5 errors, 0 warnings" ] || fail "text total is '$(tail -1 out.txt)'"

# SARIF and GitHub: the same order.
"$TRELLIS" check --format sarif c.plan b.plan a.plan > out.sarif
jq -r '.runs[0].results[] | .locations[0].physicalLocation | "\(.artifactLocation.uri):\(.region.startLine):\(.region.startColumn)"' out.sarif > got.txt
cut -d' ' -f1 want.txt | sed 's/:$//' > want_places.txt
diff want_places.txt got.txt > diff.txt || fail "sarif order differs (- expected, + got):
$(cat diff.txt)"
"$TRELLIS" check --format github c.plan b.plan a.plan | sed -E 's/^::error file=([^,]*),line=([0-9]+),col=([0-9]+),.*/\1:\2:\3/' > got.txt
diff want_places.txt got.txt > diff.txt || fail "github order differs (- expected, + got):
$(cat diff.txt)"
exit 0
