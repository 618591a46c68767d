/* lower_rates.c — rates written per any period become the yearly rates the model
 * compounds, compounding-correctly: r per period T is 1 - (1 - r)^(12 months / T) a year
 * (growth: (1 + r)^(12 / T) - 1), so 2.3% per month loses 23 of 1,000 people in a month and
 * leaves 1,000 x 0.977^12 = 756.4 after a year; a yearly rate is kept as written. */
#include "lower.h"

#include <string.h>

#include "lower_test.h"

static const char plan_text[] =
    "import \"std/benchmarks\"\n"
    "plan \"Rates\" {\n  start 2026-01\n  horizon 12 months\n}\n"
    "let monthly = 2.3% per month\n"
    "role jolts { headcount 1000; salary 60k USD per year; attrition quit_rate; hiring none }\n"
    "role written { headcount 1000; salary 60k USD per year; attrition 2.3% per month; hiring none }\n"
    "role yearly { headcount 100; salary 60k USD per year; attrition 24% per year; hiring none }\n"
    "role weekly { headcount 100; salary 60k USD per year; attrition 0.5% per week; hiring none }\n"
    "role daily { headcount 100; salary 60k USD per year; attrition 0.1% per day; hiring none }\n"
    "role scaled { headcount 100; salary 60k USD per year; attrition monthly * 2; hiring none }\n"
    "role ranged { headcount 100; salary 60k USD per year; attrition 1% to 3% per month; hiring none }\n"
    "role over { headcount 100; salary 60k USD per year; attrition 24% / 2 years; hiring none }\n"
    "role grows { headcount 100; salary 60k USD per year; attrition 0% per year; growth 1% per month\n"
    "  promotion { into top; rate 1% per month } }\n"
    "role all_go { headcount 100; salary 60k USD per year; attrition 100% per year; hiring none }\n"
    "role top { headcount 0; salary 90k USD per year }\n";

static double one_minus_pow(double r, double n) { return 1 - pow(1 - r, n); }

static void yearly_rates(const tr_model *m)
{
    NEAR(m->roles.attrition[0], one_minus_pow(0.023, 12), 1e-12, "quit_rate (2.3% per month, a let in std/benchmarks)");
    NEAR(m->roles.attrition[1], one_minus_pow(0.023, 12), 1e-12, "2.3% per month");
    NEAR(m->roles.attrition[2], 0.24, 1e-12, "24% per year is kept");
    NEAR(m->roles.attrition[3], one_minus_pow(0.005, 12 / (7 / (365.25 / 12))), 1e-9, "0.5% per week: 52.18 weeks a year");
    NEAR(m->roles.attrition[4], one_minus_pow(0.001, 365.25), 1e-9, "0.1% per day: 365.25 days a year");
    NEAR(m->roles.attrition[5], one_minus_pow(0.046, 12), 1e-12, "a let scaled by 2 keeps its period");
    NEAR(m->roles.attrition[9], 1, 0, "100% per year");
    /* 24% / 2 years is worked out first, as arithmetic: 12% per year, kept as it is */
    NEAR(m->roles.attrition[7], 0.12, 1e-12, "24% / 2 years is 12% per year");
    NEAR(m->roles.growth[8], pow(1.01, 12) - 1, 1e-12, "growth 1% per month compounds");
    EXPECT(m->roles.promotion[8].n == 1, "a promotion");
    NEAR(m->roles.promotion[8].val[0], one_minus_pow(0.01, 12), 1e-12, "promotion 1% per month");
    /* a range: the median and both ends converted the same way */
    NEAR(m->roles.attrition[6], one_minus_pow(sqrt(0.01 * 0.03), 12), 1e-12, "1% to 3% per month: the median");
    int found = 0;
    for (int i = 0; i < m->nranges; i++)
        if (m->ranges[i].field == TR_RANGE_ROLE_ATTRITION && m->ranges[i].index == 6) {
            found = 1;
            NEAR(m->ranges[i].lo, one_minus_pow(0.01, 12), 1e-12, "the low end");
            NEAR(m->ranges[i].hi, one_minus_pow(0.03, 12), 1e-12, "the high end");
        }
    EXPECT(found, "the attrition range is registered");
}

static void simulated(const tr_plan *p)
{
    tr_model m;
    tr_sim_result r;
    tr_diags d = {0};
    EXPECT(tr_lower_run(p, -1, NULL, &m, &r, &d) == 0, "lower and run (100%% per year must simulate)");
    if (d.n) {
        tr_buf b = {0};
        tr_diags_render(&d, TR_FORMAT_TEXT, &b);
        printf("%s", b.data ? b.data : "");
        tr_buf_free(&b);
        tr_diags_free(&d);
        return;
    }
    yearly_rates(&m);
    size_t W = (size_t)r.months + 1;
    NEAR(r.leavers[0 * W + 1], 23, 1e-9, "2.3% per month: 23 of 1,000 leave in month 1");
    NEAR(r.headcount[0 * W + 12], 1000 * pow(0.977, 12), 1e-6, "1000 x 0.977^12 after a year");
    NEAR(r.headcount[1 * W + 12], 1000 * pow(0.977, 12), 1e-6, "the same written out");
    NEAR(r.headcount[2 * W + 12], 76, 1e-9, "24% per year: 76 of 100 stay");
    NEAR(r.headcount[9 * W + 1], 0, 0, "100% per year: everyone leaves in month 1");
    tr_sim_result_free(&r);
    tr_model_free(&m);
}

int main(void)
{
    tr_checked *c;
    tr_source *src;
    const tr_plan *p = check_text("rates.plan", plan_text, &c, &src);
    if (p) simulated(p);
    tr_checked_free(c);
    tr_source_free(src);
    DONE("lower_rates");
}
