#!/bin/sh
# run_property.sh — `trellis run` over many generated valid plans (roles with reports_to,
# promotions, growth and both hiring rules; every way a program's cost is spent; budgets
# with parents, per year or in total; ranges; milestones; measures and goals), asserting:
#   - headcount is conserved: start - leavers + hires - promoted out + promoted in = end,
#     every role and month, to 1e-9 relative;
#   - money is conserved: the CSV's monthly spend adds up exactly, in cents, to the JSON
#     report's totals (all programs, each budget, each program), and each JSON series to
#     its own total;
#   - no value is outside its range: shares in [0, 1], behavior <= knowledge, people >= 0;
#   - the output is identical on a repeated run, and a Monte Carlo run is identical with
#     --jobs 1 and --jobs 4.
set -u
fail() { printf 'run_property: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
command -v jq > /dev/null || fail "jq is needed"

gen() {   # gen SEED: a valid plan on stdout
    awk -v seed="$1" 'BEGIN {
        srand(seed)
        nr = 1 + int(rand() * 5); ns = 1 + int(rand() * 3); np = 1 + int(rand() * 6); nb = 1 + int(rand() * 3)
        horizon = 6 + int(rand() * 40)
        sm = 1 + int(rand() * 12)
        printf "plan \"Generated %d\" {\n  start 2026-%02d\n  horizon %d months\n}\n\n", seed, sm, horizon
        for (s = 0; s < ns; s++) printf "skill s%d { half_life %d months }\n", s, 3 + int(rand() * 20)
        for (r = 0; r < nr; r++) {
            printf "role r%d {\n  headcount %d\n", r, 1 + int(rand() * 300)
            if (r > 0) printf "  reports_to r%d\n", int(rand() * r)
            printf "  salary %dk USD per year\n", 30 + int(rand() * 150)
            if (rand() < 0.3) printf "  attrition %d%% to %d%% per year\n", 5 + int(rand() * 5), 12 + int(rand() * 10)
            else printf "  attrition %d%% per year\n", int(rand() * 30)
            if (rand() < 0.3) printf "  growth %d%% per year\n", int(rand() * 10)
            if (rand() < 0.3) print "  hiring none"
            printf "  baseline { s0 %d%% }\n", int(rand() * 50)
            if (nr > 1 && rand() < 0.5) printf "  promotion { into r%d; rate %d%% per year }\n", (r + 1) % nr, 1 + int(rand() * 8)
            print "}"
        }
        for (b = 0; b < nb; b++) {
            printf "budget b%d { amount %dM USD%s", b, 50 + int(rand() * 900), rand() < 0.6 ? " per year" : ""
            if (b > 0 && rand() < 0.5) printf "; parent b%d", int(rand() * b)
            print " }"
        }
        # due in the first month of the plan: inside every horizon (start .. start + H - 1)
        printf "milestone m0 { due 2026-%02d }\n", sm
        split("coaching training mentoring workshop elearning audit", kinds, " ")
        for (p = 0; p < np; p++) {
            mode = int(rand() * 6)
            printf "program p%d {\n  kind %s\n  for r%d\n", p, kinds[1 + int(rand() * 6)], int(rand() * nr)
            if (mode == 0) printf "  cost %d USD\n", 1000 + int(rand() * 50000)
            if (mode == 1) printf "  cost %d USD per month\n", 100 + int(rand() * 5000)
            if (mode == 2) printf "  cost %d.%02d USD per person\n", 50 + int(rand() * 900), int(rand() * 100)
            if (mode == 3) printf "  cost %d USD per person per year\n", 100 + int(rand() * 2000)
            if (mode == 4) printf "  cost %d to %d USD per hour\n  hours %d hours per person per year\n", 100 + int(rand() * 100), 300 + int(rand() * 300), 1 + int(rand() * 30)
            if (mode == 5) printf "  cost %d USD per person per month\n", 10 + int(rand() * 90)
            printf "  participants %d%%\n", 10 + int(rand() * 91)
            printf "  budget b%d\n", int(rand() * nb)
            if (rand() < 0.2) print "  after m0"
            if (rand() < 0.3) printf "  duration %d months\n", 1 + int(rand() * 12)
            if (rand() < 0.5) print "  manager_involvement before, after"
            printf "  gains { s%d %d%% }\n", int(rand() * ns), 5 + int(rand() * 40)
            if (rand() < 0.4) printf "  phase post { duration %d weeks; coaching %d hours per person }\n", 2 + int(rand() * 10), 1 + int(rand() * 6)
            if (p > 0 && rand() < 0.3) printf "  reinforced_by p%d\n", int(rand() * p)
            print "}"
        }
        print "measure k { level learning; value knowledge(r0, s0) }"
        print "measure spent { value spend(b0) }"
        print "goal g { metric k; target >= 30% }"
        printf "goal h { metric retention(r%d); target >= 80%% }\n", nr - 1
    }'
}

