/* check_model_agree.c — E490 ("cannot-simulate") is an internal error: every value the
 * model's validation or the ledger refuses is refused by `trellis check` first, at its
 * attribute. Each case below is a plan body at an edge: it either checks with the error
 * code given, or checks clean and then lowers and simulates (deterministic and Monte
 * Carlo) without E490. A case added here for a new model rule keeps the two in step. */
#include "lower.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sim_test.h"

static const struct {
    const char *body;   /* after the plan block and `role r { headcount 5 }` */
    const char *code;   /* the error check reports, or NULL: clean, and it simulates */
} cases[] = {
    {"role s { headcount 1; salary -5 USD per year }", "E410"},
    {"role s { headcount 1; salary 0 USD per year }", NULL},
    {"program p { kind audit; for r; cost -5 USD }", "E410"},
    {"program p { kind audit; for r; cost -5 to 5 USD }", "E410"},
    {"program p { kind audit; for r; cost 0 to 5 USD }", NULL},
    {"program p { kind coaching; for r; cost 450 USD per hour; hours -3 hours per person }", "E410"},
    {"program p { kind coaching; for r; cost 450 USD per hour }", "E304"},
    {"program p { kind coaching; for r; cost 450 USD per hour; hours 3 hours per person }", NULL},
    {"program p { kind training; for r; cost 5 USD; phase post { duration 1 week; coaching -2 hours per person } }", "E410"},
    {"program p { kind training; for r; cost 5 USD; phase post { duration 1 week; coaching 0 hours per person } }", NULL},
    {"role s { headcount 1; growth -100% per year }", "E410"},
    {"role s { headcount 1; growth -99.9% per year }", NULL},
    {"role s { headcount 1; growth 1000% per year }", NULL},
    {"role s { headcount 1; attrition 100% per year }", NULL},
    {"role s { headcount 1; attrition 90% to 100% per year }", NULL},
    {"role s { headcount 1; attrition 101% per year }", "E410"},
    {"role s { headcount 1; promotion { into s; rate 5% } }", "E415"},
    {"role s { headcount 1; promotion { into r; rate 100% } }", "E410"},
    {"role s { headcount 1; promotion { into r; rate 99% } }", NULL},
    {"role s { headcount 1; turnover_cost 213% }", NULL},
    {"role s { headcount 1; turnover_cost -1% }", "E410"},
    {"model { applied_half_life 0 months }", "E410"},
    {"model { applied_half_life 0.5 months; turnover_cost 213% }", NULL},
    {"skill k { half_life 0 months }", NULL},
    {"model { skill_half_life 0 months }", "E410"},
    {"model { skill_half_life 3 months }\nskill k { }", NULL},
    {"budget b { amount -5 USD }", "E410"},
    {"budget b { amount 0 USD }\nprogram p { kind audit; for r; cost 0 USD; budget b }", NULL},
    {"budget b { amount 2e12 USD }", "E412"},
    {"role big { headcount 1e8 }\nprogram p { kind audit; for big; cost 1e9 USD per person }", "E412"},
    {"role big { headcount 1e8 }\nprogram p { kind audit; for big; cost 9000 USD per person }", NULL},
    {"role g { headcount 1e6; growth 1000% per year }\nprogram p { kind coaching; for g; cost 1e6 USD per person per month }", "E412"},
    {"role g { headcount 1e6 }\nprogram p { kind coaching; for g; cost 1e6 USD per person per month }", NULL},
    {"let x = 1e150 * 1e150 * 1e8", "E412"},
    {"milestone m { due 2027-01 }", "E404"},
    {"milestone m { due 2026-12-31 }\nprogram p { kind audit; for r; cost 5 USD; after m }", NULL},
    {"goal g { metric headcount(r); target >= 1 person; by 2026-12 }", NULL},
    /* every booking at the checker's bound (1e12 USD a month): the year's bookings, 9.6e15
       cents, pass 2^53, which a sum of them in int64 cents holds exactly */
    {"role g { headcount 1e6 }\n"
     "program a { kind coaching; for g; cost 1e6 USD per person per month }\n"
     "program b { kind coaching; for g; cost 1e6 USD per person per month }\n"
     "program c { kind coaching; for g; cost 1e6 USD per person per month }\n"
     "program d { kind coaching; for g; cost 1e6 USD per person per month }\n"
     "program e { kind coaching; for g; cost 1e6 USD per person per month }\n"
     "program f { kind coaching; for g; cost 1e6 USD per person per month }\n"
     "program h { kind coaching; for g; cost 1e6 USD per person per month }\n"
     "program i { kind coaching; for g; cost 1e6 USD per person per month }", NULL},
};

