/* repl_show.c — the REPL's commands that inspect: :show NAME (a declaration as written
 * with its what-if overrides, a constant, the model's parameters), :goals and :budgets. */
#include "repl_show.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "diff.h"
#include "model.h"
#include "repl_session.h"
#include "report.h"
#include "schema.h"
#include "whatif.h"

/* ---- :show --------------------------------------------------------------------------------- */

/* The what-if's overrides under `prefix` ("exec_coaching", "model"). */
static void show_overrides(const tr_repl *r, const char *prefix) {
    size_t len = strlen(prefix);
    for (size_t i = 0; i < r->cur.n; i++)
        if (r->cur.v[i].path_len > len && strncmp(r->cur.v[i].text, prefix, len) == 0 && r->cur.v[i].text[len] == '.')
            printf("# what-if: %s\n", r->cur.v[i].text);
}

/* A declaration by name: every kind that has it, as written. */
static bool show_entity(const tr_repl *r, tr_repl_session *s, const char *name) {
    const tr_plan *p = s->any_plan;
    bool found = false;
    for (int k = 0; p && k < TR_E_COUNT; k++)
        for (uint32_t i = 0; i < tr_plan_count(p, (tr_entity_kind)k); i++) {
            const tr_entity *e = tr_plan_entity(p, (tr_entity_kind)k, i);
            if (!e->name || strcmp(e->name, name) != 0 || !e->node || !e->src) continue;
            const tr_source *src = e->src;
            uint32_t b = e->node->begin, en = e->node->end;
            tr_repl_move_pos(s, &src, &b, &en);
            printf("%.*s\n", (int)(en - b), src->text + b);
            found = true;
        }
    if (found) show_overrides(r, name);
    return found;
}

/* A constant: `let NAME = VALUE` as written. */
static bool show_let(const tr_repl *r, tr_repl_session *s, const char *name) {
    if (!s->any_plan) return false;
    tr_plan_lets lets;
    tr_plan_lets_read(&lets, s->any_plan, s->check, r->stdlib);
    bool found = false;
    for (size_t i = 0; i < lets.n && !found; i++)
        if (strcmp(lets.v[i].name, name) == 0) printf("let %s = %s\n", name, lets.v[i].text), found = true;
    tr_plan_lets_free(&lets);
    return found;
}

/* The model's parameters (or one, `model.PARAM`): each value and where it comes from. */
static bool show_model(const tr_repl *r, tr_repl_session *s, const char *name) {
    const char *param = strncmp(name, "model.", 6) == 0 ? name + 6 : NULL;
    if (strcmp(name, "model") != 0 && !param) return false;
    const tr_plan *p = s->any_plan;
    size_t n;
    const tr_param_info *t = tr_model_param_table(&n);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (param && strcmp(param, t[i].name) != 0) continue;
        const tr_attr_spec *a = tr_schema_attr("model", t[i].name, strlen(t[i].name));
        const tr_value *v = p && a && a->offset != (size_t)-1 ? (const tr_value *)((const char *)&p->model + a->offset) : NULL;
        tr_buf b = {0};
        if (v && v->kind != TR_V_NONE) tr_whatif_value_text(&b, p, v);
        else tr_buf_printf(&b, "%g%s", t[i].is_duration ? t[i].fallback : t[i].fallback * 100, t[i].is_duration ? " months" : "%");
        const char *from = !v || v->kind == TR_V_NONE ? "MODEL.md's default" : v->src && strncmp(v->src->path, "std/", 4) == 0 ? v->src->path : "the plan";
        printf("model.%-24s %-12s # %s\n", t[i].name, b.data, from);
        tr_buf_free(&b);
        any = true;
    }
    if (!any) return false;
    show_overrides(r, "model");
    return true;
}

/* A block of a kind that has no names (`plan`, `lint`), as written: the plan's own, never
 * the standard library's. `model` is shown by its parameters instead (show_model). */
static bool show_block(const tr_repl *r, tr_repl_session *s, const char *kind) {
    const tr_block_spec *spec = tr_schema_block(kind, strlen(kind));
    if (!spec || !spec->top || spec->name != TR_NAME_NONE || strcmp(kind, "model") == 0) return false;
    if (strcmp(kind, "plan") == 0 && !s->has_plan_block) {
        tr_repl_no_plan(r);
        return true;
    }
    const tr_plan *p = s->any_plan;
    bool found = false;
    for (uint32_t f = 0; p && f < p->nfiles; f++) {
        if (p->files[f].stdlib) continue;
        for (const tr_node *it = p->files[f].items; it; it = it->next) {
            if (it->kind != TR_N_BLOCK || !tr_node_is(it->u.block.kind, kind)) continue;
            const tr_source *src = p->files[f].src;
            uint32_t b = it->begin, e = it->end;
            tr_repl_move_pos(s, &src, &b, &e);
            printf("%.*s\n", (int)(e - b), src->text + b);
            found = true;
        }
    }
    if (!found) printf("# the plan has no %s block\n", kind);
    return true;
}

