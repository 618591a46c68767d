# bench/gen_scenarios.awk — a plan of N roles, budgets, milestones and programs with one
# scenario each, overriding a headcount, an amount and a cost:
#   awk -v n=10000 -f bench/gen_scenarios.awk
BEGIN {
    print "plan \"Scenarios\" { start 2026-01; horizon 2 years }"
    for (i = 1; i <= n; i++) {
        print "role r" i " { headcount 10 }"
        print "budget b" i " { amount 1M USD per year }"
        print "milestone m" i " { due 2026-06 }"
        print "program p" i " { kind coaching; for r" i "; cost 100 USD per person per year; budget b" i "; after m" i " }"
        print "scenario s" i " { r" i ".headcount 12; b" i ".amount 900k USD per year; p" i ".cost 120 USD per person per year }"
    }
}
