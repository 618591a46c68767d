#!/bin/sh
# check_scenarios_speed.sh — a scenario's checks cost what its overrides reach, not the whole
# plan: 10,000 roles, budgets and programs with a scenario each (overriding a headcount, an
# amount and a cost, which the static budget check of each scenario's plan reads) check in at
# most four times the time of the same plan without the scenarios. Each scenario's budget
# check once visited every budget of the plan, six times the time here (quadratic in the
# plan); best of three runs each, since the suite also runs under ASan on a busy machine.
set -u
T=${TRELLIS:?run me through tests/run.sh}
export LC_ALL=C
ms() { echo $(($(date +%s%N) / 1000000)); }
awk -v n=10000 'BEGIN {
    print "plan \"Scenarios\" { start 2026-01; horizon 2 years }"
    for (i = 1; i <= n; i++) {
        print "role r" i " { headcount 10 }"
        print "budget b" i " { amount 1M USD per year }"
        print "milestone m" i " { due 2026-06 }"
        print "program p" i " { kind coaching; for r" i "; cost 100 USD per person per year; budget b" i "; after m" i " }"
        print "scenario s" i " { r" i ".headcount 12; b" i ".amount 900k USD per year; p" i ".cost 120 USD per person per year }"
    }
}' > with.plan
grep -v '^scenario' with.plan > without.plan
best() {
    b=
    for i in 1 2 3; do
        t0=$(ms)
        "$T" check --quiet "$1" > out.txt 2>&1 || { echo "FAIL: check $1 failed"; cat out.txt; exit 1; }
        t=$(($(ms) - t0))
        [ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
    done
    echo "$b"
}
without=$(best without.plan)
with=$(best with.plan)
echo "without scenarios ${without} ms, with ${with} ms"
[ "$with" -le $((4 * without + 200)) ] || { echo "FAIL: the scenarios took $with ms against $without ms without them"; exit 1; }
