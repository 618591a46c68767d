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

int main(void)
{
    formatting();
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