int tr_repl_cmd_show(tr_repl *r, const char *args) {
    if (!args[0]) {
        tr_repl_error(r, "E602", REPL_AFTER_COMMAND(r), "as in :show exec_coaching, :show coach_rate, :show plan or :show model", ":show needs a NAME");
        return TR_REPL_CONTINUE;
    }
    tr_repl_session s;
    tr_repl_session_open(&s, r, NULL);
    if (!show_entity(r, &s, args) && !show_let(r, &s, args) && !show_model(r, &s, args) && !show_block(r, &s, args)) {
        const char *cands[4096];
        size_t n = 0;
        for (size_t i = 0; i < r->names.n && n < 4096; i++)
            if (!strchr(r->names.v[i], '.')) cands[n++] = r->names.v[i];
        const char *best = tr_suggest(args, cands, n);
        char help[256];
        snprintf(help, sizeof help, "did you mean '%s'?", best ? best : "");
        tr_repl_error(r, "E201", REPL_AT_ARGS(r), best && strcmp(best, args) != 0 ? help : "a declaration, a constant, plan, lint, model or model.PARAM",
                      "nothing is called '%s'", args);
    }
    tr_repl_session_close(&s);
    return TR_REPL_CONTINUE;
}

/* ---- :goals and :budgets ---------------------------------------------------------------------- */

/* Simulate the what-if (or the baseline) for :goals and :budgets. */
static bool simulate_current(tr_repl *r, tr_repl_session *s, tr_model *m, tr_sim_result *res) {
    tr_repl_session_open(s, r, &r->cur);
    if (!tr_repl_need_plan(r, s)) return false;
    return tr_repl_simulate(s->plan, tr_repl_pick_scenario(r, s->plan, NULL, tr_repl_whatif_active(&r->cur)), m, res);
}

static void render_goals(tr_buf *out, const tr_model *m, const tr_sim_result *res) {
    if (!res->ngoals) tr_buf_puts(out, "the plan has no goals\n");
    for (int g = 0; g < res->ngoals; g++) {
        const tr_goal_outcome *o = &res->goals[g];
        tr_report_unit u = tr_report_expr_unit(m, m->goals.expr[g]);
        tr_buf_printf(out, "%s: %s ", m->goals.name[g], o->met ? "met" : "missed");
        tr_report_value(out, m, u, o->value);
        tr_buf_puts(out, " at ");
        tr_report_month(out, m, o->by);
        tr_buf_puts(out, " (target ");
        static const char *const ops[] = {"<", "<=", ">", ">=", "==", "!="};
        tr_buf_printf(out, "%s ", ops[m->goals.op[g]]);
        tr_report_value(out, m, u, m->goals.target[g]);
        tr_buf_puts(out, ")\n");
    }
}

static void render_budgets(tr_buf *out, const tr_model *m, const tr_sim_result *res) {
    if (!res->nbudgets) tr_buf_puts(out, "the plan has no budgets\n");
    for (int b = 0; b < res->nbudgets; b++) {
        int ok = 1;
        tr_buf_printf(out, "%s: ", m->budgets.name[b]);
        tr_report_money(out, tr_money_round(m->budgets.amount[b], m->minor_units, &ok), m->minor_units, m->currency);
        tr_buf_puts(out, m->budgets.per_year[b] ? " per year" : " in total");
        if (m->budgets.parent[b] >= 0) tr_buf_printf(out, ", within %s", m->budgets.name[m->budgets.parent[b]]);
        tr_buf_puts(out, "; spent");
        for (int y = 1; y <= (res->months + 11) / 12; y++) {
            int end = y * 12 < res->months ? y * 12 : res->months;
            tr_buf_puts(out, y > 1 ? ", " : " ");
            tr_report_money(out, tr_ledger_budget_sum(&res->ledger, b, (y - 1) * 12 + 1, end), m->minor_units, m->currency);
            tr_buf_puts(out, " in ");
            tr_report_month(out, m, end);
        }
        tr_buf_putc(out, '\n');
    }
}

/* Simulate the session's plan (with its what-if) and print what render makes of it. */
static int show_simulated(tr_repl *r, void (*render)(tr_buf *, const tr_model *, const tr_sim_result *)) {
    tr_repl_session s;
    tr_model m;
    tr_sim_result res;
    if (simulate_current(r, &s, &m, &res)) {
        tr_buf out = {0};
        render(&out, &m, &res);
        tr_cli_write(stdout, &out);
        tr_buf_free(&out);
        tr_model_free(&m);
        tr_sim_result_free(&res);
    }
    tr_repl_session_close(&s);
    return TR_REPL_CONTINUE;
}

int tr_repl_cmd_goals(tr_repl *r, const char *args) {
    (void)args;
    return show_simulated(r, render_goals);
}

int tr_repl_cmd_budgets(tr_repl *r, const char *args) {
    (void)args;
    return show_simulated(r, render_budgets);
}

