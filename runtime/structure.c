/* structure.c — cycles, dates, milestone order and the static budget check. */
#include "structure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lower.h"
#include "units.h"

static const tr_source *entity_src(const tr_resolver *r, tr_entity_kind k, uint32_t i) {
    return tr_plan_entity(r->plan, k, i)->src;
}

static const tr_node *entity_name_node(const tr_resolver *r, tr_entity_kind k, uint32_t i) {
    const tr_node *b = tr_plan_entity(r->plan, k, i)->node;
    return tr_block_name(b) ? tr_block_name(b) : b->u.block.kind;
}

/* ---- cycles ------------------------------------------------------------------------------- */

/* The references of entity i of kind k along one kind of edge. */
typedef size_t (*edges_fn)(const tr_plan *p, uint32_t i, const tr_value **out);

static size_t role_edges(const tr_plan *p, uint32_t i, const tr_value **out) {
    *out = &p->roles[i].reports_to;
    return p->roles[i].reports_to.kind == TR_V_REF;
}
static size_t budget_edges(const tr_plan *p, uint32_t i, const tr_value **out) {
    *out = &p->budgets[i].parent;
    return p->budgets[i].parent.kind == TR_V_REF;
}
static size_t scenario_edges(const tr_plan *p, uint32_t i, const tr_value **out) {
    *out = &p->scenarios[i].extends;
    return p->scenarios[i].extends.kind == TR_V_REF;
}
static size_t milestone_edges(const tr_plan *p, uint32_t i, const tr_value **out) {
    const tr_value *a = &p->milestones[i].after;
    if (a->kind != TR_V_LIST) return 0;
    *out = a->items;
    return a->count;
}

typedef struct cycle_kind {
    tr_entity_kind kind;
    edges_fn edges;
    const char *code, *what, *help;
} cycle_kind;

static const cycle_kind cycle_kinds[] = {
    {TR_E_ROLE, role_edges, "E405", "reports_to", "a role cannot report to itself, even through others"},
    {TR_E_MILESTONE, milestone_edges, "E406", "after", "a milestone cannot come after itself, even through others"},
    {TR_E_BUDGET, budget_edges, "E408", "parent", "a budget cannot be its own ancestor"},
    {TR_E_SCENARIO, scenario_edges, "E408", "extends", "a scenario cannot extend itself, even through others"},
};

/* Iterative depth-first search with colours: 0 new, 1 on the path, 2 done. Each cycle is
 * reported once, at the reference that closes it. */
static void find_cycles(tr_resolver *r, const cycle_kind *ck) {
    uint32_t n = tr_plan_count(r->plan, ck->kind);
    uint8_t *colour = calloc(n ? n : 1, 1);
    uint32_t *stack = malloc((n ? n : 1) * sizeof *stack), *edge = malloc((n ? n : 1) * sizeof *edge);
    if (!colour || !stack || !edge) abort();
    for (uint32_t s = 0; s < n; s++) {
        if (colour[s]) continue;
        uint32_t depth = 0;
        stack[depth] = s, edge[depth++] = 0, colour[s] = 1;
        while (depth) {
            uint32_t v = stack[depth - 1];
            const tr_value *refs;
            size_t nrefs = ck->edges(r->plan, v, &refs);
            if (edge[depth - 1] >= nrefs) { colour[v] = 2; depth--; continue; }
            const tr_value *ref = &refs[edge[depth - 1]++];
            if (ref->kind != TR_V_REF) continue;
            uint32_t w = ref->index;
            if (colour[w] == 0) { stack[depth] = w, edge[depth++] = 0, colour[w] = 1; continue; }
            if (colour[w] != 1) continue;
            tr_buf chain = {0};
            uint32_t from = 0;
            while (stack[from] != w) from++;
            for (uint32_t i = from; i < depth; i++) tr_buf_printf(&chain, "%s -> ", tr_plan_entity(r->plan, ck->kind, stack[i])->name);
            tr_buf_puts(&chain, tr_plan_entity(r->plan, ck->kind, w)->name);
            tr_diag *d = tr_diag_add(r->diags, ck->code, ref->src, ref->node->begin, ref->node->end, "'%s' makes a cycle: %s", ck->what, chain.data);
            tr_diag_help(d, "%s", ck->help);
            tr_buf_free(&chain);
        }
    }
    free(colour), free(stack), free(edge);
}

