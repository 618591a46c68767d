#!/bin/sh
# stdlib_check.sh — the standard library checks clean where it is used: the prelude under
# the smallest plan (which imports it implicitly), every other module under a plan that
# imports it and uses each of its constants (they are evaluated only when used); a plan
# overrides each model parameter of the prelude, and an override of the wrong type is an
# error.
set -u
fail() { printf 'stdlib_check: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] && [ -n "${TRELLIS_ROOT:-}" ] || fail "run me through tests/run.sh"
std=$TRELLIS_ROOT/stdlib
[ -f "$std/prelude.plan" ] || fail "no stdlib/prelude.plan"

# clean FILE: exit 0 and not a line of output
clean() {
    out=$("$TRELLIS" check "$1" 2>&1); status=$?
    [ "$status" -eq 0 ] || fail "$1: exit status $status: $out"
    [ -z "$out" ] || fail "$1 is not clean: $out"
}

printf 'plan "Smallest" { start 2026-01; horizon 1 year }\n' > smallest.plan
clean smallest.plan

modules=0
for f in "$std"/*.plan; do
    name=$(basename "$f" .plan)
    [ "$name" = prelude ] && continue
    {
        printf 'import "std/%s"\nplan "Uses std/%s" { start 2026-01; horizon 1 year }\n' "$name" "$name"
        sed -n 's/^let \([A-Za-z_][A-Za-z0-9_]*\) .*/let use_\1 = \1/p' "$f"
    } > "uses_$name.plan"
    grep -q '^let use_' "uses_$name.plan" || fail "std/$name declares no constant"
    clean "uses_$name.plan"
    modules=$((modules + 1))
done
[ "$modules" -ge 1 ] || fail "no module besides the prelude"
grep -q '^let use_training_spend_per_employee = ' uses_benchmarks.plan || fail "std/benchmarks lost training_spend_per_employee"

# every parameter of the prelude's model block can be overridden by a plan
params=$(sed -n 's/^  \([a-z_][a-z_]*\)  *[0-9].*/\1/p' "$std/prelude.plan")
[ "$(echo "$params" | wc -l)" -eq 17 ] || fail "the prelude should set MODEL.md's 17 parameters, found: $params"
for p in $params; do
    value=50%
    [ "$p" = applied_half_life ] && value="10 months"
    printf 'plan "Override" { start 2026-01; horizon 1 year }\nmodel { %s %s }\n' "$p" "$value" > "override_$p.plan"
    clean "override_$p.plan"
done
printf 'plan "Override" { start 2026-01; horizon 1 year }\nmodel { applied_half_life 50%% }\n' > wrong.plan
out=$("$TRELLIS" check wrong.plan 2>&1); status=$?
[ "$status" -eq 1 ] || fail "a model override of the wrong type: exit status $status, expected 1: $out"
echo "$out" | grep -q 'error\[E303\]' || fail "a model override of the wrong type is not E303: $out"
exit 0
