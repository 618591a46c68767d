/* run_chart.c — the SVG chart and the HTML page of a run (see run_chart.h). Panels stack
 * vertically: spend against each budget, headcount per role, then one panel per measure
 * and per goal, with the goal's target as a dashed line and its date marked. */
#include "run_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

enum { WIDTH = 880, PANEL_H = 230, TOP = 64, LEFT = 84, RIGHT = 200, PLOT_H = 160, MAX_LINES = 10 };

static const char *const palette[] = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
};

typedef struct line {
    const char *label;
    double *v;          /* months + 1 values, owned by the panel */
    int dashed;         /* a limit or a target */
} line;

typedef struct panel {
    char title[160];
    tr_report_unit unit;
    line lines[MAX_LINES * 2];
    int n, hidden;      /* lines left out to keep the panel readable */
    int mark;           /* a month to mark (a goal's date), 0 for none */
} panel;

static void escape(tr_buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': tr_buf_puts(out, "&amp;"); break;
        case '<': tr_buf_puts(out, "&lt;"); break;
        case '>': tr_buf_puts(out, "&gt;"); break;
        case '"': tr_buf_puts(out, "&quot;"); break;
        default: tr_buf_putc(out, *s);
        }
    }
}

static double *line_add(panel *p, const char *label, int W, int dashed)
{
    if (p->n >= (int)(sizeof p->lines / sizeof p->lines[0])) { p->hidden++; return NULL; }
    double *v = calloc((size_t)W, sizeof *v);
    if (!v) return NULL;
    p->lines[p->n++] = (line){label, v, dashed};
    return v;
}

static void panel_free(panel *p)
{
    for (int i = 0; i < p->n; i++) free(p->lines[i].v);
    p->n = 0;
}

/* A round step for about five ticks over `span`. */
static double nice_step(double span)
{
    if (!(span > 0)) return 1;
    double raw = span / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void tick_label(tr_buf *out, const tr_model *m, tr_report_unit unit, double v, double step)
{
    if (tr_report_unit_is_share(unit)) {
        tr_report_number(out, 100 * v, step * 100 < 1 ? 1 : 0);
        tr_buf_putc(out, '%');
        return;
    }
    static const struct { double size; const char *suffix; } mags[] = {{1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
    for (size_t i = 0; i < sizeof mags / sizeof mags[0]; i++)
        if (fabs(v) >= mags[i].size && unit.dim.money == 1) {
            tr_report_number(out, v / mags[i].size, step < mags[i].size ? 1 : 0);
            tr_buf_puts(out, mags[i].suffix);
            return;
        }
    tr_report_number(out, v, step < 1 ? 2 : 0);
    (void)m;
}

static void draw_panel(tr_buf *out, const tr_model *m, const panel *p, int H, int y0)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < p->n; i++)
        for (int t = 0; t <= H; t++)
            if (isfinite(p->lines[i].v[t])) lo = fmin(lo, p->lines[i].v[t]), hi = fmax(hi, p->lines[i].v[t]);
    if (!isfinite(lo)) lo = 0, hi = 1;
    if (lo > 0) lo = 0;
    if (hi <= lo) hi = lo + 1;
    double step = nice_step(hi - lo);
    lo = floor(lo / step) * step, hi = ceil(hi / step) * step;
    double pw = WIDTH - LEFT - RIGHT;
    int top = y0 + 30;
#define X(t) (LEFT + pw * (double)(t) / (H > 0 ? H : 1))
#define Y(v) (top + PLOT_H - PLOT_H * ((v) - lo) / (hi - lo))
    tr_buf_printf(out, "<g class=\"panel\">\n<text x=\"%d\" y=\"%d\" class=\"title\">", LEFT, y0 + 18);
    escape(out, p->title);
    tr_buf_puts(out, "</text>\n");
    tr_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%d\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n", LEFT, top, pw, PLOT_H);
    for (double v = lo; v <= hi + step / 2; v += step) {
        tr_buf_printf(out, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>", LEFT, LEFT + pw, Y(v), Y(v));
        tr_buf_printf(out, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">", LEFT - 6, Y(v) + 4);
        tick_label(out, m, p->unit, fabs(v) < step / 1e6 ? 0 : v, step);
        tr_buf_puts(out, "</text>\n");
    }
    for (int t = 0; t <= H; t += 12) {
        tr_buf_printf(out, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">", X(t), top + PLOT_H + 16);
        if (t == 0) tr_buf_puts(out, "start");
        else tr_report_month(out, m, t);
        tr_buf_puts(out, "</text>\n");
    }
    if (p->mark > 0)
        tr_buf_printf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"2,3\"/>\n",
                      X(p->mark), X(p->mark), top, top + PLOT_H);
    for (int i = 0; i < p->n; i++) {
        const line *l = &p->lines[i];
        int ci = l->dashed && i > 0 ? i - 1 : i;   /* a limit takes the colour of its line */
        const char *color = palette[ci % (int)(sizeof palette / sizeof palette[0])];
        tr_buf_printf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s points=\"", color,
                      l->dashed ? "1.5" : "2", l->dashed ? " stroke-dasharray=\"6,4\"" : "");
        for (int t = 0; t <= H; t++)
            if (isfinite(l->v[t])) tr_buf_printf(out, "%s%.1f,%.1f", t ? " " : "", X(t), Y(l->v[t]));
        tr_buf_puts(out, "\"/>\n");
        double ly = top + 12 + 16 * i;
        tr_buf_printf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                      LEFT + pw + 12, LEFT + pw + 30, ly - 4, ly - 4, color, l->dashed ? " stroke-dasharray=\"6,4\"" : "");
        tr_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\">", LEFT + pw + 36, ly);
        escape(out, l->label);
        tr_buf_puts(out, "</text>\n");
    }
    if (p->hidden)
        tr_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\">(%d more not shown)</text>\n",
                      LEFT + pw + 12, top + 12 + 16.0 * p->n, p->hidden);
    tr_buf_puts(out, "</g>\n");
