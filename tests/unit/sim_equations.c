/* sim_equations.c — each equation of MODEL.md sections 2–4 against values computed by
 * hand (the arithmetic is written out next to each expectation). */
#include "sim.h"

#include <stdlib.h>
#include <string.h>

#include "sim_test.h"

#define LN2 0.69314718055994530942

static tr_sim_result R;

static int run(tr_model *m)
{
    char err[256] = "";
    tr_sim_options opt = {.runs = 0, .record_skills = 1};
    int rc = tr_sim_run(m, &opt, &R, err, sizeof err);
    EXPECT(rc == 0, "simulation failed: %s", err);
    return rc;
}

static double at(const double *base, int index, int month)
{
    return tr_sim_series(&R, base, index)[month];
}

static double K(int r, int k, int mo) { return at(R.knowledge, r * R.nskills + k, mo); }
static double B(int r, int k, int mo) { return at(R.behavior, r * R.nskills + k, mo); }

/* Section 2.1: h0 = 1 - (1 - a)^(1/12), h = h0 (1 - 0.5 D)(1 + 0.5 M); alignment. */
static void hazard(void)
{
    NEAR(tr_sim_monthly_rate(0.24), 0.02261020693073168, 1e-15, "h0 at 24% a year");
    NEAR(tr_sim_monthly_rate(0), 0, 0, "h0 at 0");
    tr_model m;
    tr_model_init(&m);
    m.horizon = 3;
    int mgr = tr_model_add_role(&m, "manager", 100, 120000, 0.24);
    int emp = tr_model_add_role(&m, "employee", 100, 60000, 0.24);
    m.roles.reports_to[emp] = mgr;
    m.roles.hiring[mgr] = m.roles.hiring[emp] = TR_MODEL_HIRE_NONE;
    int p = tr_model_add_program(&m, "academy", TR_MODEL_TRAINING, 10, TR_MODEL_COST_PER_PERSON_MONTH);
    tr_model_program_role(&m, p, emp);
    m.programs.participants[p] = 0.4;
    if (run(&m) == 0) {
        double h0 = 0.02261020693073168;
        /* employee: D = 0.4, M = |0.4 - 0| = 0.4 -> h = h0 * 0.8 * 1.2 */
        NEAR(at(R.leavers, emp, 1), 100 * h0 * 0.8 * 1.2, 1e-9, "employee leavers month 1");
        /* manager: D = 0, M = 0.4 -> h = h0 * 1.2 */
        NEAR(at(R.leavers, mgr, 1), 100 * h0 * 1.2, 1e-9, "manager leavers month 1");
        NEAR(R.alignment[1], 0.6, 1e-12, "alignment = 1 - mean |D[r] - D[s]|");
        NEAR(at(R.development, emp, 2), 0.4, 1e-12, "D(employee)");
        /* retention: the product of (1 - h) over the months so far */
        double keep = pow(1 - h0 * 1.2, 3);
        NEAR(at(R.retention, mgr, 3), keep, 1e-12, "retention(manager) after 3 months");
        tr_sim_result_free(&R);
    }
    tr_model_free(&m);
}

