/* sim_calibration.c — every calibration check of MODEL.md section 6, with the published
 * figure and the tolerance written next to the test, run with the default parameters. */
#include "sim.h"

#include <stdlib.h>

#include "sim_test.h"

#define WEEK_MONTHS (7.0 / (365.25 / 12.0))

static const double *series(const tr_sim_result *r, const double *base, int index)
{
    return tr_sim_series(r, base, index);
}

static int run(const tr_model *m, tr_sim_result *r)
{
    char err[256] = "";
    tr_sim_options opt = {.runs = 0, .record_skills = 1};
    int rc = tr_sim_run(m, &opt, r, err, sizeof err);
    EXPECT(rc == 0, "simulation failed: %s", err);
    return rc;
}

/* 1. Saks & Belcourt (2006): 62%, 44%, 34% of trainees apply at 0, 6 and 12 months. */
static void saks_belcourt(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 24;
    int lead = tr_model_add_skill(&m, "leadership", 12);
    int role = tr_model_add_role(&m, "staff", 100, 60000, 0);
    m.roles.hiring[role] = TR_MODEL_HIRE_NONE;
    int p = tr_model_add_program(&m, "training", TR_MODEL_TRAINING, 20000, TR_MODEL_COST_ONCE);
    tr_model_program_role(&m, p, role);
    tr_model_program_gain(&m, p, lead, 0.50);
    m.programs.involvement[p] = TR_INVOLVE_BEFORE | TR_INVOLVE_DURING;
    tr_sim_result r;
    if (run(&m, &r) == 0) {
        const double *K = series(&r, r.knowledge, role * r.nskills + lead);
        const double *B = series(&r, r.behavior, role * r.nskills + lead);
        double k_after = K[1];
        NEAR(k_after, 0.50, 1e-12, "K right after the training");
        static const struct { int after; double published; } pts[] = {{0, 0.62}, {6, 0.44}, {12, 0.34}};
        for (int i = 0; i < 3; i++) {
            char what[64];
            snprintf(what, sizeof what, "applied share %d months after (Saks & Belcourt)", pts[i].after);
            NEAR(B[1 + pts[i].after] / k_after, pts[i].published, 0.06, what);
            printf("  saks-belcourt: %2d months: %.1f%% (published %.0f%%)\n", pts[i].after,
                   100 * B[1 + pts[i].after] / k_after, 100 * pts[i].published);
        }
        tr_sim_result_free(&r);
    }
    tr_model_free(&m);
}

/* 2. Olivero, Bane & Kopelman (1997): coaching after training multiplies its effect
 * (+22.4% vs +88%, ratio 3.93); ours must lie in [2.5, 5.5], both gains positive. */
static double olivero_gain(int with_coaching)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 12;
    int k = tr_model_add_skill(&m, "managing", 0);
    int role = tr_model_add_role(&m, "manager", 31, 90000, 0);
    tr_model_role_baseline(&m, role, k, 0.30);
    int p = tr_model_add_program(&m, "training", TR_MODEL_TRAINING, 500, TR_MODEL_COST_PER_PERSON);
    tr_model_program_role(&m, p, role);
    tr_model_program_gain(&m, p, k, 0.30);
    m.programs.involvement[p] = TR_INVOLVE_DURING;
    if (with_coaching) tr_model_program_phase(&m, p, TR_MPHASE_POST, 8 * WEEK_MONTHS, 4);
    tr_sim_result r;
    double gain = -1;
    if (run(&m, &r) == 0) {
        gain = series(&r, r.productivity, role)[1 + 3];   /* three months after the training */
        tr_sim_result_free(&r);
    }
    tr_model_free(&m);
    return gain;
}

static void olivero(void)
{
    double plain = olivero_gain(0), coached = olivero_gain(1);
    EXPECT(plain > 0 && coached > 0, "both gains positive: %g, %g", plain, coached);
    double ratio = coached / plain;
    EXPECT(ratio >= 2.5 && ratio <= 5.5, "coaching/training ratio %.3f outside [2.5, 5.5] (published 3.93)", ratio);
    printf("  olivero: training %.1f%%, with coaching %.1f%%, ratio %.2f (published 3.93)\n",
           100 * plain, 100 * coached, ratio);
}

/* 3. The quit hazard: 24% a year leaves 76.0% +- 0.1 after 12 months; fully developed,
 * 60–80% remain after 24 months where the undeveloped keep 58%. */
static double remaining(int developed, int month)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 24;
    int role = tr_model_add_role(&m, "staff", 100, 50000, 0.24);
    m.roles.hiring[role] = TR_MODEL_HIRE_NONE;
    if (developed) {
        int p = tr_model_add_program(&m, "development", TR_MODEL_MENTORING, 100, TR_MODEL_COST_PER_PERSON_MONTH);
        tr_model_program_role(&m, p, role);
    }
    tr_sim_result r;
    double left = -1;
    if (run(&m, &r) == 0) {
        left = series(&r, r.headcount, role)[month] / 100.0;
        if (!developed) NEAR(series(&r, r.retention, role)[12], 0.76, 1e-9, "retention(staff) at month 12");
        tr_sim_result_free(&r);
    }
    tr_model_free(&m);
    return left;
}

