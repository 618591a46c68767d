/* whatif.h — what a change does: the side-by-side table of `trellis compare`, the change in
 * outcomes (spend per budget and year, goals, measures, ROI) between two runs for `diff` and
 * the REPL's :diff. Rendered as text, markdown or JSON into a caller's tr_buf; nothing prints.
 * Ownership: a tr_whatif_table owns its rows (tr_whatif_table_free) and borrows the models
 * and results of its runs, which must outlive it. */
#ifndef TR_WHATIF_H
#define TR_WHATIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "ast.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "plan.h"
#include "report.h"
#include "sim.h"

typedef enum tr_whatif_format { TR_WHATIF_TEXT, TR_WHATIF_MARKDOWN, TR_WHATIF_JSON } tr_whatif_format;

/* One simulated column: a label ("baseline", a scenario's name), its model and result. */
typedef struct tr_whatif_run {
    const char *label;
    const tr_model *model;
    const tr_sim_result *result;
} tr_whatif_run;

typedef enum tr_whatif_section { TR_WS_GOAL, TR_WS_MEASURE, TR_WS_SPEND, TR_WS_RESULT, TR_WS_COUNT } tr_whatif_section;

typedef struct tr_whatif_cell {
    bool present;        /* the run has this goal, measure, budget or year */
    bool money;          /* cents holds the exact amount (spend, cost) */
    int met;             /* goals: 1 met, 0 missed (Monte Carlo: met in at least half the runs) */
    double probability;  /* goals, Monte Carlo: the share of runs that met it; -1 otherwise */
    tr_report_unit unit; /* how value reads */
    double value;
    int64_t cents;
} tr_whatif_cell;

/* A row is keyed by (section, name, plan year); its cells are in the order of the runs. */
typedef struct tr_whatif_row {
    tr_whatif_section section;
    char *name;
    int year;            /* plan year 1.., 0 for a goal or a whole-horizon figure */
    tr_whatif_cell *cells;
} tr_whatif_row;

typedef struct tr_whatif_table {
    const tr_whatif_run *runs;
    size_t nruns;
    tr_whatif_row *rows;
    size_t nrows, cap;
} tr_whatif_table;

/* Collect every goal, measure per plan year, spend per budget and plan year, and the
 * horizon's cost, benefit and ROI of each run; rows are matched by name across runs. A
 * Monte Carlo run gives each goal the share of runs that met it and each measure its
 * median (P50); spend and results stay those of the deterministic run. */
void tr_whatif_table_build(tr_whatif_table *t, const tr_whatif_run *runs, size_t nruns);
void tr_whatif_table_free(tr_whatif_table *t);
/* Does row i differ between runs a and b (presence, met, amount)? */
bool tr_whatif_row_changed(const tr_whatif_table *t, size_t i, size_t a, size_t b);

/* `trellis compare`: one column per run, each after the first with its difference from
 * the first; JSON writes {"runs": [...], "rows": [...]}. */
void tr_whatif_render_compare(tr_buf *out, const tr_whatif_table *t, tr_whatif_format f);
json_t *tr_whatif_compare_json(const tr_whatif_table *t);
/* The change from run 0 to run 1, only the rows that changed, as text or markdown: for
 * diff and :diff. Returns the number of rows that changed. */
size_t tr_whatif_render_change(tr_buf *out, const tr_whatif_table *t, tr_whatif_format f);
/* The same rows as a JSON array of {"section", "name", ["year", "month"], "old", "new"}. */
json_t *tr_whatif_change_json(const tr_whatif_table *t);
/* Append `doc` as indented JSON and a newline; takes the reference. */
void tr_whatif_json_write(tr_buf *out, json_t *doc);

/* ---- the REPL's expressions --------------------------------------------------------------- */

/* Evaluate `expr` (from tr_parse_expr over `src`) against plan `p` (NULL: no plan yet):
 * numbers with units, ranges, dates, built-in functions, the constants (`let`) of the plan's
 * files, found again through a loader over `plan_src` and `stdlib`, and NAME.attribute of a
 * declared entity (or model.PARAM), which a plan file may not read but the REPL may. The
 * value is appended to `out` with its unit, in the units the expression and the attributes
 * it reads were written in ("10,800 USD", "450 USD per hour", "24 hours per person per
 * year"). False, with diagnostics in `diags`, on an error. The expression's nodes are
 * rewritten on the way (attribute reads become names): parse it again to reuse it. */
bool tr_whatif_eval(const tr_plan *p, const tr_source *plan_src, const char *stdlib, const tr_source *src, tr_node *expr,
                    tr_diags *diags, tr_buf *out);

#endif
