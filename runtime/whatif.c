/* whatif.c — the tables of compare, diff and :diff: outcomes matched by name across runs,
 * rendered side by side or as a change; and the REPL's expressions, which may read attributes. The entity diff lives in runtime/diff.c. */
#include "whatif.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "load.h"
#include "report.h"
#include "resolve.h"
#include "scenario.h"
#include "schema.h"
#include "units.h"

static const char *const section_titles[TR_WS_COUNT] = {
    [TR_WS_GOAL] = "Goals (at their dates)",
    [TR_WS_MEASURE] = "Measures (end of each plan year)",
    [TR_WS_SPEND] = "Spend per budget (per plan year)",
    [TR_WS_RESULT] = "Results (whole horizon)",
};
static const char *const section_keys[TR_WS_COUNT] = {"goal", "measure", "spend", "result"};

/* ---- building ------------------------------------------------------------------------------ */

static tr_whatif_cell *cell_for(tr_whatif_table *t, tr_whatif_section s, const char *name, int year, size_t run) {
    for (size_t i = 0; i < t->nrows; i++) {
        tr_whatif_row *r = &t->rows[i];
        if (r->section == s && r->year == year && strcmp(r->name, name) == 0) return &r->cells[run];
    }
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->rows = realloc(t->rows, t->cap * sizeof *t->rows);
        if (!t->rows) abort();
    }
    tr_whatif_row *r = &t->rows[t->nrows++];
    r->section = s;
    r->year = year;
    r->name = strdup(name);
    r->cells = calloc(t->nruns ? t->nruns : 1, sizeof *r->cells);
    if (!r->name || !r->cells) abort();
    return &r->cells[run];
}

static int nyears(const tr_sim_result *r) { return (r->months + 11) / 12; }
static int year_end(const tr_sim_result *r, int y) { return y * 12 < r->months ? y * 12 : r->months; }

static void put_value(tr_whatif_cell *c, tr_report_unit unit, double v) {
    c->present = true, c->unit = unit, c->value = v;
}

static void put_money(tr_whatif_cell *c, int64_t cents, int minor_units) {
    c->present = true, c->money = true, c->unit = TR_REPORT_MONEY, c->cents = cents;
    c->value = (double)cents / (minor_units > 0 ? minor_units : 1);
}

static void collect(tr_whatif_table *t, size_t run) {
    const tr_model *m = t->runs[run].model;
    const tr_sim_result *r = t->runs[run].result;
    size_t W = (size_t)r->months + 1;
    bool mc = r->runs > 0 && r->measure_q;
    for (int g = 0; g < r->ngoals; g++) {
        tr_whatif_cell *c = cell_for(t, TR_WS_GOAL, m->goals.name[g], 0, run);
        put_value(c, tr_report_goal_unit(m, g), r->goals[g].value);
        c->met = r->runs > 0 ? r->goals[g].probability >= 0.5 : r->goals[g].met;
        c->probability = r->runs > 0 ? r->goals[g].probability : -1;
    }
    for (int i = 0; i < r->nmeasures; i++)
        for (int y = 1; y <= nyears(r); y++)
            put_value(cell_for(t, TR_WS_MEASURE, m->measures.name[i], y, run), tr_report_measure_unit(m, i),
                      mc ? r->measure_q[((size_t)i * 3 + 1) * W + (size_t)year_end(r, y)] : r->measure[(size_t)i * W + (size_t)year_end(r, y)]);
    for (int b = 0; b < r->nbudgets; b++)
        for (int y = 1; y <= nyears(r); y++)
            put_money(cell_for(t, TR_WS_SPEND, m->budgets.name[b], y, run),
                      tr_ledger_budget_sum(&r->ledger, b, (y - 1) * 12 + 1, year_end(r, y)), r->minor_units);
    put_money(cell_for(t, TR_WS_RESULT, "cost", 0, run), r->total_cost, r->minor_units);
    put_value(cell_for(t, TR_WS_RESULT, "benefit", 0, run), TR_REPORT_MONEY, r->total_benefit);
    put_value(cell_for(t, TR_WS_RESULT, "ROI", 0, run), TR_REPORT_SHARE, r->total_roi);
}