/* Section 2.2–2.3: promotions carry K and B; hires fill to a growing target at baseline. */
static void promotions_and_hiring(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 2;
    int k = tr_model_add_skill(&m, "leading", 12);
    int mgr = tr_model_add_role(&m, "manager", 10, 120000, 0);
    int emp = tr_model_add_role(&m, "employee", 100, 60000, 0);
    int grow = tr_model_add_role(&m, "grad", 50, 40000, 0);
    m.roles.growth[grow] = 0.10;
    m.roles.hiring[mgr] = m.roles.hiring[emp] = TR_MODEL_HIRE_NONE;
    tr_model_role_baseline(&m, mgr, k, 0.5);
    tr_model_role_baseline(&m, emp, k, 0.3);
    tr_model_role_promotion(&m, emp, mgr, 0.12);
    if (run(&m) == 0) {
        double P = 100 * (1 - pow(0.88, 1.0 / 12));      /* 1.0596241035 */
        NEAR(at(R.promoted_out, emp, 1), P, 1e-9, "promoted out of employee");
        NEAR(at(R.promoted_in, mgr, 1), P, 1e-9, "promoted into manager");
        NEAR(at(R.headcount, mgr, 1), 10 + P, 1e-9, "manager headcount");
        NEAR(K(mgr, k, 1), (10 * 0.5 + P * 0.3) / (10 + P), 1e-12, "K mixes by headcount (0.48084)");
        NEAR(B(mgr, k, 1), (10 * 0.5 + P * 0.3) / (10 + P), 1e-12, "B mixes by headcount");
        /* below baseline nothing fades: the mixed level stays in month 2, then the next
         * cohort mixes in */
        double n1 = 10 + P, P2 = (100 - P) * (1 - pow(0.88, 1.0 / 12));
        double k1 = (10 * 0.5 + P * 0.3) / n1;
        NEAR(K(mgr, k, 2), (n1 * k1 + P2 * 0.3) / (n1 + P2), 1e-12, "month 2 mix");
        NEAR(at(R.hires, grow, 1), 50 * (pow(1.1, 1.0 / 12) - 1), 1e-12, "hires to a target growing 10% a year");
        NEAR(at(R.headcount, grow, 2), 50 * pow(1.1, 2.0 / 12), 1e-9, "headcount on target");
        tr_sim_result_free(&R);
    }
    tr_model_free(&m);
}

/* Section 3.1–3.3 and 3.5: one-off dose 1, learning, transfer, forgetting with follow-up. */
static void learning_transfer_forgetting(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 3;
    int k = tr_model_add_skill(&m, "selling", 9);
    int r = tr_model_add_role(&m, "seller", 40, 60000, 0);
    tr_model_role_baseline(&m, r, k, 0.3);
    int p = tr_model_add_program(&m, "course", TR_MODEL_TRAINING, 100, TR_MODEL_COST_ONCE);
    tr_model_program_role(&m, p, r);
    tr_model_program_gain(&m, p, k, 0.2);
    m.programs.participants[p] = 0.4;
    m.programs.involvement[p] = TR_INVOLVE_BEFORE | TR_INVOLVE_AFTER;
    if (run(&m) == 0) {
        /* dK = 0.4 * 1 * 0.2 * (1 - 0.3) = 0.056; S = 0.4 + 0.4, A = 0.15 + 0.7 * 0.8 = 0.71 */
        NEAR(K(r, k, 1), 0.356, 1e-12, "K after the course");
        NEAR(B(r, k, 1), 0.3 + 0.71 * 0.056, 1e-12, "B = b + A dK");
        /* month 2: B fades with half life 13.3 months, halved lambda (follow-up after) */
        double b2 = 0.3 + 0.71 * 0.056 * exp(-LN2 / 13.3 * 0.5);
        double k2 = b2 + (0.356 - b2) * exp(-LN2 / 9);
        NEAR(B(r, k, 2), b2, 1e-12, "B after a month of fading");
        NEAR(K(r, k, 2), k2, 1e-12, "K: what fades from use fades again with the skill");
        NEAR(at(R.productivity, r, 2), 2.5 * (b2 - 0.3), 1e-12, "productivity = 2.5 x (B - b)");
        tr_sim_result_free(&R);
    }
    /* A recurring program gives 1/12 of its gain each month. */
    m.programs.cost_mode[p] = TR_MODEL_COST_PER_MONTH;
    m.programs.participants[p] = 1;
    m.programs.kind[p] = TR_MODEL_COACHING;      /* S = 1, A = 0.85 */
    if (run(&m) == 0) {
        double dk = 0.2 / 12 * 0.7;
        NEAR(K(r, k, 1), 0.3 + dk, 1e-12, "recurring dose 1/12");
        NEAR(B(r, k, 1), 0.3 + 0.85 * dk, 1e-12, "coaching applies 85%");
        tr_sim_result_free(&R);
    }
    tr_model_free(&m);
}

