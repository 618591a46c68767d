#!/bin/sh
# formats_json.sh — `check --format json` field by field: one array, one object per
# diagnostic with exactly the fields file, line, column, end_line, end_column, severity,
# code, name, message, help and notes, holding the right values (columns count characters).
set -u
fail() { printf 'formats_json: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
command -v jq >/dev/null 2>&1 || fail "jq is missing: sh tools/deps.sh installs it"

# Three errors; the 'é' on line 4 makes byte and character columns differ.
printf 'role manager {\n  headcount = 5\n}\nplan "café \\q" { start 2026-02-30 }\n' > bad.plan
"$TRELLIS" check --format json bad.plan > out.json 2> err.txt
status=$?
[ "$status" -eq 1 ] || fail "exit status $status with errors, expected 1"
[ ! -s err.txt ] || fail "unexpected stderr: $(cat err.txt)"
jq -e 'type == "array" and length == 3' out.json > /dev/null || fail "expected an array of 3 objects, got: $(cat out.json)"
jq -e 'all(.[]; type == "object")' out.json > /dev/null || fail "an element is not an object"

want='["code","column","end_column","end_line","file","help","line","message","name","notes","severity"]'
got=$(jq -c '[.[] | keys] | unique | .[]' out.json)
[ "$got" = "$want" ] || fail "fields differ: expected exactly $want, got $got"

jq -c '.[] | [.file, .line, .column, .end_line, .end_column, .severity, .code, .name, .message, .help, .notes]' out.json > got.txt
cat > want.txt <<'EOF'
["bad.plan",2,13,2,14,"error","E111","syntax-error","unexpected '='","attributes are written 'name value', without '='; 'let NAME = value' names a constant",[]]
["bad.plan",4,12,4,14,"error","E105","invalid-escape","unknown escape '\\q' in string","the escapes are \\\" \\\\ \\n \\t and \\u{XXXX}; write a backslash as \\\\",[]]
["bad.plan",4,24,4,34,"error","E108","impossible-date","impossible date '2026-02-30': 2026-02 has 28 days","days run from 01 to 28 in that month",[]]
EOF
diff want.txt got.txt > diff.txt || fail "values differ from what is expected (- expected, + got):
$(cat diff.txt)"

# Every note (none of the syntax errors has one yet) carries a place and a message.
jq -e 'all(.[].notes[]; (keys == ["column","end_column","end_line","file","line","message"]))' out.json > /dev/null ||
    fail "a note has other fields than file, line, column, end_line, end_column, message"

# A clean plan is an empty array, not nothing, so that consumers can always parse stdout.
printf 'plan "Formats" {\n  start 2026-01\n  horizon 2 years\n}\nrole manager { headcount 5 }\n' > good.plan
"$TRELLIS" check --format json good.plan > clean.json 2> err.txt
status=$?
[ "$status" -eq 0 ] || fail "exit status $status on a clean plan, expected 0: $(cat clean.json err.txt)"
jq -e 'type == "array" and all(.[]; .severity != "error")' clean.json > /dev/null ||
    fail "a clean plan should give an array without errors, got: $(cat clean.json)"

# Non-ASCII in a message stays valid JSON (the output is ASCII with \u escapes).
printf 'role r { headcount 5 } }\n' > 'é.plan'
"$TRELLIS" check --format json 'é.plan' > utf8.json
jq -e '.[0].file == "é.plan" and .[0].code == "E110"' utf8.json > /dev/null || fail "file name 'é.plan' not kept: $(cat utf8.json)"
LC_ALL=C grep -q '[^ -~]' utf8.json && fail "output is not pure ASCII: $(cat utf8.json)"

# Every object carries every field, whatever bytes a message quotes or a file name holds:
# a file name that is not UTF-8 is written with \xHH for its bad bytes; an escaped 'é'
# is quoted whole; a name cut at 40 bytes is cut between characters.
printf 'plan "\\\303\251" {}\n' > "$(printf 'latin\351.plan')"
"$TRELLIS" check --format json latin*.plan > latin.json
jq -e 'length == 1 and (.[0] | keys | length) == 11' latin.json > /dev/null || fail "a field is missing: $(cat latin.json)"
jq -e '.[0].file == "latin\\xE9.plan"' latin.json > /dev/null || fail "non-UTF-8 file name not kept as latin\\xE9.plan: $(cat latin.json)"
jq -e '.[0].message == "unknown escape '"'\\\\é'"' in string" and .[0].column == 7 and .[0].end_column == 9' latin.json > /dev/null ||
    fail "the escape '\\é' is not quoted whole: $(cat latin.json)"
# The text format writes the name the same way: it never prints bytes that are not UTF-8.
first=$("$TRELLIS" check latin*.plan | head -1)
[ "$first" = "latin\\xE9.plan:1:7: error[E105]: unknown escape '\\é' in string" ] || fail "text format: $first"
# In a CRLF file a string left open ends before the '\r': the range is the string only.
printf 'role r {\r\n  owner "abc\r\n}\r\n' > crlf.plan
"$TRELLIS" check --format json crlf.plan > crlf.json
jq -e 'length == 1 and .[0].code == "E104" and .[0].line == 2 and .[0].column == 9 and .[0].end_column == 13' crlf.json > /dev/null ||
    fail "unterminated string in a CRLF file: $(cat crlf.json)"
long=$(printf 'é%.0s' $(seq 30))
printf 'plan "P" { start 2026-01; horizon 1 year }\nrole r { headcount 1; cost 1 USD per year }\nprogram p { kind "%s"; for r; cost 1 USD }\n' "$long" > cut.plan
"$TRELLIS" check --format json cut.plan > cut.json
jq -e 'map(select(.code == "E309")) | length == 1 and (.[0].message | test("found .\"é{19}.$"))' cut.json > /dev/null ||
    fail "E309 quoting a long name is lost or cut mid-character: $(cat cut.json)"
exit 0
