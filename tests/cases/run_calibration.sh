#!/bin/sh
# run_calibration.sh — every calibration check of MODEL.md section 6, from a plan file
# through the whole pipeline (check, lowering, the engine, the JSON report): each plan is
# written below as MODEL.md describes it, run with `trellis run --format json`, and the
# figure read with jq is held to the published value and tolerance stated beside it.
# (tests/unit/sim_calibration.c makes the same checks on models built in C.)
set -u
fail() { printf 'run_calibration: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
command -v jq > /dev/null || fail "jq is needed"

run() {   # run NAME: NAME.plan -> NAME.json
    "$TRELLIS" run "$1.plan" --format json > "$1.json" 2> "$1.err" || fail "$1: run exited $?: $(head -5 "$1.err")"
}
# within NAME WHAT GOT WANT TOL: |GOT - WANT| <= TOL
within() {
    awk -v got="$3" -v want="$4" -v tol="$5" 'BEGIN { d = got - want; if (d < 0) d = -d; exit !(d <= tol + 1e-12) }' ||
        fail "$1: $2 is $3, published $4 +- $5"
}
# between NAME WHAT GOT LO HI: LO <= GOT <= HI
between() {
    awk -v got="$3" -v lo="$4" -v hi="$5" 'BEGIN { exit !(got >= lo && got <= hi) }' || fail "$1: $2 is $3, outside [$4, $5]"
}
num() { jq -r "$2" "$1.json"; }

# ---- 1. Transfer decays as Saks & Belcourt (2006) found -------------------------------------
# Published: 62%, 44%, 34% applying at 0, 6 and 12 months after a training; tolerance
# 6 points each. Applied share = B / K right after the training (its month, month 1).
cat > saks.plan <<'EOF'
plan "Saks and Belcourt" {
  start 2026-01
  horizon 13 months
}
skill leadership { half_life 12 months }
role staff {
  headcount 100
  salary 60k USD per year
  attrition 0% per year
  hiring none
  baseline { leadership 0% }
}
program training {
  kind training
  for staff
  cost 20k USD
  gains { leadership 50% }
  manager_involvement before, during
}
EOF
run saks
k_after=$(num saks '.roles[0].skills[0].knowledge[0]')
within saks "K right after the training" "$k_after" 0.50 0.000001
for pt in "0 0.62" "6 0.44" "12 0.34"; do
    set -- $pt
    share=$(num saks ".roles[0].skills[0].behavior[$1] / .roles[0].skills[0].knowledge[0]")
    within saks "the applied share $1 months after" "$share" "$2" 0.06
done

# ---- 2. Coaching multiplies training, as Olivero, Bane & Kopelman (1997) found ----------------
# Published: +22.4% productivity from training, +88% with eight weeks of coaching (ratio 3.93).
# Check: both gains positive, and the ratio three months after the training in [2.5, 5.5].
# Two roles that report to nobody, so that nothing links them: one trained, one trained
# and coached.
cat > olivero.plan <<'EOF'
plan "Olivero, Bane and Kopelman" {
  start 2026-01
  horizon 12 months
}
skill managing {}
role trained {
  headcount 31
  salary 90k USD per year
  attrition 0% per year
  baseline { managing 30% }
}
role coached {
  headcount 31
  salary 90k USD per year
  attrition 0% per year
  baseline { managing 30% }
}
program training {
  kind training
  for trained
  cost 500 USD per person
  gains { managing 30% }
  manager_involvement during
}
program training_and_coaching {
  kind training
  for coached
  cost 500 USD per person
  gains { managing 30% }
  manager_involvement during
  phase post { duration 8 weeks; coaching 4 hours per person }
}
EOF
run olivero
plain=$(num olivero '.roles[] | select(.name == "trained") | .productivity[3]')
coached=$(num olivero '.roles[] | select(.name == "coached") | .productivity[3]')
between olivero "the training's productivity gain" "$plain" 0.000001 10
between olivero "the coached productivity gain" "$coached" 0.000001 10
ratio=$(awk -v a="$coached" -v b="$plain" 'BEGIN { print a / b }')
between olivero "the ratio of coached to trained gains (published 3.93)" "$ratio" 2.5 5.5

# ---- 3. The quit hazard ---------------------------------------------------------------------
# Published: 24% a year leaves 76.0% +- 0.1 (points) after 12 months. A role fully enrolled in
# development keeps between 60% and 80% after 24 months, when the undeveloped one keeps 58%
# (+- 0.5 points: 0.76^2 = 57.76%).
cat > quit.plan <<'EOF'
plan "Quit hazard" {
  start 2026-01
  horizon 24 months
}
skill s {}
role undeveloped {
  headcount 100
  salary 50k USD per year
  attrition 24% per year
  hiring none
}
role developed {
  headcount 100
  salary 50k USD per year
  attrition 24% per year
  hiring none
}
program development {
  kind mentoring
  for developed
  cost 100 USD per person per month
  gains { s 1% }
}
EOF
run quit
left12=$(num quit '.roles[] | select(.name == "undeveloped") | .headcount[11] / 100')
within quit "the share left after 12 months at 24% a year" "$left12" 0.760 0.001
retention12=$(num quit '.roles[] | select(.name == "undeveloped") | .retention[11]')
within quit "retention(undeveloped) at 12 months" "$retention12" 0.760 0.001
plain24=$(num quit '.roles[] | select(.name == "undeveloped") | .headcount[23] / 100')
within quit "the undeveloped role after 24 months" "$plain24" 0.58 0.005
developed24=$(num quit '.roles[] | select(.name == "developed") | .headcount[23] / 100')
between quit "the fully developed role after 24 months" "$developed24" 0.60 0.80

# ---- 4. Forgetting ----------------------------------------------------------------------------
# Published: knowledge that is not applied (transfer forced to 0 by a model override) halves
# in the skill's half_life, within 1% (of the knowledge learnt).
cat > forget.plan <<'EOF'
plan "Forgetting" {
  start 2026-01
  horizon 12 months
}
skill s { half_life 6 months }
role staff {
  headcount 10
  salary 50k USD per year
  attrition 0% per year
  hiring none
}
program training {
  kind training
  for staff
  cost 1000 USD
  gains { s 50% }
}
model {
  transfer_floor 0%
  transfer_span 0%
}
EOF
run forget
applied=$(num forget '.roles[0].skills[0].behavior | max')
within forget "the applied skill with transfer forced to 0" "$applied" 0 0
learnt=$(num forget '.roles[0].skills[0].knowledge[0]')
half=$(num forget '.roles[0].skills[0].knowledge[6] / .roles[0].skills[0].knowledge[0]')
within forget "K learnt" "$learnt" 0.5 0.000001
within forget "the knowledge left one half_life (6 months) later" "$half" 0.5 0.005

# ---- 5. Money is exact --------------------------------------------------------------------------
# Published: 1286 USD per person per year for 600 people with no attrition books exactly
# 771,600.00 USD in a plan year and 64,300.00 a month: no tolerance, in cents.
cat > money.plan <<'EOF'
plan "Money" {
  start 2026-01
  horizon 24 months
}
role employee {
  headcount 600
  salary 65k USD per year
  attrition 0% per year
}
budget learning { amount 771600 USD per year }
program academy {
  kind training
  for employee
  cost 1286 USD per person per year
  budget learning
}
EOF
run money
[ "$(num money '[.money.programs[0].spend_minor[] | select(. != 6430000)] | length')" = 0 ] ||
    fail "money: not every month books 64,300.00: $(num money '.money.programs[0].spend_minor | unique')"
[ "$(num money '.money.programs[0].spend_minor[0:12] | add')" = 77160000 ] || fail "money: plan year 1 is not 771,600.00"
[ "$(num money '.money.programs[0].spend_minor[12:24] | add')" = 77160000 ] || fail "money: plan year 2 is not 771,600.00"
[ "$(num money '.money.total_minor')" = 154320000 ] || fail "money: the total is not 1,543,200.00"
[ "$(num money '.money.overruns | length')" = 0 ] || fail "money: 771,600.00 a year against 771,600 per year is not an overrun"

# ---- 6. ROI arithmetic ---------------------------------------------------------------------------
# Published: benefit 2,263,000 and cost 255,000 give ROI 787.5% and a benefit-cost ratio of
# 8.87. The plan is made to give exactly that benefit: in its one month one person gains the
# whole skill and applies all of it (transfer 100%), productivity_per_skill 1 makes that
# 100% more output, worth salary / 12 = 4,526,000 USD, and attribution 50% credits half.
cat > roi.plan <<'EOF'
plan "ROI" {
  start 2026-01
  horizon 1 month
}
skill s {}
role staff {
  headcount 1
  salary 54312000 USD per year
  attrition 0% per year
}
program training {
  kind training
  for staff
  cost 255000 USD
  gains { s 100% }
}
model {
  transfer_floor 100%
  transfer_span 0%
  productivity_per_skill 1
  output_value 100%
  attribution 50%
}
EOF
run roi
within roi "the benefit" "$(num roi '.summary.benefit')" 2263000 0.01
[ "$(num roi '.summary.cost_minor')" = 25500000 ] || fail "roi: the cost is not 255,000.00"
within roi "ROI (787.5%)" "$(num roi '.summary.roi * 100')" 787.5 0.05
within roi "the benefit-cost ratio (8.87)" "$(num roi '.summary.benefit_cost_ratio')" 8.87 0.005
exit 0
