#!/bin/sh
# bench/scenarios.sh — a scenario's checks cost what its overrides reach, not the whole
# plan: 10,000 roles, budgets and programs with one scenario each (overriding a headcount,
# an amount and a cost, which each scenario's static budget check reads) against the same
# plan without the scenarios. Each scenario's budget check once visited every budget of the
# plan (quadratic: 7 times the plan without them). Usage:
#   sh bench/scenarios.sh TRELLIS DATA
# Exits 1 when a command fails, never because a target is missed.
set -u
[ $# -eq 2 ] || { echo "usage: bench/scenarios.sh TRELLIS DATA" >&2; exit 2; }
trellis=$1 data=$2
with=$data/scenarios-with.plan without=$data/scenarios-without.plan
if [ ! -s "$with" ]; then
    awk -v n=10000 -f "$(dirname "$0")/gen_scenarios.awk" > "$with" || exit 2
    grep -v '^scenario' "$with" > "$without"
fi
failed=0
best() {
    set -- $("$data/measure" 3 "$trellis" check --quiet "$1")
    [ "$3" -eq 0 ] || { echo "bench: check exited $3" >&2; failed=1; }
    echo "$1"
}
a=$(best "$without") b=$(best "$with")
echo
awk -v a="$a" -v b="$b" 'BEGIN { printf "10,000 scenarios: check %.0f ms without them, %.0f ms with them (%.2fx; target: linear, a few times at most)\n", a * 1e3, b * 1e3, b / a }'
exit $failed