/* ---- dates ---------------------------------------------------------------------------------- */

/* The first day after the horizon. The horizon is the months simulated, the start's month
 * through the month before start + H (MODEL.md 1: a date is read as the month holding it),
 * from the start itself: a 12-month plan from 2026-01-15 runs to 2026-12-31, and 2027-01-05
 * is outside, as 2027-01 is for a plan from 2026-01. */
static int32_t horizon_after(const tr_plan *p) {
    int32_t mi = tr_date_month_index(p->start_days) + p->horizon_months;
    return tr_date_days(mi / 12, mi % 12 + 1, 1);
}

static bool in_horizon(const tr_plan *p, const tr_value *v) {
    return v->kind == TR_V_DATE && v->date >= p->start_days && v->date < horizon_after(p);
}

/* E404 names the horizon's bounds: months when it starts on the first (2026-01 through
 * 2027-12), else its first and last days (2026-01-15 through 2027-12-31). */
static void inside_horizon(tr_resolver *r, const tr_value *v, const char *what) {
    if (v->kind != TR_V_DATE || !v->node) return;
    const tr_plan *p = r->plan;
    if (in_horizon(p, v)) return;
    tr_buf a = {0}, b = {0}, x = {0};
    int y, m, d;
    tr_date_civil(p->start_days, &y, &m, &d);
    tr_date_format(p->start_days, &a);
    int32_t last = horizon_after(p) - 1;
    int ly, lm, ld;
    tr_date_civil(last, &ly, &lm, &ld);
    if (d == 1) tr_buf_printf(&b, "%04d-%02d", ly, lm);
    else tr_date_format(last, &b);
    tr_date_format(v->date, &x);
    tr_diag *d404 = tr_diag_add(r->diags, "E404", v->src, v->node->begin, v->node->end,
                                "%s %s is outside the plan's horizon (%s through %s)", what, x.data, a.data, b.data);
    tr_diag_help(d404, "move the date, or change the plan's start or horizon");
    tr_buf_free(&a), tr_buf_free(&b), tr_buf_free(&x);
}

/* A program's or budget's end before its start: E414 at the end, with both ways out. */
static void ends_before_start(tr_resolver *r, const char *what, const char *name, const tr_value *start, const tr_value *end) {
    if (start->kind != TR_V_DATE || end->kind != TR_V_DATE || end->date >= start->date) return;
    tr_diag *d = tr_diag_add(r->diags, "E414", end->src, end->node->begin, end->node->end, "%s '%s' ends before it starts", what, name);
    tr_diag_note(d, start->src, start->node->begin, start->node->end, "it starts here");
    tr_buf a = {0}, b = {0};
    tr_date_format(start->date, &a);
    tr_date_format(end->date, &b);
    tr_diag_help(d, "write `end %s` or later, or `start %s` or earlier", a.data, b.data);
    tr_buf_free(&a), tr_buf_free(&b);
}

static void check_dates(tr_resolver *r) {
    const tr_plan *p = r->plan;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        inside_horizon(r, &g->start, "the start");
        inside_horizon(r, &g->end, "the end");
        ends_before_start(r, "program", g->e.name, &g->start, &g->end);
    }
    for (uint32_t i = 0; i < p->nbudgets; i++) {
        const tr_budget *b = &p->budgets[i];
        inside_horizon(r, &b->start, "the start");
        inside_horizon(r, &b->end, "the end");
        ends_before_start(r, "budget", b->e.name, &b->start, &b->end);
    }
    for (uint32_t i = 0; i < p->nmilestones; i++) inside_horizon(r, &p->milestones[i].due, "the due date");
    for (uint32_t i = 0; i < p->ngoals; i++) inside_horizon(r, &p->goals[i].by, "the date");
}

/* The strongly connected component of each milestone along `after` (Tarjan, iterative:
 * chains may be long). Two milestones share one exactly when each comes after the other,
 * through others or not: that is a cycle, which E406 reports. */