/* Sections in a fixed order; within one, rows keep the order they were first met in. */
static int row_order(const void *a, const void *b) {
    const tr_whatif_row *x = a, *y = b;
    if (x->section != y->section) return (int)x->section - (int)y->section;
    return 0;
}

void tr_whatif_table_build(tr_whatif_table *t, const tr_whatif_run *runs, size_t nruns) {
    memset(t, 0, sizeof *t);
    t->runs = runs;
    t->nruns = nruns;
    for (size_t i = 0; i < nruns; i++) collect(t, i);
    /* a stable sort by section: insertion order is kept by an index tie-break */
    for (size_t i = 1; i < t->nrows; i++)
        for (size_t j = i; j > 0 && row_order(&t->rows[j - 1], &t->rows[j]) > 0; j--) {
            tr_whatif_row tmp = t->rows[j];
            t->rows[j] = t->rows[j - 1];
            t->rows[j - 1] = tmp;
        }
}

void tr_whatif_table_free(tr_whatif_table *t) {
    for (size_t i = 0; i < t->nrows; i++) {
        free(t->rows[i].name);
        free(t->rows[i].cells);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

static bool same_value(double a, double b) { return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b))); }

bool tr_whatif_row_changed(const tr_whatif_table *t, size_t i, size_t a, size_t b) {
    const tr_whatif_cell *x = &t->rows[i].cells[a], *y = &t->rows[i].cells[b];
    if (x->present != y->present) return true;
    if (!x->present) return false;
    if (x->money && y->money) return x->cents != y->cents;
    if (!same_value(x->probability, y->probability)) return true;
    /* a value is compared as shown (a share to a tenth of a point, money to the cent): a
       move that does not show has not changed */
    return x->met != y->met || !tr_report_same_shown(t->runs[b].model, y->unit, x->value, y->value);
}

/* ---- cells as text ------------------------------------------------------------------------- */

/* The run whose model names the row's months and currency: the first that has the row. */
static size_t owner_run(const tr_whatif_table *t, const tr_whatif_row *r) {
    for (size_t i = 0; i < t->nruns; i++)
        if (r->cells[i].present) return i;
    return 0;
}

static void row_label(tr_buf *out, const tr_whatif_table *t, const tr_whatif_row *r) {
    tr_buf_puts(out, r->name);
    if (r->year) {
        const tr_whatif_run *run = &t->runs[owner_run(t, r)];
        tr_buf_putc(out, ' ');
        tr_report_month(out, run->model, year_end(run->result, r->year));
    }
}

static void cell_value(tr_buf *out, const tr_whatif_table *t, const tr_whatif_row *r, size_t run) {
    const tr_whatif_cell *c = &r->cells[run];
    const tr_model *m = t->runs[run].model;
    if (!c->present) { tr_buf_puts(out, "-"); return; }
    if (r->section == TR_WS_GOAL) tr_buf_puts(out, c->met ? "met " : "missed ");
    if (c->money) tr_report_money(out, c->cents, t->runs[run].result->minor_units, m->currency);
    else tr_report_value(out, m, c->unit, c->value);
    if (r->section == TR_WS_GOAL && c->probability >= 0) {
        tr_buf_puts(out, " (p ");
        tr_report_number(out, 100 * c->probability, 0);
        tr_buf_puts(out, "%)");
    }
}

/* The difference b - a in the row's unit: "+1,200 USD", "-2.5 pt" (percentage points),
 * computed from the two figures as shown, so that they add up. */
static void cell_delta(tr_buf *out, const tr_whatif_table *t, const tr_whatif_row *r, size_t a, size_t b) {
    const tr_whatif_cell *x = &r->cells[a], *y = &r->cells[b];
    const tr_model *m = t->runs[b].model;
    if (!x->present || !y->present) { tr_buf_puts(out, x->present ? "removed" : "added"); return; }
    if (x->money && y->money) {
        int64_t d = y->cents - x->cents;
        if (d > 0) tr_buf_putc(out, '+');
        if (d == 0) tr_buf_puts(out, "±");
        tr_report_money(out, d, t->runs[b].result->minor_units, m->currency);
        return;
    }
    tr_report_difference(out, m, y->unit, x->value, y->value);
}