static void quit_hazard(void)
{
    NEAR(remaining(0, 12), 0.760, 0.001, "people remaining after 12 months at 24% a year");
    double plain = remaining(0, 24), developed = remaining(1, 24);
    NEAR(plain, 0.58, 0.005, "undeveloped role after 24 months");
    EXPECT(developed >= 0.60 && developed <= 0.80, "developed role keeps %.3f after 24 months, want 60-80%%", developed);
    printf("  quit hazard: 12 months %.2f%%; 24 months %.1f%% undeveloped, %.1f%% developed\n",
           100 * remaining(0, 12), 100 * plain, 100 * developed);
}

/* 4. Forgetting: knowledge that is not applied halves in the skill's half_life, +- 1%. */
static void forgetting(double half_life)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 40;
    tr_model_param_set(&m.params, "transfer_floor", 0);
    tr_model_param_set(&m.params, "transfer_span", 0);
    int k = tr_model_add_skill(&m, "sql", half_life);
    int role = tr_model_add_role(&m, "analyst", 10, 70000, 0);
    int p = tr_model_add_program(&m, "course", TR_MODEL_ELEARNING, 1000, TR_MODEL_COST_ONCE);
    tr_model_program_role(&m, p, role);
    tr_model_program_gain(&m, p, k, 0.40);
    tr_sim_result r;
    if (run(&m, &r) == 0) {
        const double *K = series(&r, r.knowledge, role * r.nskills + k);
        const double *B = series(&r, r.behavior, role * r.nskills + k);
        EXPECT(B[1] == 0, "nothing applied with transfer forced to 0");
        double ratio = K[1 + (int)half_life] / K[1];
        NEAR(ratio, 0.5, 0.005, "knowledge left after one half_life");
        printf("  forgetting: half_life %g months leaves %.2f%%\n", half_life, 100 * ratio);
        tr_sim_result_free(&r);
    }
    tr_model_free(&m);
}

/* 5. Money is exact: 1286 USD per person per year for 600 people books 771,600.00 a year
 * and 64,300.00 a month. */
static void money_exact(void)
{
    tr_model m;
    tr_model_init(&m);
    m.horizon = 24;
    int role = tr_model_add_role(&m, "employee", 600, 65000, 0);
    int b = tr_model_add_budget(&m, "learning", 771600, 1, -1);
    int p = tr_model_add_program(&m, "academy", TR_MODEL_TRAINING, 1286.0 / 12.0, TR_MODEL_COST_PER_PERSON_MONTH);
    tr_model_program_role(&m, p, role);
    m.programs.budget[p] = b;
    tr_sim_result r;
    if (run(&m, &r) == 0) {
        for (int mo = 1; mo <= 24; mo++)
            EXPECT(r.ledger.program[(size_t)p * 25 + (size_t)mo] == 6430000,
                   "month %d booked %lld cents, want 6430000", mo, (long long)r.ledger.program[(size_t)p * 25 + (size_t)mo]);
        EXPECT(tr_ledger_budget_sum(&r.ledger, b, 1, 12) == 77160000, "year 1: %lld cents",
               (long long)tr_ledger_budget_sum(&r.ledger, b, 1, 12));
        EXPECT(tr_ledger_budget_sum(&r.ledger, b, 13, 24) == 77160000, "year 2");
        EXPECT(r.total_cost == 2 * 77160000, "total cost %lld", (long long)r.total_cost);
        EXPECT(r.overruns.n == 0, "771,600.00 a year exactly meets its budget, %d overruns", r.overruns.n);
        tr_sim_result_free(&r);
    }
    /* One cent less a year and the first year overruns in its twelfth month. */
    m.budgets.amount[b] = 771599.99;
    if (run(&m, &r) == 0) {
        EXPECT(r.overruns.n == 2 && r.overruns.v[0].month == 12 && r.overruns.v[0].booked == 77160000 &&
               r.overruns.v[0].limit == 77159999, "overrun by one cent in month 12");
        tr_sim_result_free(&r);
    }
    tr_model_free(&m);
}

/* 6. ROI arithmetic: benefit 2,263,000 and cost 255,000 give 787.5% and a ratio of 8.87. */
static void roi_arithmetic(void)
{
    double roi = tr_sim_roi(2263000, 255000), bcr = tr_sim_benefit_cost_ratio(2263000, 255000);
    NEAR(round(roi * 1000) / 10, 787.5, 1e-9, "ROI in percent, one decimal");
    NEAR(round(bcr * 100) / 100, 8.87, 1e-9, "benefit-cost ratio, two decimals");
    EXPECT(tr_sim_roi(100, 0) == 0 && tr_sim_benefit_cost_ratio(100, 0) == 0, "nothing spent: 0");
}

int main(void)
{
    saks_belcourt();
    olivero();
    quit_hazard();
    forgetting(12);
    forgetting(9);
    forgetting(18);
    money_exact();
    roi_arithmetic();
    DONE("sim_calibration");
}