static uint32_t *after_components(const tr_plan *p) {
    uint32_t n = p->nmilestones, next = 0, ncomp = 0, top = 0, depth = 0;
    uint32_t *comp = malloc((n + 1) * sizeof *comp), *index = malloc((n + 1) * sizeof *index);
    uint32_t *low = malloc((n + 1) * sizeof *low), *stack = malloc((n + 1) * sizeof *stack);
    uint32_t *call = malloc((n + 1) * sizeof *call), *edge = malloc((n + 1) * sizeof *edge);
    bool *on = calloc(n + 1, sizeof *on);
    if (!comp || !index || !low || !stack || !call || !edge || !on) abort();
    for (uint32_t i = 0; i < n; i++) index[i] = UINT32_MAX;
    for (uint32_t s = 0; s < n; s++) {
        if (index[s] != UINT32_MAX) continue;
        call[depth] = s, edge[depth++] = 0;
        index[s] = low[s] = next++, stack[top++] = s, on[s] = true;
        while (depth) {
            uint32_t v = call[depth - 1];
            const tr_value *refs;
            size_t nrefs = milestone_edges(p, v, &refs);
            if (edge[depth - 1] < nrefs) {
                const tr_value *ref = &refs[edge[depth - 1]++];
                if (ref->kind != TR_V_REF) continue;
                uint32_t w = ref->index;
                if (index[w] == UINT32_MAX) {
                    call[depth] = w, edge[depth++] = 0;
                    index[w] = low[w] = next++, stack[top++] = w, on[w] = true;
                } else if (on[w] && index[w] < low[v]) low[v] = index[w];
                continue;
            }
            if (low[v] == index[v]) {
                uint32_t w;
                do { w = stack[--top]; on[w] = false; comp[w] = ncomp; } while (w != v);
                ncomp++;
            }
            if (--depth && low[v] < low[call[depth - 1]]) low[call[depth - 1]] = low[v];
        }
    }
    free(index), free(low), free(stack), free(call), free(edge), free(on);
    return comp;
}

/* A milestone due before one it comes after. Not when the two are on a cycle (E406 says
 * what is wrong there: no order of due dates could fix it), nor when either date is
 * outside the horizon (E404 is the mistake; moving that date settles the order). */
static void milestone_order(tr_resolver *r) {
    const tr_plan *p = r->plan;
    uint32_t *comp = NULL;
    for (uint32_t i = 0; i < p->nmilestones; i++) {
        const tr_milestone *m = &p->milestones[i];
        if (!in_horizon(p, &m->due) || m->after.kind != TR_V_LIST) continue;
        for (uint32_t j = 0; j < m->after.count; j++) {
            const tr_value *ref = &m->after.items[j];
            if (ref->kind != TR_V_REF) continue;
            const tr_milestone *o = &p->milestones[ref->index];
            if (!in_horizon(p, &o->due) || o->due.date <= m->due.date) continue;
            if (!comp) comp = after_components(p);
            if (comp[i] == comp[ref->index]) continue;
            tr_buf a = {0}, b = {0};
            tr_date_format(m->due.date, &a);
            tr_date_format(o->due.date, &b);
            tr_diag *d = tr_diag_add(r->diags, "E409", m->due.src, m->due.node->begin, m->due.node->end,
                                     "milestone '%s' is due %s, before '%s' (due %s), which it comes after", m->e.name, a.data, o->e.name, b.data);
            tr_diag_note(d, o->due.src, o->due.node->begin, o->due.node->end, "'%s' is due here", o->e.name);
            tr_diag_help(d, "move '%s' to %s or later, or drop `after %s`", m->e.name, b.data, o->e.name);
            tr_buf_free(&a), tr_buf_free(&b);
        }
    }
    free(comp);
}

/* ---- bookings that cannot be booked ------------------------------------------------------ */

/* The simulation books each program's month in whole minor units (runtime/money.c: at most
 * 2^53 of them at once) and adds the bookings up in 64-bit integers (runtime/sim.c: the sum
 * of their magnitudes at most 2^63 - 1 minor units, E490 beyond). Bound every month's
 * booking from above: the high ends of ranges, each role at its starting headcount grown
 * at its highest growth for the whole horizon, every participant; with promotions
 * among a role's group (roles joined by promotions), anyone of the group may end up in
 * it, and a role refilled by hiring each month may have sent everyone up (1 + horizon
 * times). Beyond TR_BOOKING_MAX a month, or
 * beyond what adds up exactly over the horizon (all programs together), is E412 at the
 * cost: the run would otherwise stop with E490. */