/* Whole numbers as integers, so that a count or a whole amount reads as written. */
static json_t *json_value(double v) {
    if (!isfinite(v)) return json_null();
    if (v == 0) v = 0;   /* no -0 */
    if (fabs(v) < 1e15 && v == floor(v)) return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *json_cell(const tr_whatif_row *r, const tr_whatif_cell *c) {
    if (!c->present) return json_null();
    json_t *o = json_pack("{s:o}", "value", json_value(c->value));
    if (r->section == TR_WS_GOAL) json_object_set_new(o, "met", json_boolean(c->met));
    if (r->section == TR_WS_GOAL && c->probability >= 0) json_object_set_new(o, "probability", json_value(c->probability));
    return o;
}

static json_t *json_row_head(const tr_whatif_table *t, const tr_whatif_row *r) {
    json_t *o = json_pack("{s:s, s:s}", "section", section_keys[r->section], "name", r->name);
    if (r->year) {
        const tr_whatif_run *run = &t->runs[owner_run(t, r)];
        tr_buf month = {0};
        tr_report_month(&month, run->model, year_end(run->result, r->year));
        json_object_set_new(o, "year", json_integer(r->year));
        json_object_set_new(o, "month", json_string(month.data ? month.data : ""));
        tr_buf_free(&month);
    }
    return o;
}

/* One JSON document, as every command writes it. */
void tr_whatif_json_write(tr_buf *out, json_t *doc) {
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) | JSON_ENSURE_ASCII);
    if (!text) abort();
    tr_buf_puts(out, text);
    tr_buf_putc(out, '\n');
    free(text);
    json_decref(doc);
}

/* ---- compare ------------------------------------------------------------------------------- */

/* Every cell's text first, then the widths of the columns. */
static char **compare_cells(const tr_whatif_table *t, size_t *widths) {
    size_t cols = t->nruns + 1;
    char **text = calloc((t->nrows + 1) * cols, sizeof *text);
    if (!text) abort();
    for (size_t j = 0; j < t->nruns; j++) text[j + 1] = strdup(t->runs[j].label);
    text[0] = strdup("");
    for (size_t i = 0; i < t->nrows; i++) {
        const tr_whatif_row *r = &t->rows[i];
        tr_buf b = {0};
        tr_buf_puts(&b, "  ");
        row_label(&b, t, r);
        text[(i + 1) * cols] = tr_buf_take(&b);
        for (size_t j = 0; j < t->nruns; j++) {
            cell_value(&b, t, r, j);
            if (j > 0 && (r->cells[0].present || r->cells[j].present)) {
                tr_buf_puts(&b, " (");
                cell_delta(&b, t, r, 0, j);
                tr_buf_putc(&b, ')');
            }
            text[(i + 1) * cols + j + 1] = tr_buf_take(&b);
        }
    }
    for (size_t k = 0; k < (t->nrows + 1) * cols; k++) {
        if (!text[k]) abort();
        size_t w = 0;
        for (const unsigned char *p = (const unsigned char *)text[k]; *p; p++) w += (*p & 0xC0) != 0x80;
        if (w > widths[k % cols]) widths[k % cols] = w;
    }
    return text;
}

static void pad(tr_buf *out, const char *s, size_t width, bool right) {
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) w += (*p & 0xC0) != 0x80;
    if (right) for (size_t i = w; i < width; i++) tr_buf_putc(out, ' ');
    tr_buf_puts(out, s);
    if (!right) for (size_t i = w; i < width; i++) tr_buf_putc(out, ' ');
}

static void compare_text(tr_buf *out, const tr_whatif_table *t) {
    size_t cols = t->nruns + 1;
    size_t *widths = calloc(cols, sizeof *widths);
    if (!widths) abort();
    char **text = compare_cells(t, widths);
    int section = -1;
    for (size_t i = 0; i <= t->nrows; i++) {
        if (i > 0 && (int)t->rows[i - 1].section != section) {
            section = (int)t->rows[i - 1].section;
            tr_buf_printf(out, "\n%s\n", section_titles[section]);
        }
        size_t len = out->len;
        for (size_t j = 0; j < cols; j++) {
            if (j) tr_buf_puts(out, "   ");
            pad(out, text[i * cols + j], widths[j], j > 0);
        }
        while (out->len > len && out->data[out->len - 1] == ' ') out->data[--out->len] = '\0';
        tr_buf_putc(out, '\n');
    }
    for (size_t k = 0; k < (t->nrows + 1) * cols; k++) free(text[k]);
    free(text);
    free(widths);
}

