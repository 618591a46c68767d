#!/bin/sh
# repl_run_report.sh — :run prints the report `trellis run` prints, whole: the same text
# for the baseline, for a declared scenario and for the what-if (whose header says
# "scenario what-if" where `run --scenario NAME` names the scenario), down to the last
# section, "Lints that still stand".
set -u
fail() { echo "repl_run_report: $*"; exit 1; }
cp "$TRELLIS_ROOT/tests/repl/_unified.plan" u.plan
"$TRELLIS" run u.plan > run.txt || fail "trellis run failed"
grep -q '^Lints that still stand (' run.txt || fail "the plan has no lints left: the test would prove nothing"
printf ':run\n' | "$TRELLIS" repl u.plan > repl.txt 2>&1 || fail "the repl failed"
cmp -s run.txt repl.txt || { diff -u run.txt repl.txt; fail ":run differs from trellis run"; }
printf ':run baseline\n' | "$TRELLIS" repl u.plan > repl.txt 2>&1
cmp -s run.txt repl.txt || { diff -u run.txt repl.txt; fail ":run baseline differs from trellis run"; }

"$TRELLIS" run u.plan --scenario lean > run.txt || fail "trellis run --scenario lean failed"
printf ':run lean\n' | "$TRELLIS" repl u.plan > repl.txt 2>&1
cmp -s run.txt repl.txt || { diff -u run.txt repl.txt; fail ":run lean differs from trellis run --scenario lean"; }

# the what-if: the same overrides as a scenario in the file
cp u.plan w.plan
printf '\nscenario typed { exec_coaching.hours 12 hours per person per year }\n' >> w.plan
"$TRELLIS" run w.plan --scenario typed | sed 's/scenario typed/scenario what-if/' > run.txt || fail "trellis run --scenario typed failed"
printf ':set exec_coaching.hours 12 hours per person per year\n:run\n' | "$TRELLIS" repl w.plan | sed 1d > repl.txt
cmp -s run.txt repl.txt || { diff -u run.txt repl.txt; fail ":run of the what-if differs from trellis run --scenario"; }
exit 0