#define TR_BOOKING_MAX 1e12
/* 2^63 minor units, less a margin far above the doubles' rounding of the bound's sum */
#define TR_BOOKINGS_TOTAL_MAX (9223372036854775808.0 * (1 - 1e-9))

static double role_bound(const tr_plan *p, const tr_role *ro) {
    if (ro->headcount.kind != TR_V_NUMBER) return 0;
    double grow = ro->growth.kind == TR_V_NUMBER ? fmax(0, ro->growth.hi * 12) : 0;
    return ro->headcount.hi * pow(1 + grow, p->horizon_months / 12.0);
}

/* Roles joined by promotions, either way (union-find with path halving): people move only
 * within such a group, so a role's people are bounded by its group's, not the whole plan's
 * (a plan of many regions, each promoting within itself, is not a plan of everyone). */
static uint32_t group_of(uint32_t *up, uint32_t i) {
    while (up[i] != i) i = up[i] = up[up[i]];
    return i;
}

static void promotion_groups(const tr_plan *p, uint32_t *up) {
    for (uint32_t i = 0; i < p->nroles; i++) up[i] = i;
    for (uint32_t i = 0; i < p->nroles; i++)
        for (uint32_t k = 0; k < p->roles[i].npromotions; k++) {
            const tr_value *into = &p->roles[i].promotions[k].into;
            if (into->kind != TR_V_REF || into->index >= p->nroles) continue;
            up[group_of(up, i)] = group_of(up, into->index);
        }
}

/* Everyone who may be in program g's roles: b->bound[] per role; with promotions in a
 * role's group, anyone of the group, who may have been refilled and sent up once a month. */
static double people_bound(const tr_plan *p, const tr_program *g, const tr_bookings *b) {
    double mine = 0;
    for (uint32_t j = 0; g->roles.kind == TR_V_LIST && j < g->roles.count; j++) {
        uint32_t r = g->roles.items[j].index, top = group_of(b->group, r);
        mine += b->promoting[top] ? b->group_people[top] * (1 + p->horizon_months) : b->bound[r];
    }
    return mine;
}

/* Each role's bound, its promotion group and the group's people. */
static void people_build(tr_bookings *b, const tr_plan *p) {
    size_t n = p->nroles + 1;
    b->bound = malloc(n * sizeof *b->bound), b->group = malloc(n * sizeof *b->group);
    b->group_people = calloc(n, sizeof *b->group_people), b->promoting = calloc(n, sizeof *b->promoting);
    if (!b->bound || !b->group || !b->group_people || !b->promoting) abort();
    promotion_groups(p, b->group);
    for (uint32_t i = 0; i < p->nroles; i++) {
        uint32_t top = group_of(b->group, i);
        b->group_people[top] += b->bound[i] = role_bound(p, &p->roles[i]);
        b->promoting[top] = b->promoting[top] || p->roles[i].npromotions > 0;
    }
}

static void people_free(tr_bookings *b) {
    free(b->bound), free(b->group), free(b->group_people), free(b->promoting);
    b->bound = b->group_people = NULL, b->group = NULL, b->promoting = NULL;
}

static double booking_bound(const tr_program *g, double people) {
    double cost = g->cost.hi;
    switch ((tr_spending)g->spending) {
    case TR_SPEND_ONCE: case TR_SPEND_MONTHLY: return cost;
    case TR_SPEND_PER_PERSON: case TR_SPEND_PER_PERSON_MONTHLY: return cost * people;
    case TR_SPEND_PER_HOUR: {
        /* a total of hours may be spread over a program shorter than a month */
        double span = g->duration.kind == TR_V_NUMBER && g->duration.hi > 0 ? fmin(1, g->duration.hi) : 1;
        bool total = tr_dim_eq(g->hours.dim, tr_dim_make(0, 1, -1));
        return cost * g->hours.hi * people * (total ? 1 / span : 1);
    }
    }
    return 0;
}

static int32_t program_first_month(const tr_plan *p, const tr_program *g);
static void program_months(const tr_plan *p, bool requires, int32_t *first, int32_t *last);

/* How many months program g may book in: one for a one-off amount; else from its first
 * month (the earliest its start and `after` allow) to its end, its longest duration or the
 * horizon. The simulation may start it later, never earlier, and stop it sooner. */