static void compare_markdown(tr_buf *out, const tr_whatif_table *t) {
    int section = -1;
    for (size_t i = 0; i < t->nrows; i++) {
        const tr_whatif_row *r = &t->rows[i];
        if ((int)r->section != section) {
            section = (int)r->section;
            tr_buf_printf(out, "%s#### %s\n\n|  |", i ? "\n" : "", section_titles[section]);
            for (size_t j = 0; j < t->nruns; j++) tr_buf_printf(out, " %s |", t->runs[j].label);
            tr_buf_puts(out, "\n|---|");
            for (size_t j = 0; j < t->nruns; j++) tr_buf_puts(out, "---:|");
            tr_buf_putc(out, '\n');
        }
        tr_buf_puts(out, "| ");
        row_label(out, t, r);
        tr_buf_puts(out, " |");
        for (size_t j = 0; j < t->nruns; j++) {
            tr_buf_putc(out, ' ');
            cell_value(out, t, r, j);
            if (j > 0 && (r->cells[0].present || r->cells[j].present)) {
                tr_buf_puts(out, " (");
                cell_delta(out, t, r, 0, j);
                tr_buf_putc(out, ')');
            }
            tr_buf_puts(out, " |");
        }
        tr_buf_putc(out, '\n');
    }
}

json_t *tr_whatif_compare_json(const tr_whatif_table *t) {
    json_t *runs = json_array(), *rows = json_array();
    for (size_t j = 0; j < t->nruns; j++) json_array_append_new(runs, json_string(t->runs[j].label));
    for (size_t i = 0; i < t->nrows; i++) {
        const tr_whatif_row *r = &t->rows[i];
        json_t *row = json_row_head(t, r), *values = json_array();
        for (size_t j = 0; j < t->nruns; j++) json_array_append_new(values, json_cell(r, &r->cells[j]));
        json_object_set_new(row, "values", values);
        json_array_append_new(rows, row);
    }
    return json_pack("{s:o, s:o}", "runs", runs, "rows", rows);
}

void tr_whatif_render_compare(tr_buf *out, const tr_whatif_table *t, tr_whatif_format f) {
    if (f == TR_WHATIF_JSON) tr_whatif_json_write(out, tr_whatif_compare_json(t));
    else if (f == TR_WHATIF_MARKDOWN) compare_markdown(out, t);
    else compare_text(out, t);
}

/* ---- the change from run 0 to run 1 ------------------------------------------------------- */

static void change_line(tr_buf *out, const tr_whatif_table *t, const tr_whatif_row *r, bool markdown) {
    if (markdown) tr_buf_puts(out, "| ");
    else tr_buf_puts(out, "  ");
    row_label(out, t, r);
    tr_buf_puts(out, markdown ? " | " : ": ");
    cell_value(out, t, r, 0);
    tr_buf_puts(out, markdown ? " | " : " -> ");
    cell_value(out, t, r, 1);
    tr_buf_puts(out, markdown ? " | " : " (");
    cell_delta(out, t, r, 0, 1);
    tr_buf_puts(out, markdown ? " |\n" : ")\n");
}

json_t *tr_whatif_change_json(const tr_whatif_table *t) {
    json_t *rows = json_array();
    for (size_t i = 0; t->nruns >= 2 && i < t->nrows; i++) {
        const tr_whatif_row *r = &t->rows[i];
        if (!tr_whatif_row_changed(t, i, 0, 1)) continue;
        json_t *row = json_row_head(t, r);
        json_object_set_new(row, "old", json_cell(r, &r->cells[0]));
        json_object_set_new(row, "new", json_cell(r, &r->cells[1]));
        json_array_append_new(rows, row);
    }
    return rows;
}