/* Section 3.4: reinforcement by a reinforced_by program, after the month's learning. */
static void reinforcement(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 2;
    int k = tr_model_add_skill(&m, "coding", 12);
    int r = tr_model_add_role(&m, "dev", 20, 90000, 0);
    int p = tr_model_add_program(&m, "bootcamp", TR_MODEL_WORKSHOP, 100, TR_MODEL_COST_ONCE);
    int q = tr_model_add_program(&m, "circle", TR_MODEL_MENTORING, 100, TR_MODEL_COST_PER_MONTH);
    tr_model_program_role(&m, p, r);
    tr_model_program_role(&m, q, r);
    tr_model_program_gain(&m, p, k, 0.2);
    m.programs.participants[q] = 0.5;
    m.programs.reinforced_by[p] = q;
    if (run(&m) == 0) {
        /* learn: K = 0.2, B = 0.15 * 0.2 = 0.03; reinforce with c = 0.5:
         * K += 0.5 * 0.25 * 0.8 = 0.1 -> 0.3; B += 0.5 * 0.3 * (0.3 - 0.03) = 0.0405 */
        NEAR(K(r, k, 1), 0.3, 1e-12, "K reinforced");
        NEAR(B(r, k, 1), 0.0705, 1e-12, "B reinforced");
        /* month 2: fading cut by half (c = 0.5 -> 1 - 0.5 * 0.5 = 0.75) */
        double c = 0.5, b2 = 0.0705 * exp(-LN2 / 13.3 * 0.75);
        double k2 = b2 + (0.3 - b2) * exp(-LN2 / 12 * 0.75);
        double k3 = k2 + c * 0.25 * (1 - k2), b3 = b2 + c * 0.3 * (k3 - b2);
        NEAR(K(r, k, 2), k3, 1e-12, "K month 2");
        NEAR(B(r, k, 2), b3, 1e-12, "B month 2");
        tr_sim_result_free(&R);
    }
    tr_model_free(&m);
}

/* LANGUAGE.md section 5: how each kind of cost becomes monthly spending. */
static void spending(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 6;
    int r = tr_model_add_role(&m, "exec", 12, 240000, 0);
    int s = tr_model_add_role(&m, "staff", 100, 50000, 0.12);
    int ms = tr_model_add_milestone(&m, "audit", 3);
    int hour = tr_model_add_program(&m, "coaching", TR_MODEL_COACHING, 450, TR_MODEL_COST_PER_HOUR);
    m.programs.hours[hour] = 24;
    tr_model_program_role(&m, hour, r);
    int once = tr_model_add_program(&m, "audit", TR_MODEL_AUDIT, 15000, TR_MODEL_COST_ONCE);
    int monthly = tr_model_add_program(&m, "platform", TR_MODEL_ELEARNING, 1234.565, TR_MODEL_COST_PER_MONTH);
    m.programs.start[monthly] = 2;
    m.programs.end[monthly] = 4;
    int pp = tr_model_add_program(&m, "induction", TR_MODEL_TRAINING, 500, TR_MODEL_COST_PER_PERSON);
    tr_model_program_role(&m, pp, s);
    m.programs.participants[pp] = 0.5;
    m.programs.duration[pp] = 3;
    tr_model_program_after(&m, pp, ms);
    if (run(&m) == 0) {
        const int64_t *L = R.ledger.program;
        size_t W = 7;
        /* 450 x 24 hours a year / 12 x 12 people = 10,800.00 a month */
        for (int mo = 1; mo <= 6; mo++) EXPECT(L[(size_t)hour * W + (size_t)mo] == 1080000, "per hour, month %d", mo);
        EXPECT(L[(size_t)once * W + 1] == 1500000 && tr_ledger_program_sum(&R.ledger, once, 2, 6) == 0, "once");
        /* 1234.565 is 1234.5649999... in binary: 123456 cents each month, months 2 to 4 */
        EXPECT(L[(size_t)monthly * W + 1] == 0 && L[(size_t)monthly * W + 2] == 123456 &&
               L[(size_t)monthly * W + 4] == 123456 && L[(size_t)monthly * W + 5] == 0, "monthly, window");
        /* after the milestone of month 3: starts month 4, cohort 500 x 0.5 x N, then hires */
        EXPECT(tr_ledger_program_sum(&R.ledger, pp, 1, 3) == 0, "nothing before the milestone");
        int ok = 1;
        double n4 = at(R.headcount, s, 4), h5 = at(R.hires, s, 5);
        EXPECT(L[(size_t)pp * W + 4] == tr_money_round(500 * 0.5 * n4, 100, &ok), "cohort cost");
        EXPECT(L[(size_t)pp * W + 5] == tr_money_round(500 * 0.5 * h5, 100, &ok) && h5 > 0, "new hires' cost");
        EXPECT(L[(size_t)pp * W + 6] != 0 && tr_ledger_program_sum(&R.ledger, pp, 7, 7) == 0, "duration 3 months");
        int64_t total = 0;
        for (int mo = 1; mo <= 6; mo++) total += R.ledger.total[mo];
        EXPECT(total == R.total_cost, "total equals the bookings");
        tr_sim_result_free(&R);
    }
    tr_model_free(&m);
}

