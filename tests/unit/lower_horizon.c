/* lower_horizon.c — what lowering does at the edges of the horizon: a date in the month
 * after it is "not within the plan" (a program that never starts, a milestone never
 * reached, a goal never judged), never the last month. The checker refuses such dates
 * (E404); lowering must not clamp them anyway, so the test writes them into a checked plan. */
#include "lower.h"

#include <stdlib.h>
#include <string.h>

#include "lower_test.h"

static const char plan_text[] =
    "plan \"Edges\" {\n  start 2026-01\n  horizon 12 months\n}\n"
    "skill s {}\n"
    "role staff { headcount 10; salary 60k USD per year; hiring none }\n"
    "budget b { amount 100k USD }\n"
    "program late { kind workshop; for staff; cost 5000 USD; budget b; start 2026-06;\n"
    "  manager_involvement before; gains { s 20% } }\n"
    "milestone m { due 2026-06 }\n"
    "program next { kind workshop; for staff; cost 100 USD; budget b; after m;\n"
    "  manager_involvement before; gains { s 20% } }\n"
    "measure k { level learning; value knowledge(staff, s) }\n"
    "goal g { metric k; target >= 0%; by 2026-06 }\n";

static void after_the_horizon(tr_plan *p)
{
    int32_t next_year = tr_date_days(2027, 1, 0);   /* start + horizon: the month after it */
    p->programs[0].start.date = next_year;
    p->milestones[0].due.date = next_year;
    p->goals[0].by.date = next_year;
    tr_model m;
    tr_sim_result r;
    tr_diags d = {0};
    EXPECT(tr_lower_run(p, -1, NULL, &m, &r, &d) == 0, "lower and run");
    if (d.n) { tr_diags_free(&d); return; }
    EXPECT(m.programs.start[0] == 13, "a start in 2027-01 is month 13, not 12: %d", m.programs.start[0]);
    EXPECT(m.milestones.due[0] == 13, "a due date in 2027-01 is month 13: %d", m.milestones.due[0]);
    EXPECT(m.goals.by[0] == 13, "a goal by 2027-01 is month 13: %d", m.goals.by[0]);
    EXPECT(tr_ledger_program_sum(&r.ledger, 0, 1, 12) == 0, "the late program books nothing in the plan");
    EXPECT(tr_ledger_program_sum(&r.ledger, 1, 1, 12) == 0, "a program after an unreached milestone never runs");
    EXPECT(r.total_cost == 0, "nothing is spent");
    EXPECT(!r.goals[0].judged && !r.goals[0].met && isnan(r.goals[0].value), "a goal after the horizon is not judged");
    EXPECT(r.goals[0].first_met == 1, "but the months it met its bound are still reported: %d", r.goals[0].first_met);
    tr_sim_result_free(&r);
    tr_model_free(&m);
}

static void window_closed(tr_plan *p)
{
    /* a program whose window ends before it starts (a scenario can write it) never runs */
    p->programs[0].start.date = tr_date_days(2026, 6, 0);
    p->programs[0].end = p->programs[0].start;
    p->programs[0].end.date = tr_date_days(2026, 3, 0);
    tr_model m;
    tr_diags d = {0};
    EXPECT(tr_lower(p, -1, &m, &d) == 0, "lower");
    if (d.n) { tr_diags_free(&d); return; }
    EXPECT(m.programs.start[0] > m.horizon, "an empty window: never within the plan");
    tr_model_free(&m);
}

/* Values at the ends of what the checker accepts simulate (E490 is for the engine's own
 * limits, never for a value the language allows). */
static const char edges_text[] =
    "plan \"Accepted\" {\n  start 2026-01\n  horizon 12 months\n}\n"
    "skill s { half_life 0 months }\n"
    "role staff { headcount 10; salary 60k USD per year; attrition 100% per year; growth -99.99% per year; hiring none\n"
    "  promotion { into boss; rate 99.99% per year } }\n"
    "role boss { headcount 0; salary 0 USD per year; attrition 0% per year; growth 1000% per year }\n"
    "budget b { amount 0 USD }\n"
    "program p { kind workshop; for staff, boss; cost 0 USD; budget b; participants 0%; duration 0 months;\n"
    "  gains { s 100% }; manager_involvement before }\n"
    "model { applied_half_life 0.001 months; transfer_floor 0%; transfer_span 100%; effect_sd 0 }\n";

static void accepted_edges(void)
{
    tr_checked *c;
    tr_source *src;
    const tr_plan *p = check_text("accepted.plan", edges_text, &c, &src);
    if (p) {
        tr_model m;
        tr_sim_result r;
        tr_diags d = {0};
        EXPECT(tr_lower_run(p, -1, NULL, &m, &r, &d) == 0, "a plan the checker accepts must simulate");
        if (d.n) {
            tr_buf b = {0};
            tr_diags_render(&d, TR_FORMAT_TEXT, &b);
            printf("%s", b.data ? b.data : "");
            tr_buf_free(&b);
            tr_diags_free(&d);
        } else {
            EXPECT(m.roles.promotion[0].n == 1 && m.roles.promotion[0].idx[0] == 1, "the promotion into boss");
            NEAR(r.headcount[(size_t)0 * ((size_t)r.months + 1) + 1], 0, 0, "100%% attrition: nobody left");
            tr_sim_result_free(&r);
            tr_model_free(&m);
        }
    }
    tr_checked_free(c);
    tr_source_free(src);
}

int main(void)
{
    tr_checked *c;
    tr_source *src;
    const tr_plan *p = check_text("edges.plan", plan_text, &c, &src);
    if (p) {
        after_the_horizon((tr_plan *)p);   /* the test's own checked plan: written on purpose */
        window_closed((tr_plan *)p);
    }
    tr_checked_free(c);
    tr_source_free(src);
    accepted_edges();
    DONE("lower_horizon");
}
