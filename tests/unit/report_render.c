/* report_render.c — number and money formatting, and the text, JSON and CSV reports of a
 * small plan: what each must contain, and that JSON and CSV agree with the result. */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "sim_test.h"

static void expect_text(void (*fill)(tr_buf *), const char *want, const char *what)
{
    tr_buf b = {0};
    fill(&b);
    EXPECT(b.data && strcmp(b.data, want) == 0, "%s: got '%s', want '%s'", what, b.data ? b.data : "", want);
    tr_buf_free(&b);
}

#define FORMAT(name, call) static void name(tr_buf *b) { call; }
FORMAT(n1, tr_report_number(b, 1286, 0))
FORMAT(n2, tr_report_number(b, 1234567.891, 2))
FORMAT(n3, tr_report_number(b, -0.004, 2))
FORMAT(n4, tr_report_number(b, -98765.4, 1))
FORMAT(n5, tr_report_number(b, 999.5, 0))
FORMAT(n6, tr_report_number(b, 12, 0))
FORMAT(m1, tr_report_money(b, 128600, 100, "USD"))
FORMAT(m2, tr_report_money(b, 6430025, 100, "USD"))
FORMAT(m3, tr_report_money(b, -77160000, 100, "EUR"))
FORMAT(m4, tr_report_money(b, 5, 100, "USD"))
FORMAT(m5, tr_report_money(b, 1500, 1, "JPY"))

static tr_model model;
FORMAT(d1, tr_report_month(b, &model, 1))
FORMAT(d2, tr_report_month(b, &model, 12))
FORMAT(d3, tr_report_month(b, &model, 25))

static void formatting(void)
{
    expect_text(n1, "1,286", "whole number");
    expect_text(n2, "1,234,567.89", "two decimals");
    expect_text(n3, "0.00", "no negative zero");
    expect_text(n4, "-98,765.4", "negative");
    expect_text(n5, "1,000", "rounding carries into a new group");
    expect_text(n6, "12", "small number");
    expect_text(m1, "1,286 USD", "whole money");
    expect_text(m2, "64,300.25 USD", "money with cents");
    expect_text(m3, "-771,600 EUR", "negative money");
    expect_text(m4, "0.05 USD", "five cents");
    expect_text(m5, "1,500 JPY", "no minor units");
    tr_model_init(&model);
    model.start_year = 2026, model.start_month = 4;
    expect_text(d1, "2026-04", "first month");
    expect_text(d2, "2027-03", "twelfth month");
    expect_text(d3, "2028-04", "25th month");
    tr_model_free(&model);
}

/* A plan with a budget that overruns, a measure and two goals (one met, one missed). */
static void build(tr_model *m)
{
    tr_model_init(m);
    tr_model_set_plan(m, "Sales development", 2026, 1, 24, "USD");
    int k = tr_model_add_skill(m, "selling", 9);
    int mgr = tr_model_add_role(m, "manager", 10, 120000, 0.12);
    int emp = tr_model_add_role(m, "employee", 600, 65000, 0.18);
    m->roles.reports_to[emp] = mgr;
    tr_model_role_baseline(m, emp, k, 0.30);
    int learning = tr_model_add_budget(m, "learning", 700000, 1, -1);
    int ms = tr_model_add_milestone(m, "rollout", 3);
    int p = tr_model_add_program(m, "academy", TR_MODEL_TRAINING, 1286.0 / 12, TR_MODEL_COST_PER_PERSON_MONTH);
    tr_model_program_role(m, p, emp);
    tr_model_program_gain(m, p, k, 0.20);
    tr_model_program_after(m, p, ms);
    m->programs.budget[p] = learning;
    m->programs.involvement[p] = TR_INVOLVE_BEFORE | TR_INVOLVE_AFTER;
    int beh = tr_model_expr_metric(m, TR_METRIC_BEHAVIOR, emp, k);
    int meas = tr_model_add_measure(m, "seller_behavior", TR_MODEL_LEVEL_BEHAVIOR, beh);
    int ref = tr_model_expr_metric(m, TR_METRIC_MEASURE, meas, -1);
    tr_model_add_goal(m, "apply_skills", ref, TR_MODEL_GE, 0.33, 12);
    tr_model_add_goal(m, "keep_people", tr_model_expr_metric(m, TR_METRIC_RETENTION, emp, -1), TR_MODEL_GE, 0.95, 0);
}