static bool has_code(const tr_diags *d, const char *code) {
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i]->code, code) == 0) return true;
    return false;
}

static void run_case(const char *stdlib, size_t k) {
    char text[2048];
    snprintf(text, sizeof text, "plan \"Edge\" { start 2026-01; horizon 12 months }\nrole r { headcount 5 }\n%s\n", cases[k].body);
    tr_source *src = tr_source_from_text("edge.plan", text, strlen(text));
    tr_check_options o = {stdlib, false};
    tr_diags d = {0};
    const tr_source *roots[1] = {src};
    tr_checked *c = tr_check_sources(roots, 1, &o, &d);
    bool ok = false;
    const tr_plan *p = tr_checked_count(c) ? tr_checked_plan(c, 0, &ok) : NULL;
    size_t errors = tr_diags_count(&d, TR_SEV_ERROR);
    if (cases[k].code) {
        EXPECT(errors > 0 && has_code(&d, cases[k].code), "case %zu (%s): expected %s from check", k, cases[k].body, cases[k].code);
    } else if (!(p && ok && errors == 0)) {
        EXPECT(false, "case %zu (%s): expected a clean check, found %s", k, cases[k].body, d.n ? d.items[0]->message : "no plan");
    } else {
        for (int runs = 0; runs <= 200; runs += 200) {   /* deterministic, then Monte Carlo */
            tr_model m;
            tr_sim_result res;
            tr_diags sd = {0};
            tr_sim_options so = {.runs = runs, .seed = 7, .record_skills = 1};
            int rc = tr_lower_run(p, -1, &so, &m, &res, &sd);
            EXPECT(rc == 0 && !has_code(&sd, "E490"), "case %zu (%s): clean, yet %d run(s) failed: %s", k, cases[k].body, runs,
                   sd.n ? sd.items[0]->message : "?");
            if (rc == 0) tr_model_free(&m), tr_sim_result_free(&res);
            tr_diags_free(&sd);
        }
    }
    tr_diags_free(&d);
    tr_checked_free(c);
    tr_source_free(src);
}

/* The audit's "Huge" plan: it checks clean, and its bookings to date reach 1.1e16 cents,
 * past 2^53 (where E490 used to stop it in 2053-10). It runs, and its total is the sum of
 * its monthly bookings exactly, printed to the cent. */
static void huge_plan(const char *stdlib) {
    static const char text[] =
        "plan \"Huge\" { start 2026-01; horizon 30 years }\nskill s {}\n"
        "role r { headcount 65M; salary 900k USD per year; attrition 5%; growth 10% }\n"
        "program p { kind training; for r; cost 9999.99 USD per person per year; gains { s 10% }; manager_involvement after }\n";
    tr_source *src = tr_source_from_text("huge.plan", text, strlen(text));
    tr_check_options o = {stdlib, false};
    tr_diags d = {0};
    const tr_source *roots[1] = {src};
    tr_checked *c = tr_check_sources(roots, 1, &o, &d);
    bool ok = false;
    const tr_plan *p = tr_checked_count(c) ? tr_checked_plan(c, 0, &ok) : NULL;
    EXPECT(p && ok && tr_diags_count(&d, TR_SEV_ERROR) == 0, "the Huge plan checks clean");
    tr_model m;
    tr_sim_result r;
    tr_diags sd = {0};
    if (p && ok && tr_lower_run(p, -1, NULL, &m, &r, &sd) == 0) {
        int64_t sum = 0;
        for (int mo = 1; mo <= r.months; mo++) sum += r.ledger.total[mo];
        EXPECT(sum == r.total_cost && r.total_cost > (INT64_C(1) << 53), "bookings %" PRId64 " sum to the total %" PRId64, sum, r.total_cost);
        EXPECT(r.total_cost == INT64_C(11262824283773937), "the total in cents: %" PRId64, r.total_cost);
        tr_model_free(&m);
        tr_sim_result_free(&r);
    } else {
        EXPECT(false, "the Huge plan does not run: %s", sd.n ? sd.items[0]->message : "?");
    }
    tr_diags_free(&sd);
    tr_diags_free(&d);
    tr_checked_free(c);
    tr_source_free(src);
}

int main(void) {
    const char *stdlib = getenv("TRELLIS_STDLIB");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) run_case(stdlib && *stdlib ? stdlib : "stdlib", k);
    huge_plan(stdlib && *stdlib ? stdlib : "stdlib");
    DONE("check_model_agree");
}