static double booking_months(const tr_plan *p, const tr_program *g) {
    if (g->spending == TR_SPEND_ONCE) return 1;
    int32_t first = program_first_month(p, g), last = p->horizon_months - 1;
    if (g->end.kind == TR_V_DATE) {
        int32_t e = tr_date_month_index(g->end.date) - tr_date_month_index(p->start_days);
        if (e < last) last = e;
    }
    if (g->duration.kind == TR_V_NUMBER && g->duration.hi > 0 && g->duration.hi < p->horizon_months) {
        int32_t d = first + (int32_t)ceil(g->duration.hi - 1e-9) - 1;
        if (d < last) last = d;
    }
    return last >= first ? last - first + 1 : 0;
}

/* A bound, not a booking: whole units (its cents would be the doubles' rounding noise). */
static void format_big(double amount, tr_buf *out) {
    if (amount < 1e15) tr_units_format_amount(round(amount), out);
    else tr_buf_printf(out, "%.3g", amount);
}

/* A month's booking of one program beyond what is booked exactly. */
static void too_much_a_month(tr_resolver *r, const tr_program *g, double most) {
    tr_buf a = {0};
    format_big(most, &a);
    tr_diag *d = tr_diag_add(r->diags, "E412", g->cost.src, g->cost.node->begin, g->cost.node->end,
                             "program '%s' could book up to %s %s in one month, too much to book in whole cents", g->e.name,
                             a.data, r->plan->currency);
    tr_diag_help(d, "a month's booking stays below 1e12 (a trillion) at the highest headcounts the plan can reach; check the cost, the headcounts and growth");
    tr_buf_free(&a);
}

/* All bookings over the horizon beyond what adds up exactly: one error, at the program
 * that could book the most (the likeliest mistake), with the whole and its share. */
static void too_much_in_all(tr_resolver *r, const tr_program *g, double its, double all, int minor) {
    const tr_plan *p = r->plan;
    tr_buf a = {0}, b = {0}, c = {0};
    tr_buf_printf(&a, "%.3g", all);   /* a quadrillion and more: digits would not help */
    tr_buf_printf(&b, "%.3g", its);
    tr_buf_printf(&c, "%.3g", 9223372036854775807.0 / minor);
    tr_diag *d = tr_diag_add(r->diags, "E412", g->cost.src, g->cost.node->begin, g->cost.node->end,
                             "the programs could book up to %s %s over the horizon, more than the simulation adds up exactly "
                             "(%s %s, 2^63 - 1 minor units); program '%s' could book %s %s of it",
                             a.data, p->currency, c.data, p->currency, g->e.name, b.data, p->currency);
    tr_diag_help(d, "check the cost, the headcounts and growth of the programs that book the most, or shorten the horizon: "
                    "every booking to date must add up below 2^63 - 1 minor units");
    tr_buf_free(&a), tr_buf_free(&b), tr_buf_free(&c);
}

void tr_structure_bookings(tr_resolver *r) {
    const tr_plan *p = r->plan;
    tr_bookings people = {0};
    people_build(&people, p);
    int minor = tr_units_minor(p->currency[0] ? p->currency : "USD");
    double total = 0, largest = -1, largest_amount = 0;   /* total: minor units, each booking rounded up */
    uint32_t culprit = UINT32_MAX;
    bool reported = false;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        if (g->cost.kind != TR_V_NUMBER || !g->cost.node) continue;
        double most = booking_bound(g, people_bound(p, g, &people));
        if (most > TR_BOOKING_MAX) { too_much_a_month(r, g, most); reported = true; continue; }
        double months = booking_months(p, g), its = (fabs(most) * minor + 0.5) * months;
        total += its;
        if (its > largest) largest = its, largest_amount = fabs(most) * months, culprit = i;
    }
    if (!reported && culprit != UINT32_MAX && total > TR_BOOKINGS_TOTAL_MAX)
        too_much_in_all(r, &p->programs[culprit], largest_amount, total / minor, minor);
    people_free(&people);
}

/* What program g may book over the horizon, in minor units (0 when it books nothing), or
 * -1 after E412 for a month beyond what is booked exactly. */
static double program_bookings(tr_resolver *r, const tr_program *g, const tr_bookings *b) {
    const tr_plan *p = r->plan;
    if (g->cost.kind != TR_V_NUMBER || !g->cost.node) return 0;
    double most = booking_bound(g, people_bound(p, g, b));
    if (most > TR_BOOKING_MAX) { too_much_a_month(r, g, most); return -1; }
    return (fabs(most) * b->minor + 0.5) * booking_months(p, g);
}