size_t tr_whatif_render_change(tr_buf *out, const tr_whatif_table *t, tr_whatif_format f) {
    size_t changed = 0;
    int section = -1;
    for (size_t i = 0; t->nruns >= 2 && i < t->nrows; i++) {
        const tr_whatif_row *r = &t->rows[i];
        if (!tr_whatif_row_changed(t, i, 0, 1)) continue;
        if ((int)r->section != section) {
            section = (int)r->section;
            if (f == TR_WHATIF_MARKDOWN)
                tr_buf_printf(out, "%s#### %s\n\n|  | before | after | change |\n|---|---:|---:|---:|\n", changed ? "\n" : "",
                              section_titles[section]);
            else tr_buf_printf(out, "%s\n", section_titles[section]);
        }
        change_line(out, t, r, f == TR_WHATIF_MARKDOWN);
        changed++;
    }
    return changed;
}

/* ---- the REPL's expressions ------------------------------------------------------------------ */


/* How the result should read: the time units written in the expression and in whatever it
 * reads (first and last), and whether a percentage was written. */
typedef struct hints {
    const tr_unit *first_time, *last_time;
    bool percent;
} hints;

typedef struct expr_ctx {
    tr_resolver *r;
    const tr_plan *plan;
    hints h;
    unsigned members;
    bool failed;
} expr_ctx;

static void hint_walk(expr_ctx *x, const tr_source *src, const tr_node *n, int depth);

static void hint_word(expr_ctx *x, const char *w, uint32_t len) {
    const tr_unit *u = tr_unit_find(w, len);
    if (!u || !tr_dim_eq(u->dim, TR_DIM_TIME)) return;
    if (!x->h.first_time) x->h.first_time = u;
    x->h.last_time = u;
}

/* The words of a value's source: units, '%', and the constants it names (followed once). */
static void hint_walk(expr_ctx *x, const tr_source *src, const tr_node *n, int depth) {
    for (; n && depth < 8; n = NULL) {
        switch ((tr_node_kind)n->kind) {
        case TR_N_NUMBER:
            if (src && n->end > n->begin && src->text[n->end - 1] == '%') x->h.percent = true;
            break;
        case TR_N_UNIT:
        case TR_N_PER:
            hint_walk(x, src, n->u.unit.operand, depth + 1);
            hint_word(x, n->u.unit.s, n->u.unit.len);
            break;
        case TR_N_NAME: {
            uint32_t i = tr_resolver_find(x->r, TR_NS_LET, n->u.str.s, n->u.str.len);
            if (i != UINT32_MAX && x->r->lets[i].node) hint_walk(x, x->r->lets[i].file->src, x->r->lets[i].node->u.let.value, depth + 1);
            break;
        }
        case TR_N_CALL:
            for (const tr_node *a = n->u.bin.b; a; a = a->next) hint_walk(x, src, a, depth + 1);
            break;
        case TR_N_BINARY: case TR_N_RANGE: case TR_N_IF: case TR_N_UNARY: case TR_N_BOUND: case TR_N_LIST:
            hint_walk(x, src, n->u.bin.a, depth + 1);
            if (n->kind != TR_N_UNARY && n->kind != TR_N_BOUND && n->kind != TR_N_LIST) hint_walk(x, src, n->u.bin.b, depth + 1);
            if (n->kind == TR_N_IF) hint_walk(x, src, n->u.bin.c, depth + 1);
            break;
        default: break;
        }
    }
}

/* A model parameter the plan leaves to the simulation: MODEL.md's default, as lowering
 * takes it (runtime/model.h's table). */
static const tr_value *model_default(expr_ctx *x, const char *name) {
    size_t n;
    const tr_param_info *t = tr_model_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i].name, name) != 0) continue;
        tr_value *v = TR_NEW(x->r->arena, tr_value);
        if (!v) abort();
        v->kind = TR_V_NUMBER;
        v->lo = v->mid = v->hi = t[i].fallback;
        v->dim = t[i].is_duration ? TR_DIM_TIME : TR_DIM_NONE;
        return v;
    }
    return NULL;
}

/* The parts of NAME.attr.more as a chain of NAME nodes (copies: the tree's own `next`
 * fields belong to its lists); NULL after a diagnostic when a part is not a name. */