static void text_report(const tr_model *m, const tr_sim_result *r)
{
    tr_buf b = {0};
    EXPECT(tr_report_text(&b, m, r) == 0, "text report");
    const char *want[] = {
        "Plan: Sales development\n  2026-01 to 2027-12 (24 months), currency USD, deterministic run\n",
        "Headcount (people, end of each plan year)\n",
        "  employee       600.0     600.0     600.0\n",
        "  learning: 700,000 USD per year\n",
        /* months 4-12 of year 1: 9 x 64,300 = 578,700; year 2: 771,600 */
        "    2026-12  578,700 USD (82.7%)\n",
        "    2027-12  771,600 USD (110.2%)\n",
        "  academy  1,350,300 USD\n",
        "  seller_behavior (behavior)\n",
        "  learning: exceeded in 2027-11 (plan year 2): 707,300 USD booked against 700,000 USD; programs: academy\n",
        "  rollout: due 2026-03, reached 2026-03\n    programs after it: academy starts 2026-04\n",
        "  cost                1,350,300 USD\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        EXPECT(b.data && strstr(b.data, want[i]), "text report lacks: %s", want[i]);
    EXPECT(b.data && strstr(b.data, "  keep_people: >= 95.0% by 2027-12: missed ("), "keep_people missed");
    EXPECT(b.data && strstr(b.data, "  apply_skills: >= 33.0% by 2026-12: met ("), "apply_skills met");
    if (failures) printf("%s", b.data ? b.data : "");
    tr_buf_free(&b);
}

static void json_report(const tr_model *m, const tr_sim_result *r)
{
    tr_buf b = {0};
    EXPECT(tr_report_json(&b, m, r) == 0, "json report");
    json_error_t e;
    json_t *doc = json_loads(b.data ? b.data : "", 0, &e);
    EXPECT(doc != NULL, "JSON does not parse: %s at line %d", e.text, e.line);
    if (doc) {
        EXPECT(strcmp(json_string_value(json_object_get(doc, "schema")), "trellis-report/1") == 0, "schema");
        EXPECT(json_array_size(json_object_get(doc, "months")) == 24, "24 months");
        json_t *money = json_object_get(doc, "money");
        json_t *spend = json_object_get(money, "spend_minor");
        json_int_t sum = 0;
        for (size_t i = 0; i < json_array_size(spend); i++) sum += json_integer_value(json_array_get(spend, i));
        EXPECT(sum == json_integer_value(json_object_get(money, "total_minor")) && sum == 135030000,
               "monthly spend adds up to the total: %lld", (long long)sum);
        json_t *ov = json_array_get(json_object_get(money, "overruns"), 0);
        EXPECT(ov && strcmp(json_string_value(json_object_get(ov, "month")), "2027-11") == 0 &&
               json_integer_value(json_object_get(ov, "booked_minor")) == 70730000 &&
               json_integer_value(json_object_get(ov, "year")) == 2, "overrun in JSON");
        json_t *g = json_array_get(json_object_get(doc, "goals"), 0);
        EXPECT(g && json_is_true(json_object_get(g, "met")) && strcmp(json_string_value(json_object_get(g, "by")), "2026-12") == 0 &&
               strcmp(json_string_value(json_object_get(g, "unit")), "share") == 0, "goal in JSON");
        json_t *role = json_array_get(json_object_get(doc, "roles"), 1);
        EXPECT(role && json_array_size(json_object_get(role, "headcount")) == 24 &&
               json_real_value(json_object_get(role, "headcount_start")) == 600, "role series");
        json_decref(doc);
    }
    tr_buf_free(&b);
}

static void csv_report(const tr_model *m, const tr_sim_result *r)
{
    tr_buf b = {0};
    EXPECT(tr_report_csv(&b, m, r) == 0, "csv report");
    const char *s = b.data ? b.data : "";
    EXPECT(strncmp(s, "month,headcount:manager,headcount:employee,leavers:manager,", 59) == 0, "header: %.80s", s);
    int rows = 0, cols = -1, bad = 0;
    for (const char *line = s; *line;) {
        const char *end = strchr(line, '\n');
        if (!end) { bad = 1; break; }
        int c = 1;
        for (const char *x = line; x < end; x++) c += *x == ',';
        if (cols < 0) cols = c;
        else if (c != cols) bad = 1;
        rows++;
        line = end + 1;
    }
    EXPECT(rows == 25 && !bad, "a header and 24 rows of equal width: %d rows", rows);
    EXPECT(strstr(s, "\n2026-04,") && strstr(s, ",64300.00,64300.00,64300.00,"), "month 4 books 64300.00 to budget, program and total");
    tr_buf_free(&b);
}

/* A value in its unit and a difference, as text. */
static void expect_value(const tr_model *m, tr_report_unit u, double v, const char *want, const char *what)
{
    tr_buf b = {0};
    tr_report_value(&b, m, u, v);
    EXPECT(b.data && strcmp(b.data, want) == 0, "%s: got '%s', want '%s'", what, b.data ? b.data : "", want);
    tr_buf_free(&b);
}

static void expect_difference(const tr_model *m, tr_report_unit u, double from, double to, const char *want, const char *what)
{
    tr_buf b = {0};
    tr_report_difference(&b, m, u, from, to);
    EXPECT(b.data && strcmp(b.data, want) == 0, "%s: got '%s', want '%s'", what, b.data ? b.data : "", want);
    tr_buf_free(&b);
}

/* A constant with the dimension the checker gives it (`1000 USD`, `1 year` = 12 months). */
static int constant(tr_model *m, double v, tr_dim dim, int percent)
{
    int x = tr_model_expr_const(m, v);
    m->exprs[x].dim = dim;
    m->exprs[x].percent = (unsigned char)percent;
    return x;
}

/* The audit's measures and goals: the unit comes from the expression's dimension (not its
 * first metric), a declared unit labels the number, rates read per year, money to the
 * cent, shares in %, ratios of shares and counts as plain numbers. */
static void units(void)
{
    tr_model m;
    tr_model_init(&m);
    int r = tr_model_add_role(&m, "r", 7, 50000, 0);
    int b = tr_model_add_budget(&m, "b", 100000, 1, -1);
    int spend = tr_model_expr_metric(&m, TR_METRIC_SPEND_BUDGET, b, -1), hc = tr_model_expr_metric(&m, TR_METRIC_HEADCOUNT, r, -1);
    int k = tr_model_add_measure(&m, "k", TR_MODEL_LEVEL_NONE,
                                 tr_model_expr_binary(&m, TR_EXPR_DIV, spend, constant(&m, 1000, TR_DIM_MONEY, 0)));
    tr_model_measure_unit(&m, k, "kUSD", 4);
    int teams = tr_model_add_measure(&m, "teams", TR_MODEL_LEVEL_NONE, tr_model_expr_binary(&m, TR_EXPR_DIV, hc, constant(&m, 7, TR_DIM_PEOPLE, 0)));
    int perhead = tr_model_add_measure(&m, "perhead", TR_MODEL_LEVEL_NONE, tr_model_expr_binary(&m, TR_EXPR_DIV, spend, hc));
    int sp = tr_model_add_measure(&m, "sp", TR_MODEL_LEVEL_NONE, spend);
    int rate = tr_model_expr_binary(&m, TR_EXPR_DIV, spend, constant(&m, 12, TR_DIM_TIME, 0));
    int g1 = tr_model_add_goal(&m, "g1", rate, TR_MODEL_GE, 750, 0);
    int ret = tr_model_expr_metric(&m, TR_METRIC_RETENTION, r, -1);
    int kn = tr_model_expr_metric(&m, TR_METRIC_KNOWLEDGE, r, 0);
    int scaled = tr_model_add_measure(&m, "scaled", TR_MODEL_LEVEL_NONE, tr_model_expr_binary(&m, TR_EXPR_MUL, kn, constant(&m, 100, TR_DIM_NONE, 0)));
    tr_model_measure_unit(&m, scaled, "%", 1);
    int ratio = tr_model_expr_binary(&m, TR_EXPR_DIV, ret, tr_model_expr_metric(&m, TR_METRIC_RETENTION, r, -1));
    int less = tr_model_expr_binary(&m, TR_EXPR_SUB, ret, constant(&m, 0.05, TR_DIM_NONE, 1));
    int ref = tr_model_add_goal(&m, "via_k", tr_model_expr_metric(&m, TR_METRIC_MEASURE, k, -1), TR_MODEL_GE, 9, 0);
    int count = tr_model_expr_binary(&m, TR_EXPR_DIV, hc, tr_model_expr_metric(&m, TR_METRIC_HEADCOUNT, r, -1));
    int pct_goal = tr_model_add_goal(&m, "pct", count, TR_MODEL_GE, 0.5, 0);
    m.exprs[count].percent = 1;   /* as lowering marks a goal whose target was written `50%` */

    expect_value(&m, tr_report_measure_unit(&m, k), 9.00456, "9.00 kUSD", "money / money, labelled kUSD");
    expect_value(&m, tr_report_measure_unit(&m, teams), 1, "1.00", "people / people is a number");
    expect_value(&m, tr_report_measure_unit(&m, perhead), 9004.56 / 7, "1,286.37 USD per person", "money per person");
    expect_value(&m, tr_report_measure_unit(&m, sp), 9004.56, "9,004.56 USD", "money to the cent");
    expect_value(&m, tr_report_measure_unit(&m, sp), 9005, "9,005 USD", "whole money has no cents");
    expect_value(&m, tr_report_goal_unit(&m, g1), 750, "9,000 USD per year", "a rate per month shown per year");
    expect_value(&m, tr_report_goal_unit(&m, g1), 9004.56 / 12, "9,004.56 USD per year", "and its value then");
    expect_value(&m, tr_report_expr_unit(&m, ret), 0.88, "88.0%", "a share");
    expect_value(&m, tr_report_expr_unit(&m, less), 0.83, "83.0%", "a share minus a percentage");
    expect_value(&m, tr_report_expr_unit(&m, ratio), 1.25, "1.25", "a ratio of shares is a number");
    expect_value(&m, tr_report_measure_unit(&m, scaled), 45, "45.00 %", "a declared unit: the number as it is");
    expect_value(&m, tr_report_goal_unit(&m, ref), 9, "9.00 kUSD", "a goal on a measure takes its label");
    expect_value(&m, tr_report_goal_unit(&m, pct_goal), 0.62, "62.0%", "a target written in % shows the goal in %");
    expect_value(&m, TR_REPORT_PEOPLE, 76, "76.0 people", "people");
    expect_value(&m, TR_REPORT_MONEY, NAN, "n/a", "no value");
    (void)pct_goal;

    /* differences of the values as shown (the audit's :diff: 15,798,103 -> 856,017 showed
       -14,942,085, one short of what the shown figures differ by) */
    expect_difference(&m, TR_REPORT_MONEY, 15798102.7849, 856017.3951, "-14,942,085.38 USD", "money, from shown cents");
    expect_difference(&m, TR_REPORT_SHARE, 0.2634, -0.3686, "-63.2 pt", "shares in points, from shown tenths");
    expect_difference(&m, TR_REPORT_SHARE, 0.3705, 0.3686, "-0.2 pt", "37.1% -> 36.9%");
    expect_difference(&m, TR_REPORT_MONEY, 100.001, 100.004, "±0 USD", "no shown change");
    expect_difference(&m, tr_report_goal_unit(&m, g1), 750, 800, "+600 USD per year", "a rate's change per year");
    expect_difference(&m, tr_report_measure_unit(&m, k), 9.004, 9.1, "+0.10 kUSD", "labelled");
    EXPECT(tr_report_same_shown(&m, TR_REPORT_SHARE, 0.47401, 0.47449), "47.4%% and 47.4%% read the same");
    EXPECT(!tr_report_same_shown(&m, TR_REPORT_MONEY, 1.004, 1.006), "1.00 and 1.01 USD do not");

    tr_buf w = {0};
    tr_report_unit_words(&w, &m, tr_report_goal_unit(&m, g1), false);
    EXPECT(w.data && strcmp(w.data, "USD per month") == 0, "canonical words: %s", w.data ? w.data : "");
    tr_buf_free(&w);
    tr_report_unit_words(&w, &m, tr_report_goal_unit(&m, g1), true);
    EXPECT(w.data && strcmp(w.data, "USD per year") == 0, "shown words: %s", w.data ? w.data : "");
    tr_buf_free(&w);
    EXPECT(strcmp(tr_report_unit_kind(tr_report_measure_unit(&m, perhead)), "quantity") == 0 &&
           strcmp(tr_report_unit_kind(tr_report_measure_unit(&m, teams)), "number") == 0 &&
           strcmp(tr_report_unit_kind(tr_report_measure_unit(&m, sp)), "money") == 0, "unit kinds");
    tr_model_free(&m);
}

int main(void)
{
    formatting();
    units();
    tr_model m;
    build(&m);
    tr_sim_result r;
    char err[256];
    if (tr_sim_run(&m, NULL, &r, err, sizeof err) == 0) {
        text_report(&m, &r);
        json_report(&m, &r);
        csv_report(&m, &r);
        tr_sim_result_free(&r);
    } else {
        EXPECT(0, "simulation failed: %s", err);
    }
    tr_model_free(&m);
    DONE("report_render");
}