void tr_bookings_build(tr_bookings *b, const tr_plan *p) {
    tr_bookings_free(b);
    people_build(b, p);
    b->its = malloc((p->nprograms + 1) * sizeof *b->its);
    b->mark = calloc(p->nprograms + 1, sizeof *b->mark);
    if (!b->its || !b->mark) abort();
    b->minor = tr_units_minor(p->currency[0] ? p->currency : "USD");
    tr_diags none = {0};   /* the plan as written checked clean: nothing is reported */
    tr_resolver quiet = {0};
    quiet.plan = (tr_plan *)p, quiet.diags = &none;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        b->its[i] = fmax(0, program_bookings(&quiet, &p->programs[i], b));
        b->total += b->its[i];
    }
    tr_diags_free(&none);
    b->requires = tr_structure_uses_requires(p);
    if (b->requires) {
        b->first = malloc((p->nprograms + 1) * sizeof *b->first), b->last = malloc((p->nprograms + 1) * sizeof *b->last);
        if (!b->first || !b->last) abort();
        program_months(p, true, b->first, b->last);
    }
    b->built = true;
}

void tr_bookings_free(tr_bookings *b) {
    people_free(b);
    free(b->its), free(b->mark), free(b->first), free(b->last);
    *b = (tr_bookings){0};
}

void tr_structure_bookings_changed(tr_resolver *r, tr_bookings *b, const uint32_t *roles, size_t nroles, const uint32_t *programs,
                                   size_t nprograms, const uint32_t *rfirst, const uint32_t *by_role) {
    const tr_plan *p = r->plan;
    for (size_t k = 0; k < nroles; k++)   /* a group's people changed: every bound of it did */
        if (b->promoting[group_of(b->group, roles[k])]) { tr_structure_bookings(r); return; }
    double *was = malloc((nroles + 1) * sizeof *was), total = b->total;
    if (!was) abort();
    for (size_t k = 0; k < nroles; k++) was[k] = b->bound[roles[k]], b->bound[roles[k]] = role_bound(p, &p->roles[roles[k]]);
    b->epoch++;
    bool reported = false;
    for (size_t k = 0; k < nprograms + nroles; k++) {   /* the programs changed, then those of the roles */
        const uint32_t *at = k < nprograms ? &programs[k] : &by_role[rfirst[roles[k - nprograms]]];
        const uint32_t *end = k < nprograms ? at + 1 : &by_role[rfirst[roles[k - nprograms] + 1]];
        for (; at < end; at++) {
            if (b->mark[*at] == b->epoch) continue;
            b->mark[*at] = b->epoch;
            double its = program_bookings(r, &p->programs[*at], b);
            if (its < 0) reported = true;
            else total += its - b->its[*at];
        }
    }
    for (size_t k = nroles; k-- > 0;) b->bound[roles[k]] = was[k];
    free(was);
    /* beyond in all: the whole plan again, which names the program that books the most */
    if (!reported && total > TR_BOOKINGS_TOTAL_MAX) tr_structure_bookings(r);
}

void tr_structure_check(tr_resolver *r) {
    for (size_t i = 0; i < sizeof cycle_kinds / sizeof cycle_kinds[0]; i++) find_cycles(r, &cycle_kinds[i]);
    check_dates(r);
    milestone_order(r);
    tr_structure_bookings(r);
    (void)entity_src;
    (void)entity_name_node;
}

/* ---- the static budget check ----------------------------------------------------------------- */

/* The plan month (1-based, clamped to the horizon) of a date, as lowering counts it. */
static int32_t plan_month(const tr_plan *p, int32_t days) {
    int32_t m = tr_date_month_index(days) - tr_date_month_index(p->start_days) + 1;
    return m < 1 ? 1 : m > p->horizon_months ? p->horizon_months : m;
}

/* The plan month (1-based) in which milestone i is reached: its due month, or later when a
 * milestone it comes after is reached later (MODEL.md; the simulation's
 * tr_model_milestone_month). 0 for a cycle, which E406 reports. */