#undef X
#undef Y
}

/* ---- the panels -------------------------------------------------------------------------- */

/* Spend against each budget: bookings in the budget's period to date (a plan year, or the
 * whole horizon for a total), and its amount dashed. Without budgets, spend to date. */
static void spend_panel(panel *p, const tr_model *m, const tr_sim_result *r)
{
    int W = r->months + 1;
    snprintf(p->title, sizeof p->title, "Spend against budget (%s, to date in each budget's period)", m->currency);
    p->unit = TR_REPORT_MONEY;
    if (!r->nbudgets) {
        double *v = line_add(p, "all programs", W, 0);
        double sum = 0;
        for (int t = 1; v && t < W; t++) v[t] = sum += (double)r->ledger.total[t] / m->minor_units;
        return;
    }
    for (int b = 0; b < r->nbudgets; b++) {
        if (p->n + 2 > MAX_LINES) { p->hidden += 2; continue; }
        double *v = line_add(p, m->budgets.name[b], W, 0);
        double *lim = line_add(p, "amount", W, 1);
        if (!v || !lim) continue;
        double sum = 0;
        for (int t = 0; t < W; t++) {
            if (t > 0 && m->budgets.per_year[b] && (t - 1) % 12 == 0) sum = 0;
            if (t > 0) sum += (double)r->ledger.budget[(size_t)b * (size_t)W + (size_t)t] / m->minor_units;
            v[t] = sum;
            lim[t] = m->budgets.amount[b];
        }
    }
}

static void headcount_panel(panel *p, const tr_model *m, const tr_sim_result *r)
{
    int W = r->months + 1;
    snprintf(p->title, sizeof p->title, "Headcount (people)");
    p->unit = TR_REPORT_PEOPLE;
    for (int i = 0; i < r->nroles; i++) {
        if (p->n >= MAX_LINES) { p->hidden++; continue; }
        double *v = line_add(p, m->roles.name[i], W, 0);
        if (v) memcpy(v, r->headcount + (size_t)i * (size_t)W, (size_t)W * sizeof *v);
    }
}

/* Copy W values into a line, in the unit the report shows them in (a rate per year). */
static void copy_shown(double *to, const double *from, int W, tr_report_unit u)
{
    double k = tr_report_unit_scale(u);
    for (int t = 0; to && t < W; t++) to[t] = from[t] * k;
}

/* "Measure: NAME (USD per year)": the unit its axis is in, when it has words. */
static void titled(panel *p, const tr_model *m, const char *what, const char *name)
{
    tr_buf words = {0};
    tr_report_unit_words(&words, m, p->unit, true);
    if (words.len && !tr_report_unit_is_share(p->unit))
        snprintf(p->title, sizeof p->title, "%s: %s (%s)", what, name, words.data);
    else snprintf(p->title, sizeof p->title, "%s: %s", what, name);
    tr_buf_free(&words);
}

static void measure_panel(panel *p, const tr_model *m, const tr_sim_result *r, int i)
{
    int W = r->months + 1;
    p->unit = tr_report_measure_unit(m, i);
    titled(p, m, "Measure", m->measures.name[i]);
    copy_shown(line_add(p, r->runs > 0 ? "deterministic" : m->measures.name[i], W, 0), r->measure + (size_t)i * (size_t)W, W, p->unit);
    if (r->runs > 0 && r->measure_q) {
        static const char *const q[] = {"P10", "P50", "P90"};
        for (int j = 0; j < 3; j++)
            copy_shown(line_add(p, q[j], W, 0), r->measure_q + ((size_t)i * 3 + (size_t)j) * (size_t)W, W, p->unit);
    }
}

