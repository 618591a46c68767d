#!/bin/sh
# exchange_forms.sh — `exchange EUR 1.08 USD` (LANGUAGE.md's form) and `exchange EUR, 1.08 USD`
# mean the same: the same tree but for the "(keyed)" mark, no diagnostics, the same run.
set -u
fail() { echo "exchange_forms: $*"; exit 1; }
plan() {   # EXCHANGE-LINE
    printf 'plan "P" {\n  start 2026-01\n  horizon 1 year\n  currency USD\n  %s\n}\n' "$1"
    printf 'role r { headcount 10; salary 50k EUR per year }\n'
    printf 'program p { kind coaching; for r; cost 200 EUR per hour; hours 10 hours per person per year; manager_involvement before }\n'
}
mkdir spec comma
plan 'exchange EUR 1.08 USD' > spec/p.plan
plan 'exchange EUR, 1.08 USD' > comma/p.plan
for form in spec comma; do   # the same file name, so that messages are comparable
    (cd "$form" && "$TRELLIS" check p.plan > check.txt 2>&1) || fail "check of the $form form: $(cat "$form/check.txt")"
    (cd "$form" && "$TRELLIS" run p.plan > run.txt 2>&1) || fail "run of the $form form: $(cat "$form/run.txt")"
    "$TRELLIS" check --dump-ast=nopos - < "$form/p.plan" > "$form/ast.txt"
done
grep -q '^    attr exchange (keyed)$' spec/ast.txt || fail "the spec's form is not marked keyed: $(cat spec/ast.txt)"
sed 's/ (keyed)$//' spec/ast.txt | diff comma/ast.txt - > diff.txt || fail "the trees differ (- comma, + spec): $(cat diff.txt)"
diff comma/check.txt spec/check.txt > diff.txt || fail "check differs (- comma, + spec): $(cat diff.txt)"
diff comma/run.txt spec/run.txt > diff.txt || fail "the runs differ (- comma, + spec): $(cat diff.txt)"
# 10 people x 10 hours x 200 EUR x 1.08 USD per EUR
grep -q '^  p  *21,600 USD$' spec/run.txt || fail "the rate is not applied: $(cat spec/run.txt)"
exit 0
