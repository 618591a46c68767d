#!/bin/sh
# formats_sarif.sh — `check --format sarif` has the shape of SARIF 2.1.0 that code-scanning
# services read: $schema, version, one run whose tool.driver is trellis with a rule per code
# used, and one result per diagnostic with ruleId, level, message.text and a physical
# location (uri and a region of start and end line and column).
set -u
fail() { printf 'formats_sarif: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
command -v jq >/dev/null 2>&1 || fail "jq is missing: sh tools/deps.sh installs it"

# check NAME FILTER: the filter must print true for out.sarif.
check() { jq -e "$2" out.sarif > /dev/null 2>&1 || fail "$1 (jq: $2)"; }

printf 'role manager {\n  headcount = 5\n}\nplan "café \\q" { start 2026-02-30 }\nlet y = 2026-13\n' > bad.plan
"$TRELLIS" check --format sarif bad.plan > out.sarif 2> err.txt
status=$?
[ "$status" -eq 1 ] || fail "exit status $status with errors, expected 1"
[ ! -s err.txt ] || fail "unexpected stderr: $(cat err.txt)"
jq empty out.sarif 2> /dev/null || fail "not JSON: $(head -5 out.sarif)"

check '$schema names the SARIF 2.1.0 schema' '.["$schema"] | type == "string" and test("sarif-(schema-)?2\\.1\\.0(\\.json)?$")'
check 'version is "2.1.0"' '.version == "2.1.0"'
check 'exactly one run' '.runs | type == "array" and length == 1'
check 'runs[0].tool.driver.name is "trellis"' '.runs[0].tool.driver.name == "trellis"'
check 'the driver has a version string' '.runs[0].tool.driver.version | type == "string" and length > 0'
check 'rules is an array of objects with a string id' '.runs[0].tool.driver.rules | type == "array" and all(.[]; (.id | type) == "string")'
check 'one rule per code used, no more' '[.runs[0].tool.driver.rules[].id] | (length == (unique | length))'
check 'the rules are the codes of the results' '([.runs[0].tool.driver.rules[].id] | sort) == ([.runs[0].results[].ruleId] | unique)'
check 'each rule has its kebab-case name' 'all(.runs[0].tool.driver.rules[]; (.name | type == "string" and test("^[a-z0-9]+(-[a-z0-9]+)*$")))'
check 'four results' '.runs[0].results | type == "array" and length == 4'
check 'levels are SARIF levels' 'all(.runs[0].results[]; .level == "error" or .level == "warning" or .level == "note")'

jq -c '.runs[0].results[] | [.ruleId, .level, .message.text, (.locations | length),
        .locations[0].physicalLocation.artifactLocation.uri,
        (.locations[0].physicalLocation.region | [.startLine, .startColumn, .endLine, .endColumn])]' out.sarif > got.txt
cat > want.txt <<'EOF'
["E111","error","unexpected '='\nhelp: attributes are written 'name value', without '='; 'let NAME = value' names a constant",1,"bad.plan",[2,13,2,14]]
["E105","error","unknown escape '\\q' in string\nhelp: the escapes are \\\" \\\\ \\n \\t and \\u{XXXX}; write a backslash as \\\\",1,"bad.plan",[4,12,4,14]]
["E108","error","impossible date '2026-02-30': 2026-02 has 28 days\nhelp: days run from 01 to 28 in that month",1,"bad.plan",[4,24,4,34]]
["E108","error","impossible date '2026-13': there is no month 13\nhelp: months run from 01 to 12",1,"bad.plan",[5,9,5,16]]
EOF
diff want.txt got.txt > diff.txt || fail "results differ from what is expected (- expected, + got):
$(cat diff.txt)"

# The rule carries the code table's summary, the same text `trellis explain` starts with.
summary=$("$TRELLIS" explain E108 | head -1 | sed 's/^E108 (impossible-date): //')
got=$(jq -r '.runs[0].tool.driver.rules[] | select(.id == "E108") | .shortDescription.text' out.sarif)
[ "$got" = "$summary" ] || fail "rule E108's shortDescription is '$got', explain says '$summary'"
# ...and so does a lint's rule, from the lint table
printf 'plan "P" { start 2026-01; horizon 1 year }\nskill spare {}\n' > lint.plan
"$TRELLIS" check --format sarif lint.plan > lint.sarif
summary=$("$TRELLIS" explain W110 | head -1 | sed 's/^W110 (unused): //')
got=$(jq -r '.runs[0].tool.driver.rules[] | select(.id == "W110") | .shortDescription.text' lint.sarif)
[ "$got" = "$summary" ] || fail "rule W110's shortDescription is '$got', explain says '$summary'"

check 'columns are counted in code points, as the text format does' '.runs[0].columnKind == "unicodeCodePoints"'

# uri is a URI reference: a space, '#', '%' and bytes that are not ASCII (or not UTF-8)
# are percent-encoded; the result is kept whatever the name or the message holds.
printf 'role r { headcount 5 } }\n' > 'my plan#1 %.plan'
printf 'plan "\\\303\251" {}\n' > "$(printf 'caf\351.plan')"
printf 'role r { headcount 5 } }\n' > 'é.plan'
for f in 'my plan#1 %.plan' caf*.plan 'é.plan'; do
    "$TRELLIS" check --format sarif "$f" >> uris.txt
done
jq -s -c '[.[].runs[0].results[] | [.ruleId, .locations[0].physicalLocation.artifactLocation.uri, (.message.text | split("\n")[0])]] | .[]' uris.txt > got.txt
cat > want.txt <<'EOF2'
["E110","my%20plan%231%20%25.plan","'}' has no '{' to close"]
["E105","caf%E9.plan","unknown escape '\\é' in string"]
["E110","%C3%A9.plan","'}' has no '{' to close"]
EOF2
diff want.txt got.txt > diff.txt || fail "uris or messages differ (- expected, + got):
$(cat diff.txt)"

# A clean plan is a complete document with no results.
printf 'plan "Formats" {\n  start 2026-01\n  horizon 2 years\n}\nrole manager { headcount 5 }\n' > good.plan
"$TRELLIS" check --format sarif good.plan > out.sarif
status=$?
[ "$status" -eq 0 ] || fail "exit status $status on a clean plan, expected 0"
check 'a clean plan is still SARIF 2.1.0' '.version == "2.1.0" and .runs[0].tool.driver.name == "trellis"'
check 'a clean plan has no error result' 'all(.runs[0].results[]; .level != "error")'
exit 0