static void goal_panel(panel *p, const tr_model *m, const tr_sim_result *r, int g)
{
    static const char *const ops[] = {"<", "<=", ">", ">=", "==", "!="};
    int W = r->months + 1;
    const tr_goal_outcome *o = &r->goals[g];
    p->unit = tr_report_goal_unit(m, g);
    tr_buf t = {0};
    tr_report_value(&t, m, p->unit, m->goals.target[g]);
    snprintf(p->title, sizeof p->title, "Goal: %s %s %s by the dashed month (%s)", m->goals.name[g],
             (unsigned)m->goals.op[g] <= TR_MODEL_NE ? ops[m->goals.op[g]] : "?", t.data ? t.data : "",
             r->runs > 0 ? (o->probability >= 0.5 ? "likely met" : "likely missed") : (o->met ? "met" : "missed"));
    tr_buf_free(&t);
    p->mark = o->judged ? o->by : 0;   /* a date after the horizon is off the chart */
    double *v = line_add(p, m->goals.name[g], W, 0);
    double *target = line_add(p, "target", W, 1);
    double k = tr_report_unit_scale(p->unit);
    for (int x = 0; x < W && v && target; x++) {
        v[x] = r->goal_value[(size_t)g * (size_t)W + (size_t)x] * k;
        target[x] = m->goals.target[g] * k;
    }
}

/* The SVG element alone (the HTML page embeds it). */
static void svg_body(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    int npanels = 2 + r->nmeasures + r->ngoals, height = TOP + npanels * PANEL_H + 10;
    tr_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                       "font-family=\"Helvetica, Arial, sans-serif\">\n", WIDTH, height, WIDTH, height);
    tr_buf_puts(out, "<style>.title{font-size:14px;font-weight:bold;fill:#222}.tick{font-size:11px;fill:#555}"
                     ".legend{font-size:12px;fill:#333}.head{font-size:18px;font-weight:bold;fill:#111}</style>\n");
    tr_buf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<text x=\"%d\" y=\"28\" class=\"head\">", WIDTH, height, LEFT);
    escape(out, m->title && *m->title ? m->title : "(untitled plan)");
    if (m->scenario) {
        tr_buf_puts(out, " — scenario ");
        escape(out, m->scenario);
    }
    tr_buf_printf(out, "</text>\n<text x=\"%d\" y=\"48\" class=\"tick\">", LEFT);
    tr_report_month(out, m, 1);
    tr_buf_puts(out, " to ");
    tr_report_month(out, m, r->months);
    if (r->runs > 0) tr_buf_printf(out, ", %d Monte Carlo run%s", r->runs, r->runs == 1 ? "" : "s");
    tr_buf_puts(out, "</text>\n");
    int y = TOP;
    for (int i = 0; i < npanels; i++, y += PANEL_H) {
        panel p;
        memset(&p, 0, sizeof p);
        if (i == 0) spend_panel(&p, m, r);
        else if (i == 1) headcount_panel(&p, m, r);
        else if (i - 2 < r->nmeasures) measure_panel(&p, m, r, i - 2);
        else goal_panel(&p, m, r, i - 2 - r->nmeasures);
        draw_panel(out, m, &p, r->months, y);
        panel_free(&p);
    }
    tr_buf_puts(out, "</svg>\n");
}

void tr_chart_svg(tr_buf *out, const tr_model *m, const tr_sim_result *r)
{
    tr_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg_body(out, m, r);
}

void tr_chart_html(tr_buf *out, const tr_model *m, const tr_sim_result *r, const tr_buf *report)
{
    tr_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    escape(out, m->title && *m->title ? m->title : "Trellis run");
    tr_buf_puts(out, "</title>\n<style>body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:960px;color:#222}"
                     "pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:13px;line-height:1.4}"
                     "svg{max-width:100%;height:auto}</style>\n</head>\n<body>\n<h1>");
    escape(out, m->title && *m->title ? m->title : "(untitled plan)");
    tr_buf_puts(out, "</h1>\n");
    if (m->scenario) {
        tr_buf_puts(out, "<p>Scenario <strong>");
        escape(out, m->scenario);
        tr_buf_puts(out, "</strong></p>\n");
    }
    tr_buf_puts(out, "<h2>The journey</h2>\n");
    svg_body(out, m, r);
    tr_buf_puts(out, "<h2>Report</h2>\n<pre>");
    if (report && report->data) escape(out, report->data);
    tr_buf_puts(out, "</pre>\n</body>\n</html>\n");
}