i=1
while [ $i -le 40 ]; do
    gen $i > plan$i.plan
    "$TRELLIS" run plan$i.plan --format json > r$i.json 2> err$i.txt || fail "plan $i did not run: $(cat err$i.txt)"
    "$TRELLIS" run plan$i.plan --format csv > r$i.csv 2> /dev/null || fail "plan $i: csv did not run"
    "$TRELLIS" run plan$i.plan --format json > again$i.json 2> /dev/null
    cmp -s r$i.json again$i.json || fail "plan $i: a repeated run gives different output"

    # headcount conservation and ranges
    bad=$(jq -r '
        def close(a; b): ((a - b) | fabs) <= 1e-9 * ([1, (a | fabs), (b | fabs)] | max);
        [.roles[] as $r | range(0; $r.headcount | length) as $m
         | (if $m == 0 then $r.headcount_start else $r.headcount[$m - 1] end) as $before
         | ($before - $r.leavers[$m] + $r.hires[$m] - $r.promoted_out[$m] + $r.promoted_in[$m]) as $want
         | select(close($want; $r.headcount[$m]) | not)
         | "headcount of \($r.name) in month \($m + 1): \($r.headcount[$m]) != \($want)"] +
        [.roles[] as $r | ($r.headcount + $r.leavers + $r.hires + $r.promoted_in + $r.promoted_out)[]
         | select(. < -1e-12) | "negative people in \($r.name)"] +
        [.roles[] as $r | ($r.retention + $r.development)[] | select(. < 0 or . > 1) | "share outside 0-1 in \($r.name)"] +
        [.roles[] as $r | $r.skills[] as $s | range(0; $s.knowledge | length) as $m
         | select($s.knowledge[$m] < 0 or $s.knowledge[$m] > 1 or $s.behavior[$m] < 0 or $s.behavior[$m] > $s.knowledge[$m] + 1e-12)
         | "skill \($s.skill) of \($r.name) out of range in month \($m + 1)"] +
        [.series.alignment[] | select(. < 0 or . > 1) | "alignment outside 0-1"] +
        [.measures[] | select(.name == "k") | .values[] | select(. < 0 or . > 1) | "knowledge measure outside 0-1"] +
        [.money as $mo | select(($mo.spend_minor | add // 0) != $mo.total_minor) | "money.spend_minor does not add up to total_minor"] +
        [.money.budgets[], .money.programs[] | select((.spend_minor | add // 0) != .total_minor) | "\(.name): spend_minor does not add up"] +
        [select(.summary.cost_minor != .money.total_minor) | "summary.cost_minor != money.total_minor"]
        | .[0:5][]' r$i.json)
    [ -z "$bad" ] || fail "plan $i: $bad"

    # the CSV's spend columns, in cents, against the JSON totals
    jq -r '"spend:total \(.money.total_minor)", (.money.budgets[] | "spend:budget:\(.name) \(.total_minor)"),
           (.money.programs[] | "spend:program:\(.name) \(.total_minor)")' r$i.json | sort > want$i.txt
    awk -F, 'NR == 1 { for (c = 2; c <= NF; c++) if ($c ~ /^spend:/) col[c] = $c; next }
             { for (c in col) { v = $c; neg = v ~ /^-/; sub(/^-/, "", v); split(v, part, "."); cents = part[1] * 100 + part[2]; sum[c] += neg ? -cents : cents } }
             END { for (c in col) printf "%s %.0f\n", col[c], sum[c] }' r$i.csv | sort > got$i.txt
    cmp -s want$i.txt got$i.txt || fail "plan $i: CSV spend does not add up to the JSON totals: $(diff want$i.txt got$i.txt | head -4)"
    i=$((i + 1))
done

# Monte Carlo: the same seed gives the same bytes whatever --jobs is
for i in 3 7 12; do
    "$TRELLIS" run plan$i.plan --runs 24 --seed 99 --jobs 1 --format json > mc1.json 2> /dev/null || fail "plan $i: Monte Carlo did not run"
    "$TRELLIS" run plan$i.plan --runs 24 --seed 99 --jobs 4 --format json > mc4.json 2> /dev/null
    cmp -s mc1.json mc4.json || fail "plan $i: --jobs 1 and --jobs 4 differ"
    "$TRELLIS" run plan$i.plan --runs 24 --seed 100 --jobs 4 --format json > mc5.json 2> /dev/null
    jq -e '.plan.runs == 24 and (.measures[0].p10 | length) == (.months | length)' mc1.json > /dev/null || fail "plan $i: no quantiles"
done
echo "run_property: 40 plans conserve people and money, stay in range and repeat exactly"
