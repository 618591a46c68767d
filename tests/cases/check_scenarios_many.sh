#!/bin/sh
# check_scenarios_many.sh — 2,000 roles, budgets and programs with a scenario each (the
# generator of bench/scenarios.sh) check clean, and a wrong unit in the last scenario is
# reported once, at its place: every scenario's overrides are checked, not only the first.
# How long it takes is bench/scenarios.sh's business.
set -u
T=${TRELLIS:?run me through tests/run.sh}
root=${TRELLIS_ROOT:?run me through tests/run.sh}
export LC_ALL=C
awk -v n=2000 -f "$root/bench/gen_scenarios.awk" > many.plan
"$T" check --quiet many.plan > out.txt 2>&1 || { echo "FAIL: check exited $?"; cat out.txt; exit 1; }
[ ! -s out.txt ] || { echo "FAIL: check printed:"; cat out.txt; exit 1; }
sed 's/^scenario s2000 { r2000.headcount 12;/scenario s2000 { r2000.headcount 12 USD;/' many.plan > bad.plan
line=$(grep -n '^scenario s2000 ' bad.plan | cut -d: -f1)
"$T" check --quiet bad.plan > out.txt 2>&1
status=$?
[ $status -eq 1 ] || { echo "FAIL: exit $status, expected 1"; cat out.txt; exit 1; }
n=$(grep -c ': error\[' out.txt)
[ "$n" -eq 1 ] || { echo "FAIL: $n errors, expected 1"; cat out.txt; exit 1; }
grep -q "^bad.plan:$line:[0-9]*: error\[E3" out.txt || { echo "FAIL: expected an E3xx at line $line:"; cat out.txt; exit 1; }
exit 0