static const tr_node *member_path(expr_ctx *x, const tr_source *src, const tr_node *n) {
    const tr_node *parts[16];
    size_t k = 0;
    const tr_node *at = n;
    for (; at->kind == TR_N_MEMBER && k < 15; at = at->u.bin.a) parts[k++] = at->u.bin.b;
    parts[k++] = at;
    for (size_t i = 0; i < k; i++)
        if (parts[i]->kind != TR_N_NAME || at->kind == TR_N_MEMBER) {
            tr_diag_add(x->r->diags, "E306", src, n->begin, n->end, "only NAME.attribute (or a path into a block) can be read");
            return NULL;
        }
    tr_node *head = NULL;
    for (size_t i = 0; i < k; i++) {   /* parts[] runs from the last part to the first */
        tr_node *c = TR_NEW(x->r->arena, tr_node);
        if (!c) abort();
        c->kind = TR_N_NAME;   /* a node is only as long as its kind (lang/ast.h): copy what a NAME has */
        c->begin = parts[i]->begin, c->end = parts[i]->end, c->depth = parts[i]->depth;
        c->u.str = parts[i]->u.str;
        c->next = head;
        head = c;
    }
    return head;
}

/* The checked value of a path (NAME.attribute, model.PARAM, NAME.gains.SKILL...) in the
 * session's plan, what-if included; NULL after a diagnostic. */
static const tr_value *member_value(expr_ctx *x, const tr_source *src, const tr_node *n) {
    const tr_node *path = member_path(x, src, n);
    if (!path) return NULL;
    if (!x->plan) {
        tr_diag *d = tr_diag_add(x->r->diags, "E201", src, path->begin, path->end, "no plan that checks is loaded to read '%.*s' from",
                                 (int)path->u.str.len, path->u.str.s);
        tr_diag_help(d, ":load FILE or type a plan; :check shows the errors of the session's plan");
        return NULL;
    }
    tr_path_target t;
    if (!tr_scenario_resolve(x->r, path, true, &t)) return NULL;
    const tr_value *v = t.current;
    if ((!v || v->kind == TR_V_NONE) && t.o.kind == TR_E_COUNT) v = model_default(x, t.spec.name);
    if (!v || v->kind == TR_V_NONE) {
        tr_diag *d = tr_diag_add(x->r->diags, "E306", src, n->begin, n->end, "'%.*s' is not set", (int)(n->end - n->begin), src->text + n->begin);
        tr_diag_help(d, "the plan does not write it, and it has no default");
        return NULL;
    }
    return v;
}

/* Attribute reads become names of constants that already hold their values ("#0", "#1":
 * no identifier can be written so), so that tr_eval does the rest. */
static void rewrite_members(expr_ctx *x, const tr_source *src, tr_node *n) {
    if (!n || x->failed) return;
    if (n->kind == TR_N_MEMBER) {
        const tr_value *v = member_value(x, src, n);
        if (!v) { x->failed = true; return; }
        if (v->node && v->src) hint_walk(x, v->src, v->node, 0);
        if (v->kind == TR_V_NUMBER && !v->node && x->h.percent == false && tr_dim_eq(v->dim, TR_DIM_NONE)) x->h.percent = true;
        tr_resolver *r = x->r;
        r->lets = realloc(r->lets, (r->nlets + 1) * sizeof *r->lets);
        if (!r->lets) abort();
        char name[16];
        int len = snprintf(name, sizeof name, "#%u", x->members++);
        char *s = tr_arena_strndup(r->arena, name, (size_t)len);
        if (!s) abort();
        r->lets[r->nlets] = (tr_let){s, NULL, r->file, 2, *v};
        tr_resolver_declare(r, TR_NS_LET, s, (uint32_t)len, r->nlets++);
        n->kind = TR_N_NAME;
        n->u.str.s = s;
        n->u.str.len = (uint32_t)len;
        return;
    }
    switch ((tr_node_kind)n->kind) {
    case TR_N_UNIT: case TR_N_PER: rewrite_members(x, src, n->u.unit.operand); break;
    case TR_N_CALL:
        for (tr_node *a = n->u.bin.b; a; a = a->next) rewrite_members(x, src, a);
        break;
    case TR_N_LIST:
        for (tr_node *a = n->u.bin.a; a; a = a->next) rewrite_members(x, src, a);
        break;
    case TR_N_BINARY: case TR_N_RANGE: case TR_N_IF: case TR_N_UNARY: case TR_N_BOUND:
        rewrite_members(x, src, n->u.bin.a);
        if (n->kind == TR_N_BINARY || n->kind == TR_N_RANGE || n->kind == TR_N_IF) rewrite_members(x, src, n->u.bin.b);
        if (n->kind == TR_N_IF) rewrite_members(x, src, n->u.bin.c);
        break;
    default: break;
    }
}

