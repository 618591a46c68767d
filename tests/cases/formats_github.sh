#!/bin/sh
# formats_github.sh — `check --format github` writes one workflow command per diagnostic:
#   ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::MESSAGE
# with '%', CR and LF escaped everywhere (%25 %0D %0A) and, in the properties, ':' and ','
# too (%3A %2C), so that no file name or message can end or split the command.
set -u
fail() { printf 'formats_github: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
command -v jq >/dev/null 2>&1 || fail "jq is missing: sh tools/deps.sh installs it"

# A file name with every character that needs escaping in a property.
odd='a:b,c%d.plan'
printf 'plan "P" { start 2026-02-30 }\n' > "$odd"
"$TRELLIS" check --format github "$odd" > out.txt 2> err.txt
status=$?
[ "$status" -eq 1 ] || fail "exit status $status with errors, expected 1"
[ ! -s err.txt ] || fail "unexpected stderr: $(cat err.txt)"
cat > want.txt <<'EOF'
::error file=a%3Ab%2Cc%25d.plan,line=1,col=18,endLine=1,endColumn=28,title=E108::impossible date '2026-02-30': 2026-02 has 28 days%0Ahelp: days run from 01 to 28 in that month
EOF
diff want.txt out.txt > diff.txt || fail "output differs (- expected, + got):
$(cat diff.txt)"

# A '%' in a message (the number '7%' is echoed back), several diagnostics, several files.
printf 'role r { headcount 5%% 7%% }\n' > pct.plan
printf 'role manager {\n  headcount = 5\n}\nplan "café \\q" { start 2026-02-30 }\n' > bad.plan
"$TRELLIS" check --format github pct.plan bad.plan "$odd" > out.txt
status=$?
[ "$status" -eq 1 ] || fail "exit status $status with errors, expected 1"
grep -q "'7%25'" out.txt || fail "'%' in a message is not written %25: $(cat out.txt)"

# Every line must be exactly what the JSON output says, escaped by the rules above.
"$TRELLIS" check --format json pct.plan bad.plan "$odd" > out.json
jq -r '
  def msg: gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
  def prop: msg | gsub(":"; "%3A") | gsub(","; "%2C");
  .[] | "::" + ({"error": "error", "warning": "warning", "note": "notice"}[.severity])
      + " file=" + (.file | prop) + ",line=\(.line),col=\(.column),endLine=\(.end_line),endColumn=\(.end_column)"
      + ",title=" + (.code | prop) + "::"
      + ((.message + (if .help then "\nhelp: " + .help else "" end)) | msg)' out.json > want.txt
[ "$(wc -l < want.txt)" -ge 4 ] || fail "expected at least 4 diagnostics, got: $(cat out.json)"
diff want.txt out.txt > diff.txt || fail "lines differ from the JSON diagnostics escaped (- expected, + got):
$(cat diff.txt)"

# Nothing but workflow commands, one per line.
grep -Ev '^::(error|warning|notice) file=[^ ]*,line=[0-9]*,col=[0-9]*,endLine=[0-9]*,endColumn=[0-9]*,title=[EW][0-9][0-9][0-9]::.' out.txt > other.txt &&
    fail "lines that are not workflow commands: $(cat other.txt)"

# A file name that is not UTF-8 is written with \xHH for its bad bytes, as in the text
# format: the command stays valid UTF-8.
printf 'role r { headcount 5 } }\n' > "$(printf 'caf\351.plan')"
"$TRELLIS" check --format github caf*.plan > latin.txt
grep -q '^::error file=caf\\xE9.plan,line=1,col=24,' latin.txt || fail "non-UTF-8 file name: $(cat latin.txt)"

# A clean plan prints no error command.
printf 'plan "Formats" {\n  start 2026-01\n  horizon 2 years\n}\nrole manager { headcount 5 }\n' > good.plan
"$TRELLIS" check --format github good.plan > out.txt
status=$?
[ "$status" -eq 0 ] || fail "exit status $status on a clean plan, expected 0"
grep -q '^::error' out.txt && fail "a clean plan printed errors: $(cat out.txt)"
exit 0