/* Section 4: benefit = attribution x (value gained + turnover cost avoided), from the
 * counterfactual with every program disabled. */
static void benefit(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 12;
    int k = tr_model_add_skill(&m, "care", 12);
    int r = tr_model_add_role(&m, "nurse", 50, 48000, 0.20);
    int p = tr_model_add_program(&m, "mentoring", TR_MODEL_MENTORING, 100, TR_MODEL_COST_PER_PERSON_MONTH);
    tr_model_program_role(&m, p, r);
    tr_model_program_gain(&m, p, k, 0.12);
    double plan_tc = 0, plan_value = 0, cf_tc = 0;
    if (run(&m) == 0) {
        for (int mo = 1; mo <= 12; mo++) {
            plan_tc += at(R.turnover_cost, r, mo);
            plan_value += at(R.headcount, r, mo) * 48000 / 12.0 * at(R.productivity, r, mo);
        }
        NEAR(at(R.turnover_cost, r, 1), at(R.leavers, r, 1) * 0.21 * 48000, 1e-9, "turnover cost = leavers x 21% x salary");
        tr_sim_result cf = R;
        m.programs.enabled[p] = 0;
        if (run(&m) == 0) {
            for (int mo = 1; mo <= 12; mo++) cf_tc += at(R.turnover_cost, r, mo);
            EXPECT(R.total_cost == 0 && R.benefit[12] == 0, "disabled: nothing spent, no benefit");
            tr_sim_result_free(&R);
        }
        R = cf;
        double want = 0.5 * (plan_value + (cf_tc - plan_tc));
        NEAR(R.benefit[12], want, 1e-6 * want, "benefit to date");
        NEAR(R.total_benefit, want, 1e-6 * want, "total benefit");
        NEAR(R.total_roi, (want - R.total_cost / 100.0) / (R.total_cost / 100.0), 1e-9, "roi");
        EXPECT(cf_tc > plan_tc, "development keeps people: %g > %g", cf_tc, plan_tc);
        tr_sim_result_free(&R);
    }
    tr_model_free(&m);
}

