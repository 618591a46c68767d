/* whatif.c — the tables of compare, diff and :diff: outcomes matched by name across runs,
 * rendered side by side or as a change. The entity diff lives in runtime/diff.c. */
#include "whatif.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

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

static void put_value(tr_whatif_cell *c, int unit, double v) {
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
    for (int g = 0; g < r->ngoals; g++) {
        tr_whatif_cell *c = cell_for(t, TR_WS_GOAL, m->goals.name[g], 0, run);
        put_value(c, tr_report_expr_unit(m, m->goals.expr[g]), r->goals[g].value);
        c->met = r->goals[g].met;
    }
    for (int i = 0; i < r->nmeasures; i++)
        for (int y = 1; y <= nyears(r); y++)
            put_value(cell_for(t, TR_WS_MEASURE, m->measures.name[i], y, run), tr_report_expr_unit(m, m->measures.expr[i]),
                      r->measure[(size_t)i * W + (size_t)year_end(r, y)]);
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
    return x->met != y->met || !same_value(x->value, y->value);
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
    else tr_report_value(out, m, (tr_report_unit)c->unit, c->value);
}

/* The difference b - a in the row's unit: "+1,200 USD", "-2.5 pt" (percentage points). */
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
    double d = y->value - x->value;
    if (same_value(x->value, y->value)) d = 0;
    tr_buf_puts(out, d > 0 ? "+" : d == 0 ? "±" : "");
    if (y->unit == TR_REPORT_SHARE) {
        tr_report_number(out, 100 * d, 1);
        tr_buf_puts(out, " pt");
    } else {
        tr_report_value(out, m, (tr_report_unit)y->unit, d);
    }
}

static void json_string(tr_buf *out, const char *s) {
    tr_buf_putc(out, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') tr_buf_printf(out, "\\%c", ch);
        else if (ch == '\n') tr_buf_puts(out, "\\n");
        else if (ch < 0x20) tr_buf_printf(out, "\\u%04x", ch);
        else tr_buf_putc(out, (char)ch);
    }
    tr_buf_putc(out, '"');
}

static void json_number(tr_buf *out, double v) {
    if (!isfinite(v)) { tr_buf_puts(out, "null"); return; }
    if (v == 0) v = 0;   /* no -0 */
    tr_buf_printf(out, "%.10g", v);
}

static void json_cell(tr_buf *out, const tr_whatif_row *r, const tr_whatif_cell *c) {
    if (!c->present) { tr_buf_puts(out, "null"); return; }
    tr_buf_puts(out, "{\"value\": ");
    json_number(out, c->value);
    if (r->section == TR_WS_GOAL) tr_buf_printf(out, ", \"met\": %s", c->met ? "true" : "false");
    tr_buf_putc(out, '}');
}

static void json_row_head(tr_buf *out, const tr_whatif_table *t, const tr_whatif_row *r) {
    tr_buf_printf(out, "{\"section\": \"%s\", \"name\": ", section_keys[r->section]);
    json_string(out, r->name);
    if (r->year) {
        const tr_whatif_run *run = &t->runs[owner_run(t, r)];
        tr_buf_printf(out, ", \"year\": %d, \"month\": \"", r->year);
        tr_report_month(out, run->model, year_end(run->result, r->year));
        tr_buf_putc(out, '"');
    }
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

static void compare_json(tr_buf *out, const tr_whatif_table *t) {
    tr_buf_puts(out, "{\n  \"runs\": [");
    for (size_t j = 0; j < t->nruns; j++) {
        if (j) tr_buf_puts(out, ", ");
        json_string(out, t->runs[j].label);
    }
    tr_buf_puts(out, "],\n  \"rows\": [");
    for (size_t i = 0; i < t->nrows; i++) {
        const tr_whatif_row *r = &t->rows[i];
        tr_buf_puts(out, i ? ",\n    " : "\n    ");
        json_row_head(out, t, r);
        tr_buf_puts(out, ", \"values\": [");
        for (size_t j = 0; j < t->nruns; j++) {
            if (j) tr_buf_puts(out, ", ");
            json_cell(out, r, &r->cells[j]);
        }
        tr_buf_puts(out, "]}");
    }
    tr_buf_puts(out, t->nrows ? "\n  ]\n}\n" : "]\n}\n");
}

void tr_whatif_render_compare(tr_buf *out, const tr_whatif_table *t, tr_whatif_format f) {
    if (f == TR_WHATIF_JSON) compare_json(out, t);
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

size_t tr_whatif_render_change(tr_buf *out, const tr_whatif_table *t, tr_whatif_format f) {
    size_t changed = 0;
    int section = -1;
    if (f == TR_WHATIF_JSON) tr_buf_putc(out, '[');
    for (size_t i = 0; t->nruns >= 2 && i < t->nrows; i++) {
        const tr_whatif_row *r = &t->rows[i];
        if (!tr_whatif_row_changed(t, i, 0, 1)) continue;
        if (f == TR_WHATIF_JSON) {
            tr_buf_puts(out, changed ? ",\n  " : "\n  ");
            json_row_head(out, t, r);
            tr_buf_puts(out, ", \"old\": ");
            json_cell(out, r, &r->cells[0]);
            tr_buf_puts(out, ", \"new\": ");
            json_cell(out, r, &r->cells[1]);
            tr_buf_putc(out, '}');
        } else {
            if ((int)r->section != section) {
                section = (int)r->section;
                if (f == TR_WHATIF_MARKDOWN)
                    tr_buf_printf(out, "%s#### %s\n\n|  | before | after | change |\n|---|---:|---:|---:|\n", changed ? "\n" : "",
                                  section_titles[section]);
                else tr_buf_printf(out, "%s\n", section_titles[section]);
            }
            change_line(out, t, r, f == TR_WHATIF_MARKDOWN);
        }
        changed++;
    }
    if (f == TR_WHATIF_JSON) tr_buf_puts(out, changed ? "\n]" : "]");
    return changed;
}
