#!/bin/sh
# run_csv_headers.sh — every CSV header is unique (docs/report-json.md): a budget called
# `total`, and a role, budget, program, measure and goal all called `academy`, each get a
# column of their own, named for their kind.
set -u
fail() { printf 'run_csv_headers: %s\n' "$*" >&2; exit 1; }
cat > same.plan <<'PLAN'
plan "Same names" {
  start 2026-01
  horizon 2 months
}
role academy { headcount 10 }
budget academy { amount 10k USD }
budget total { amount 10k USD }
program academy { kind audit; for academy; cost 1000 USD; budget academy }
program other { kind audit; for academy; cost 500 USD; budget total }
measure academy { level results; value headcount(academy) }
goal academy { metric academy; target >= 1 people }
PLAN
"$TRELLIS" run same.plan --format csv > out.csv 2> /dev/null || fail "run exited $?"
head -1 out.csv | tr ',' '\n' > headers.txt
dups=$(sort headers.txt | uniq -d)
[ -z "$dups" ] || fail "repeated headers: $dups"
for h in spend:budget:academy spend:budget:total spend:program:academy spend:program:other spend:total \
         headcount:academy measure:academy goal:academy; do
    grep -qx "$h" headers.txt || fail "no column '$h' in: $(head -1 out.csv)"
done
# and each holds its own money: the program academy 1000.00, the budget total 500.00
col() { awk -F, -v h="$1" 'NR == 1 { for (c = 1; c <= NF; c++) if ($c == h) k = c; next } NR == 2 { print $k }' out.csv; }
[ "$(col spend:program:academy)" = 1000.00 ] || fail "spend:program:academy in month 1: $(col spend:program:academy)"
[ "$(col spend:budget:total)" = 500.00 ] || fail "spend:budget:total in month 1: $(col spend:budget:total)"
[ "$(col spend:total)" = 1500.00 ] || fail "spend:total in month 1: $(col spend:total)"
exit 0