static int32_t milestone_month(const tr_plan *p, uint32_t i, uint32_t depth) {
    const tr_milestone *ms = &p->milestones[i];
    if (depth > p->nmilestones) return 0;
    int32_t when = ms->due.kind == TR_V_DATE ? plan_month(p, ms->due.date) : 1;
    if (ms->after.kind == TR_V_LIST)
        for (uint32_t j = 0; j < ms->after.count; j++) {
            int32_t w = milestone_month(p, ms->after.items[j].index, depth + 1);
            if (w == 0) return 0;
            if (w > when) when = w;
        }
    return when;
}

/* The month (0-based, from the plan's start) in which a program starts, by the simulation's
 * rule: its start date, and the month AFTER the latest milestone it comes after is reached
 * (a milestone due in 2026-12 lets its programs start in 2027-01). The horizon's length
 * when it never starts inside it. */
static int32_t program_first_month(const tr_plan *p, const tr_program *g) {
    int32_t first = g->start.kind == TR_V_DATE ? plan_month(p, g->start.date) : 1;
    if (g->after.kind == TR_V_LIST)
        for (uint32_t j = 0; j < g->after.count; j++) {
            int32_t w = milestone_month(p, g->after.items[j].index, 0);
            if (w == 0) return p->horizon_months;
            if (w + 1 > first) first = w + 1;
        }
    return first - 1;
}

static int32_t program_last_month(const tr_plan *p, const tr_program *g, int32_t first) {
    int32_t last = p->horizon_months - 1;
    if (g->end.kind == TR_V_DATE) last = tr_date_month_index(g->end.date) - tr_date_month_index(p->start_days);
    if (g->duration.kind == TR_V_NUMBER) {
        int32_t d = first + (int32_t)ceil(g->duration.mid - 1e-9) - 1;
        if (d < last) last = d;
    }
    return last > p->horizon_months - 1 ? p->horizon_months - 1 : last;
}

/* The program's participants at the starting headcounts. */
static double participants(const tr_plan *p, const tr_program *g) {
    double people = 0;
    if (g->roles.kind == TR_V_LIST)
        for (uint32_t j = 0; j < g->roles.count; j++) people += p->roles[g->roles.items[j].index].headcount.mid;
    return people * g->participants.mid;
}

/* What the program books in month m (0-based), at the medians, for `people` participants. */
static double month_cost(const tr_program *g, double people, int32_t m, int32_t first, int32_t last) {
    if (m < first || m > last || g->cost.kind != TR_V_NUMBER || g->enabled.mid == 0) return 0;
    double cost = g->cost.mid;
    switch ((tr_spending)g->spending) {
    case TR_SPEND_ONCE: return m == first ? cost : 0;
    case TR_SPEND_MONTHLY: return cost;
    case TR_SPEND_PER_PERSON: return m == first ? cost * people : 0;
    case TR_SPEND_PER_PERSON_MONTHLY: return cost * people;
    case TR_SPEND_PER_HOUR:
        /* hours per person per month (recurring), or hours per person once */
        if (tr_dim_eq(g->hours.dim, tr_dim_make(0, 0, -1))) return cost * g->hours.mid * people;
        return m == first ? cost * g->hours.mid * people : 0;
    }
    return 0;
}

typedef struct budget_year {
    double spent;   /* in the plan's currency, rounded to cents per booking */
} budget_year;

static double round_cents(double x) { return nearbyint(x * 100) / 100; }

static void report_budget(tr_resolver *r, uint32_t b, int year, double spent, double amount, bool yearly) {
    const tr_plan *p = r->plan;
    const tr_budget *bu = &p->budgets[b];
    tr_buf s = {0}, a = {0}, progs = {0};
    tr_units_format_amount(spent, &s);
    tr_units_format_amount(amount, &a);
    int y0, m0, d0;
    tr_date_civil(tr_date_add_months(p->start_days, (year - 1) * 12), &y0, &m0, &d0);
    const tr_node *at = bu->amount.node ? bu->amount.node : bu->e.node;
    tr_diag *d = tr_diag_add(r->diags, "E501", bu->e.src, at->begin, at->end,
                             "budget '%s' is exceeded in plan year %d (from %04d-%02d): programs spend %s %s against %s %s%s",
                             bu->e.name, year, y0, m0, s.data, p->currency, a.data, p->currency, yearly ? " per year" : " in total");
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        if (g->budget.kind != TR_V_REF) continue;
        uint32_t x = g->budget.index;
        for (uint32_t guard = 0; x != b && guard < p->nbudgets && p->budgets[x].parent.kind == TR_V_REF; guard++) x = p->budgets[x].parent.index;
        if (x != b) continue;
        if (progs.len) tr_buf_puts(&progs, ", ");
        tr_buf_puts(&progs, g->e.name);
        if (progs.len > 200) { tr_buf_puts(&progs, ", ..."); break; }
    }
    tr_diag_help(d, "spent by %s (at the starting headcounts); raise the amount or cut the programs", progs.len ? progs.data : "no program");
    tr_buf_free(&s), tr_buf_free(&a), tr_buf_free(&progs);
}