/* Measures, goals and the expression operators. */
static void measures_and_goals(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 12;
    int r = tr_model_add_role(&m, "staff", 100, 50000, 0.24);
    m.roles.hiring[r] = TR_MODEL_HIRE_NONE;
    int hc = tr_model_expr_metric(&m, TR_METRIC_HEADCOUNT, r, -1);
    int ret = tr_model_expr_metric(&m, TR_METRIC_RETENTION, r, -1);
    int lo = tr_model_expr_const(&m, 80), hi = tr_model_expr_const(&m, 90);
    int args[3] = {hc, lo, hi};
    int clamp = tr_model_expr_op(&m, TR_EXPR_CLAMP, 3, args);
    int zero = tr_model_expr_const(&m, 0);
    int div0 = tr_model_expr_binary(&m, TR_EXPR_DIV, hc, zero);
    int meas = tr_model_add_measure(&m, "people", TR_MODEL_LEVEL_RESULTS, clamp);
    int mref = tr_model_expr_metric(&m, TR_METRIC_MEASURE, meas, -1);
    int g1 = tr_model_add_goal(&m, "keep", ret, TR_MODEL_GE, 0.88, 6);
    int g2 = tr_model_add_goal(&m, "floor", mref, TR_MODEL_LE, 85, 0);
    int g3 = tr_model_add_goal(&m, "div", div0, TR_MODEL_EQ, 0, 0);
    if (run(&m) == 0) {
        double h0 = 0.02261020693073168;
        NEAR(at(R.measure, meas, 3), 90, 0, "clamp at its ceiling (93.4 people)");
        NEAR(at(R.measure, meas, 6), 100 * pow(1 - h0, 6), 1e-9, "clamp inside its bounds (87.2)");
        NEAR(at(R.measure, meas, 12), 80, 0, "clamp at its floor (76 people)");
        /* retention 0.88 is passed between months 5 and 6: (1 - h0)^5 = 0.892, ^6 = 0.872 */
        EXPECT(!R.goals[g1].met && R.goals[g1].by == 6 && R.goals[g1].first_met == 1, "keep: missed at 6, met from 1");
        NEAR(R.goals[g1].value, pow(1 - h0, 6), 1e-12, "keep: value at its date");
        /* headcount reaches 85 after ln(0.85)/ln(1-h0) = 7.1 months: first met in month 8 */
        EXPECT(R.goals[g2].met && R.goals[g2].first_met == 8 && R.goals[g2].by == 12, "floor: met from month 8, got %d", R.goals[g2].first_met);
        EXPECT(R.goals[g3].met, "division by zero reads 0");
        tr_sim_result_free(&R);
    }
    tr_model_free(&m);
}

/* A skill without half_life takes the model's skill_half_life, read when the run starts. */
static void default_half_life(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 8;
    int k = tr_model_add_skill(&m, "misc", 0);
    tr_model_param_set(&m.params, "skill_half_life", 6);
    tr_model_param_set(&m.params, "transfer_floor", 0);
    tr_model_param_set(&m.params, "transfer_span", 0);
    EXPECT(tr_model_param_set(&m.params, "no_such_parameter", 1) == -1, "unknown parameter refused");
    int r = tr_model_add_role(&m, "staff", 10, 1, 0);
    int p = tr_model_add_program(&m, "course", TR_MODEL_ELEARNING, 1, TR_MODEL_COST_ONCE);
    tr_model_program_role(&m, p, r);
    tr_model_program_gain(&m, p, k, 0.5);
    if (run(&m) == 0) {
        NEAR(K(r, k, 7), 0.25, 1e-12, "halved after 6 months");
        tr_sim_result_free(&R);
    }
    tr_model_free(&m);
}

/* Bad models are refused with a message, never simulated. */
static void validation(void)
{
    tr_model m;
    tr_model_init(&m);
    int r = tr_model_add_role(&m, "staff", 10, 1, 0);
    int p = tr_model_add_program(&m, "x", TR_MODEL_TRAINING, 1, TR_MODEL_COST_ONCE);
    tr_model_program_role(&m, p, r + 5);
    char err[256] = "";
    EXPECT(tr_sim_run(&m, NULL, &R, err, sizeof err) == -1 && err[0], "a bad role index is refused");
    tr_model_free(&m);
    tr_model_init(&m);
    int b1 = tr_model_add_budget(&m, "a", 1, 0, 1);
    tr_model_add_budget(&m, "b", 1, 0, b1);
    EXPECT(tr_sim_run(&m, NULL, &R, err, sizeof err) == -1 && strstr(err, "cycle"), "a budget cycle: %s", err);
    tr_model_free(&m);
}

int main(void)
{
    hazard();
    promotions_and_hiring();
    learning_transfer_forgetting();
    reinforcement();
    spending();
    benefit();
    measures_and_goals();
    default_half_life();
    validation();
    DONE("sim_equations");
}
