#!/bin/sh
# formats_github_notes.sh — `check --format github` keeps a diagnostic's notes: each note is
# a ::notice of its own at the note's place (an annotation has one place), titled with the
# diagnostic's code, whose text is the note, then "note to FILE:LINE:COL: SEVERITY[CODE]:
# MESSAGE" naming the diagnostic it belongs to. Checked field by field against the JSON.
set -u
fail() { printf 'formats_github_notes: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
command -v jq >/dev/null 2>&1 || fail "jq is missing: sh tools/deps.sh installs it"

# A duplicate whose first declaration is in an imported file with a ',' in its name.
printf 'role r { headcount 5 }\n' > '_a,b.plan'
printf 'import "_a,b"\nplan "P" { start 2026-01; horizon 2 years }\nrole r { headcount 10 }\n' > main.plan
"$TRELLIS" check --format github main.plan > out.txt 2> err.txt
status=$?
[ "$status" -eq 1 ] || fail "exit status $status, expected 1"
[ ! -s err.txt ] || fail "unexpected stderr: $(cat err.txt)"
[ "$(wc -l < out.txt)" -eq 2 ] || fail "expected the error and its note, got: $(cat out.txt)"

# field by field: command, properties, text
field() {   # LINE NAME: the value of property NAME on line LINE
    sed -n "$1p" out.txt | sed 's/^::[a-z]* //; s/::.*//' | tr ',' '\n' | sed -n "s/^$2=//p"
}
cmd() { sed -n "$1p" out.txt | sed 's/^::\([a-z]*\) .*/\1/'; }
text() { sed -n "$1p" out.txt | sed 's/^::[a-z]* [^:]*:://'; }
[ "$(cmd 1)" = error ] || fail "line 1 is not ::error: $(sed -n 1p out.txt)"
[ "$(cmd 2)" = notice ] || fail "line 2 is not ::notice: $(sed -n 2p out.txt)"
check() {   # LINE NAME WANT
    got=$(field "$1" "$2")
    [ "$got" = "$3" ] || fail "line $1: $2 is '$got', expected '$3'"
}
check 1 file main.plan;   check 1 line 3; check 1 col 6; check 1 endLine 3; check 1 endColumn 7; check 1 title E202
check 2 file '_a%2Cb.plan'; check 2 line 1; check 2 col 6; check 2 endLine 1; check 2 endColumn 7; check 2 title E202
[ "$(text 1)" = "role 'r' is declared twice%0Ahelp: rename one of them: names of one kind are unique across the plan and its imports" ] || fail "line 1 text: $(text 1)"
[ "$(text 2)" = "first declared here%0Anote to main.plan:3:6: error[E202]: role 'r' is declared twice" ] ||
    fail "line 2 text: $(text 2)"

# the note's place is the JSON's, the same for every note of every diagnostic
"$TRELLIS" check --format json main.plan > out.json
jq -r '.[] | .code as $c | .notes[] |
  "\(.file|gsub(",";"%2C")) \(.line) \(.column) \(.end_line) \(.end_column) \($c) \(.message)"' out.json > want.txt
grep '^::notice' out.txt | sed 's/^::notice file=\([^,]*\),line=\([0-9]*\),col=\([0-9]*\),endLine=\([0-9]*\),endColumn=\([0-9]*\),title=\([A-Z0-9]*\)::\(.*\)%0Anote to .*/\1 \2 \3 \4 \5 \6 \7/' > got.txt
diff want.txt got.txt > diff.txt || fail "notes differ from the JSON's (- JSON, + github):
$(cat diff.txt)"

# the text format is unchanged: the note keeps its own line and snippet
"$TRELLIS" check main.plan > text.txt 2>&1
grep -q '^_a,b.plan:1:6: note: first declared here$' text.txt || fail "text format: $(cat text.txt)"
exit 0