/* The lets of every file of the plan, as the checker declares them. */
static void declare_lets(tr_resolver *r, tr_loader *l, size_t root) {
    size_t *order = NULL;
    size_t nf = tr_loader_closure(l, root, &order);
    for (size_t f = 0; f < nf; f++) {
        const tr_file *file = l->files[order[f]];
        for (const tr_node *it = file->ast->items; it; it = it->next) {
            if (it->kind != TR_N_LET) continue;
            const tr_node *nm = it->u.let.name;
            r->lets = realloc(r->lets, (r->nlets + 1) * sizeof *r->lets);
            if (!r->lets) abort();
            if (tr_resolver_declare(r, TR_NS_LET, nm->u.str.s, nm->u.str.len, r->nlets) != UINT32_MAX) continue;
            char *s = tr_arena_strndup(r->arena, nm->u.str.s, nm->u.str.len);
            if (!s) abort();
            r->lets[r->nlets++] = (tr_let){s, it, file, 0, {0}};
        }
    }
    free(order);
}

static const char *time_word(const tr_unit *u, bool plural) {
    static const struct { double size; const char *one, *many; } words[] = {
        {1.0 / (24 * TR_DAYS_PER_MONTH), "hour", "hours"}, {1.0 / TR_DAYS_PER_MONTH, "day", "days"},
        {7.0 / TR_DAYS_PER_MONTH, "week", "weeks"},        {1, "month", "months"}, {12, "year", "years"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (fabs(words[i].size - u->months_or_persons) < 1e-12) return plural ? words[i].many : words[i].one;
    return plural ? "months" : "month";
}

static void put_quantity_number(tr_buf *out, double v) {
    double a = fabs(v);
    if (a != 0 && a < 1) {
        tr_buf_printf(out, "%.3g", v);
        return;
    }
    bool whole = fabs(v - round(v)) < 1e-9 * fmax(1, a);
    tr_report_number(out, v, whole || a >= 1000 ? 0 : 2);
}

/* A value in the units the hints suggest: money in the plan's currency, time in the first
 * time unit written (per the last one), people as people. */
static void put_quantity(tr_buf *out, const tr_value *v, const char *currency, const hints *h) {
    tr_dim d = v->dim;
    const tr_unit *month = tr_unit_find("month", 5), *year = tr_unit_find("year", 4);
    const tr_unit *num = h->first_time ? h->first_time : month, *den = h->last_time ? h->last_time : year;
    /* time per time per person (24 hours per person per year) keeps its two time units; a
     * plain ratio of times (2 weeks / 1 day) is a number */
    bool effort = d.time == 0 && d.money == 0 && d.people < 0 && h->first_time && h->last_time &&
                  h->first_time->months_or_persons != h->last_time->months_or_persons;
    double scale = 1;
    if (d.time > 0) for (int i = 0; i < d.time; i++) scale /= num->months_or_persons;
    if (d.time < 0) for (int i = 0; i < -d.time; i++) scale *= den->months_or_persons;
    if (effort) scale = den->months_or_persons / num->months_or_persons;
    double values[3] = {v->lo * scale, v->mid * scale, v->hi * scale};
    bool pct = h->percent && d.money == 0 && d.people == 0 && !effort && d.time <= 0;
    for (int i = v->is_range ? 0 : 1; i < (v->is_range ? 3 : 2); i += 2) {
        if (i == 2) tr_buf_puts(out, " to ");
        if (pct) {
            tr_report_number(out, values[i] * 100, fabs(values[i] * 100 - round(values[i] * 100)) < 1e-9 ? 0 : 2);
            tr_buf_putc(out, '%');
        } else {
            put_quantity_number(out, values[i]);
        }
    }
    if (v->is_range) tr_buf_printf(out, " (median ");
    if (v->is_range) { put_quantity_number(out, pct ? values[1] * 100 : values[1]); tr_buf_puts(out, pct ? "%)" : ")"); }
    for (int i = 0; i < d.money; i++) tr_buf_printf(out, " %s", currency);
    bool plural = fabs(values[1]) != 1;
    if (d.time > 0 || effort) tr_buf_printf(out, " %s", time_word(num, plural));
    for (int i = 1; i < d.time; i++) tr_buf_printf(out, " %s", time_word(num, false));
    if (d.people > 0) tr_buf_puts(out, plural ? " people" : " person");
    for (int i = 1; i < d.people; i++) tr_buf_puts(out, " person");
    for (int i = 0; i < -d.people; i++) tr_buf_puts(out, " per person");
    if (d.time < 0 || effort) for (int i = 0; i < (effort ? 1 : -d.time); i++) tr_buf_printf(out, " per %s", time_word(den, false));
    for (int i = 0; i < -d.money; i++) tr_buf_printf(out, " per %s", currency);
}

static void put_eval_value(tr_buf *out, const tr_plan *p, const tr_value *v, const char *currency, const hints *h) {
    switch ((tr_vkind)v->kind) {
    case TR_V_NUMBER: put_quantity(out, v, currency, h); break;
    case TR_V_DATE: tr_date_format(v->date, out); break;
    case TR_V_BOOL: tr_buf_puts(out, v->mid != 0 ? "true" : "false"); break;
    case TR_V_STRING: tr_buf_printf(out, "\"%.*s\"", (int)v->len, v->str); break;
    case TR_V_WORD: tr_buf_printf(out, "%.*s", (int)v->len, v->str); break;
    case TR_V_REF:
        if (p && v->ref_kind < TR_E_COUNT && v->index < tr_plan_count(p, (tr_entity_kind)v->ref_kind))
            tr_buf_puts(out, tr_plan_entity(p, (tr_entity_kind)v->ref_kind, v->index)->name);
        break;
    case TR_V_BOUND:
        tr_buf_printf(out, "%s ", tr_op_name(v->op));
        if (v->count) put_eval_value(out, p, &v->items[0], currency, h);
        break;
    case TR_V_LIST:
        tr_buf_putc(out, '[');
        for (uint32_t i = 0; i < v->count; i++) {
            if (i) tr_buf_puts(out, ", ");
            put_eval_value(out, p, &v->items[i], currency, h);
        }
        tr_buf_putc(out, ']');
        break;
    case TR_V_NONE: tr_buf_puts(out, "(not set)"); break;
    }
}

bool tr_whatif_eval(const tr_plan *p, const tr_source *plan_src, const char *stdlib, const tr_source *src, tr_node *expr,
                    tr_diags *diags, tr_buf *out) {
    tr_plan empty = {0};
    memcpy(empty.currency, "USD", 4);
    tr_plan copy = p ? *p : empty;
    tr_arena *arena = tr_arena_new();
    if (!arena) abort();
    tr_resolver r;
    tr_resolver_init(&r, &copy, arena, diags, 256);
    tr_file here = {0};
    here.src = src;
    r.file = &here;
    for (int k = 0; p && k < TR_E_COUNT; k++)
        for (uint32_t i = 0; i < tr_plan_count(p, (tr_entity_kind)k); i++) {
            const char *name = tr_plan_entity(p, (tr_entity_kind)k, i)->name;
            tr_resolver_declare(&r, (unsigned)k, name, (uint32_t)strlen(name), i);
        }
    tr_diags quiet = {0};   /* the plan's own problems were reported when it was checked */
    tr_loader l;
    tr_loader_init(&l, stdlib, true, &quiet);
    if (plan_src) declare_lets(&r, &l, tr_loader_add(&l, plan_src));
    r.let_stack = calloc(r.nlets + 64, sizeof *r.let_stack);
    if (!r.let_stack) abort();
    expr_ctx x = {&r, p, {0}, 0, false};
    rewrite_members(&x, src, expr);
    bool ok = false;
    if (!x.failed) {
        hint_walk(&x, src, expr, 0);
        size_t before = tr_diags_count(diags, TR_SEV_ERROR);
        tr_value v = tr_eval(&r, expr);
        ok = v.kind != TR_V_NONE && tr_diags_count(diags, TR_SEV_ERROR) == before;
        if (ok) put_eval_value(out, p, &v, copy.currency, &x.h);
    }
    tr_resolver_free(&r);
    tr_loader_free(&l);
    tr_diags_free(&quiet);
    tr_arena_free(arena);
    return ok;
}