bool tr_structure_uses_requires(const tr_plan *p) {
    for (uint32_t i = 0; i < p->nmilestones; i++)
        if (p->milestones[i].requires.kind == TR_V_LIST && p->milestones[i].requires.count) return true;
    return false;
}

/* The months (0-based) each program runs in, first[i] > last[i] for never. Dates and
 * `after` settle them, unless a milestone `requires` a program: it is then reached when
 * that program delivers, which only the simulation's schedule works out (by lowering the
 * plan; a plan with no `requires` is spared that, the two agreeing there). */
static void program_months(const tr_plan *p, bool requires, int32_t *first, int32_t *last) {
    tr_model_schedule s;
    if (requires && tr_lower_schedule(p, &s) == 0) {
        for (uint32_t i = 0; i < p->nprograms; i++) first[i] = s.first[i] ? s.first[i] - 1 : 1, last[i] = s.first[i] ? s.last[i] - 1 : 0;
        tr_model_schedule_free(&s);
        return;
    }
    for (uint32_t i = 0; i < p->nprograms; i++) {
        first[i] = program_first_month(p, &p->programs[i]);
        last[i] = program_last_month(p, &p->programs[i], first[i]);
    }
}

void tr_structure_budgets(tr_resolver *r, bool requires, const int32_t *first_of, const int32_t *last_of) {
    const tr_plan *p = r->plan;
    int years = (p->horizon_months + 11) / 12;
    if (p->nbudgets == 0 || years <= 0) return;
    double *spent = calloc((size_t)p->nbudgets * (size_t)years, sizeof *spent);
    int32_t *firsts = malloc((p->nprograms + 1) * sizeof *firsts), *lasts = malloc((p->nprograms + 1) * sizeof *lasts);
    if (!spent || !firsts || !lasts) abort();
    if (first_of) memcpy(firsts, first_of, p->nprograms * sizeof *firsts), memcpy(lasts, last_of, p->nprograms * sizeof *lasts);
    else program_months(p, requires, firsts, lasts);
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        if (g->budget.kind != TR_V_REF) continue;
        int32_t first = firsts[i], last = lasts[i];
        double people = participants(p, g);   /* once, not once a month */
        for (int32_t m = first; m <= last; m++) {
            double c = round_cents(month_cost(g, people, m, first, last));
            if (c == 0) continue;
            /* the booking counts toward the budget and each of its ancestors */
            uint32_t b = g->budget.index;
            for (uint32_t guard = 0; guard <= p->nbudgets; guard++) {
                spent[(size_t)b * (size_t)years + (size_t)(m / 12)] += c;
                if (p->budgets[b].parent.kind != TR_V_REF) break;
                b = p->budgets[b].parent.index;
            }
        }
    }
    for (uint32_t b = 0; b < p->nbudgets; b++) {
        const tr_value *amt = &p->budgets[b].amount;
        if (amt->kind != TR_V_NUMBER) continue;
        bool yearly = amt->dim.time == -1;
        double limit = yearly ? round_cents(amt->mid * 12) : round_cents(amt->mid), total = 0;
        for (int y = 0; y < years; y++) {
            double s = spent[(size_t)b * (size_t)years + (size_t)y];
            total += s;
            double compare = yearly ? s : total;
            /* money is compared in whole cents (exact: amounts stay below 1e12, E412) */
            if (nearbyint(compare * 100) > nearbyint(limit * 100)) {
                report_budget(r, b, y + 1, compare, limit, yearly);
                break;
            }
        }
    }
    free(spent), free(firsts), free(lasts);
}
