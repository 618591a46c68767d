/* movable.c — which metric calls the programs of a plan can move, by MODEL.md's equations
 * (docs/lints.md, goal-without-measure, has the same rules as a table): what the
 * goal-without-measure lint (W106) asks of every goal. */
#include "movable.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A set of 64-bit keys (role and skill pairs), open addressing; 0 is never a key. */
typedef struct keyset { uint64_t *slot; size_t mask; } keyset;

static void keyset_init(keyset *s, size_t n) {
    size_t cap = 16;
    while (cap < 2 * n + 16) cap *= 2;
    s->slot = calloc(cap, sizeof *s->slot);
    if (!s->slot) abort();
    s->mask = cap - 1;
}

static size_t keyset_find(const keyset *s, uint64_t key) {
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & s->mask;
    while (s->slot[h] && s->slot[h] != key) h = (h + 1) & s->mask;
    return h;
}

static void keyset_add(keyset *s, uint64_t key) { s->slot[keyset_find(s, key)] = key; }
static bool keyset_has(const keyset *s, uint64_t key) { return s->slot[keyset_find(s, key)] == key; }
static uint64_t pair_key(uint32_t role, uint32_t skill) { return ((uint64_t)role << 32 | skill) + 1; }

/* What the programs can move, gathered once, following MODEL.md: a program changes the
 * knowledge and applied skill of its roles (3.2, 3.3), which promotions carry into the
 * roles they lead to (2.2); enrolment changes the quit hazard of a role and of the roles
 * next to it (2.1), which changes retention, and headcount where hires do not make up for
 * leavers (2.3). A value that a scenario sets counts as well as the plan's, as disabled
 * programs do: a scenario may be the run that meets the goal. */
struct tr_movable {
    const tr_plan *p;
    keyset gains;            /* (role, skill) whose K and B a program moves */
    bool *developed;         /* role: some skill of it moves */
    bool *enrolled;          /* role: in some program's `for` */
    bool *near;              /* role: it, or a role next to it in the hierarchy, is in a program */
    bool *inflow;            /* role: some role is promoted into it */
    bool *leaves;            /* role: it has attrition (in the plan or a scenario) */
    bool *salaried;          /* role: it has a salary */
    bool *hazard;            /* role: programs change its quit hazard */
    bool *unpinned;          /* role: hires do not hold it at its target (hiring none, or promotions in) */
    bool *headcount;         /* role: programs change its headcount */
    bool *funded;            /* budget: some program books to it or below it */
    bool any, value, aligned;
};

typedef struct tr_movable movers;

/* Role attributes and model parameters as the plan and its scenarios set them. */
typedef struct role_facts {
    bool *leaves, *no_hiring, *salaried;
    bool retention_cut, misalignment;   /* development_retention, misalignment_attrition > 0 */
} role_facts;

static bool positive(const tr_value *v) { return v->kind == TR_V_NUMBER && v->hi > 0; }

static void role_facts_read(const tr_plan *p, role_facts *f, movers *mv) {
    f->leaves = mv->leaves, f->salaried = mv->salaried;
    f->no_hiring = calloc(p->nroles + 1, 1);
    if (!f->no_hiring) abort();
    for (uint32_t r = 0; r < p->nroles; r++) {
        const tr_role *ro = &p->roles[r];
        f->leaves[r] = positive(&ro->attrition);
        f->salaried[r] = positive(&ro->salary);
        f->no_hiring[r] = ro->hiring.kind == TR_V_WORD && ro->hiring.index == 1;
    }
    f->retention_cut = positive(&p->model.development_retention);
    f->misalignment = positive(&p->model.misalignment_attrition);
    for (uint32_t i = 0; i < p->nscenarios; i++)
        for (uint32_t j = 0; j < p->scenarios[i].noverrides; j++) {
            const tr_override *o = &p->scenarios[i].overrides[j];
            bool role = o->kind == TR_E_ROLE && o->index < p->nroles, model = o->kind == TR_E_COUNT;
            if (role && strcmp(o->attr, "attrition") == 0 && positive(&o->value)) f->leaves[o->index] = true;
            if (role && strcmp(o->attr, "salary") == 0 && positive(&o->value)) f->salaried[o->index] = true;
            if (role && strcmp(o->attr, "hiring") == 0 && o->value.kind == TR_V_WORD && o->value.index == 1) f->no_hiring[o->index] = true;
            if (model && strcmp(o->attr, "development_retention") == 0 && positive(&o->value)) f->retention_cut = true;
            if (model && strcmp(o->attr, "misalignment_attrition") == 0 && positive(&o->value)) f->misalignment = true;
        }
}

/* Promotion edges as a list per role: where its people are promoted to. */
typedef struct promotions { uint32_t *first, *next, *to; } promotions;

static void edges_read(const tr_plan *p, promotions *e) {
    size_t n = 0;
    for (uint32_t r = 0; r < p->nroles; r++) n += p->roles[r].npromotions;
    e->first = malloc((p->nroles + 1) * sizeof *e->first);
    e->next = malloc((n + 1) * sizeof *e->next), e->to = malloc((n + 1) * sizeof *e->to);
    if (!e->first || !e->next || !e->to) abort();
    size_t k = 0;
    for (uint32_t r = 0; r < p->nroles; r++) {
        e->first[r] = UINT32_MAX;
        for (uint32_t j = 0; j < p->roles[r].npromotions; j++) {
            const tr_value *into = &p->roles[r].promotions[j].into;
            if (into->kind != TR_V_REF || into->index >= p->nroles) continue;
            e->to[k] = into->index, e->next[k] = e->first[r], e->first[r] = (uint32_t)k++;
        }
    }
}

static void edges_free(promotions *e) { free(e->first), free(e->next), free(e->to); }

/* The (role, skill) pairs programs gain, carried along promotions: a worklist, each pair
 * entered once. */
static void spread_gains(const tr_plan *p, movers *mv, const promotions *e) {
    size_t cap = 64, top = 0;
    uint64_t *stack = malloc(cap * sizeof *stack);
    if (!stack) abort();
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        for (uint32_t j = 0; g->roles.kind == TR_V_LIST && j < g->roles.count; j++)
            for (uint32_t k = 0; k < g->ngains; k++) {
                uint64_t key = pair_key(g->roles.items[j].index, g->gains[k].skill);
                if (keyset_has(&mv->gains, key)) continue;
                keyset_add(&mv->gains, key);
                if (top == cap && !(stack = realloc(stack, (cap *= 2) * sizeof *stack))) abort();
                stack[top++] = key;
            }
    }
    while (top) {
        uint64_t key = stack[--top] - 1;
        uint32_t r = (uint32_t)(key >> 32), skill = (uint32_t)key;
        mv->developed[r] = true;
        for (uint32_t x = e->first[r]; x != UINT32_MAX; x = e->next[x]) {
            uint64_t to = pair_key(e->to[x], skill);
            if (keyset_has(&mv->gains, to)) continue;
            keyset_add(&mv->gains, to);
            if (top == cap && !(stack = realloc(stack, (cap *= 2) * sizeof *stack))) abort();
            stack[top++] = to;
        }
    }
    free(stack);
}

/* Headcount moves where hires do not hold it at its target (hiring none, or promotions in
 * that may lift it above) and its leavers change, or people promoted in from a role whose
 * headcount moves. */
static void spread_headcount(const tr_plan *p, movers *mv, const promotions *e, const bool *no_hiring) {
    uint32_t *stack = malloc((p->nroles + 1) * sizeof *stack), top = 0;
    if (!stack) abort();
    for (uint32_t r = 0; r < p->nroles; r++) {
        mv->unpinned[r] = no_hiring[r] || mv->inflow[r];
        if (mv->unpinned[r] && mv->hazard[r]) mv->headcount[r] = true, stack[top++] = r;
    }
    while (top) {
        uint32_t r = stack[--top];
        for (uint32_t x = e->first[r]; x != UINT32_MAX; x = e->next[x])
            if (!mv->headcount[e->to[x]]) mv->headcount[e->to[x]] = true, stack[top++] = e->to[x];
    }
    free(stack);
}

static void movers_init(movers *mv, const tr_plan *p) {
    mv->p = p;
    size_t pairs = 0;
    for (uint32_t i = 0; i < p->nprograms; i++)
        if (p->programs[i].roles.kind == TR_V_LIST) pairs += (size_t)p->programs[i].roles.count * p->programs[i].ngains;
    keyset_init(&mv->gains, pairs * 2);
    bool **flags[] = {&mv->developed, &mv->enrolled, &mv->near, &mv->inflow, &mv->leaves, &mv->salaried, &mv->hazard, &mv->unpinned, &mv->headcount};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (!(*flags[i] = calloc(p->nroles + 1, 1))) abort();
    if (!(mv->funded = calloc(p->nbudgets + 1, 1))) abort();
    mv->any = p->nprograms > 0, mv->value = mv->aligned = false;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_program *g = &p->programs[i];
        for (uint32_t j = 0; g->roles.kind == TR_V_LIST && j < g->roles.count; j++) mv->enrolled[g->roles.items[j].index] = true;
        /* up the budget tree, stopping where an earlier program already went */
        for (uint32_t b = g->budget.kind == TR_V_REF ? g->budget.index : UINT32_MAX; b != UINT32_MAX && !mv->funded[b];) {
            mv->funded[b] = true;
            b = p->budgets[b].parent.kind == TR_V_REF ? p->budgets[b].parent.index : UINT32_MAX;
        }
    }
    promotions e;
    edges_read(p, &e);
    for (uint32_t r = 0; r < p->nroles; r++)
        for (uint32_t x = e.first[r]; x != UINT32_MAX; x = e.next[x]) mv->inflow[e.to[x]] = true;
    spread_gains(p, mv, &e);
    role_facts f;
    role_facts_read(p, &f, mv);
    /* the quit hazard: development of the role itself, misalignment with its neighbours */
    bool *next_to = calloc(p->nroles + 1, 1), *has_neighbour = calloc(p->nroles + 1, 1);
    if (!next_to || !has_neighbour) abort();
    for (uint32_t r = 0; r < p->nroles; r++) {
        if (p->roles[r].reports_to.kind != TR_V_REF) continue;
        uint32_t s = p->roles[r].reports_to.index;
        has_neighbour[r] = has_neighbour[s] = true;
        next_to[r] = next_to[r] || mv->enrolled[s], next_to[s] = next_to[s] || mv->enrolled[r];
        mv->aligned = mv->aligned || mv->enrolled[r] || mv->enrolled[s];
    }
    for (uint32_t r = 0; r < p->nroles; r++) {
        mv->near[r] = mv->enrolled[r] || next_to[r];
        bool by_development = f.retention_cut && mv->enrolled[r];
        bool by_misalignment = f.misalignment && has_neighbour[r] && mv->near[r];
        mv->hazard[r] = mv->leaves[r] && (by_development || by_misalignment);
    }
    spread_headcount(p, mv, &e, f.no_hiring);
    /* benefit(): value of output gained, and turnover cost avoided, of roles with a salary */
    bool credited = positive(&p->model.attribution);
    for (uint32_t r = 0; r < p->nroles && credited && !mv->value; r++) {
        bool output = mv->developed[r] && positive(&p->model.output_value);
        bool turnover = (mv->hazard[r] || mv->headcount[r]) && positive(&p->roles[r].turnover_cost);
        mv->value = mv->salaried[r] && (output || turnover);
    }
    free(next_to), free(has_neighbour), free(f.no_hiring);
    edges_free(&e);
}

static void movers_free(movers *mv) {
    free(mv->gains.slot), free(mv->funded);
    bool *flags[] = {mv->developed, mv->enrolled, mv->near, mv->inflow, mv->leaves, mv->salaried, mv->hazard, mv->unpinned, mv->headcount};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) free(flags[i]);
}

/* Why the quit hazard of a role does not move. */
static void why_hazard(const tr_plan *p, const movers *mv, uint32_t a, tr_buf *why) {
    const char *role = p->roles[a].e.name;
    if (!mv->near[a]) tr_buf_printf(why, "no program is for role '%s' or a role next to it", role);
    else if (!mv->leaves[a]) tr_buf_printf(why, "role '%s' has no attrition: nobody leaves it for programs to keep", role);
    else tr_buf_puts(why, "the model's development_retention and misalignment_attrition are 0%");
}

/* Why not, for the first call that does not move: the reason the message gives. */
static bool call_reason(const tr_plan *p, const movers *mv, const tr_metric *m, tr_buf *why) {
    uint32_t a = m->arg[0], b = m->arg[1];
    bool is_role = m->nargs > 0 && m->arg_kind[0] == TR_E_ROLE && a < p->nroles;
    const char *role = is_role ? p->roles[a].e.name : "?";
    const char *or_in = is_role && mv->inflow[a] ? ", or for a role promoted into it," : "";
    switch (m->fn) {
    case TR_FN_KNOWLEDGE: case TR_FN_BEHAVIOR:
        if (m->nargs == 2 && b < p->nskills && keyset_has(&mv->gains, pair_key(a, b))) return true;
        tr_buf_printf(why, "no program for role '%s'%s gains skill '%s'", role, or_in, b < p->nskills ? p->skills[b].e.name : "?");
        return false;
    case TR_FN_PRODUCTIVITY:
        if (is_role && mv->developed[a]) return true;
        tr_buf_printf(why, "no program for role '%s'%s gains a skill", role, or_in);
        return false;
    case TR_FN_RETENTION: case TR_FN_ATTRITION:
        if (is_role && mv->hazard[a]) return true;
        if (is_role) why_hazard(p, mv, a, why);
        return false;
    case TR_FN_HEADCOUNT:
        if (is_role && mv->headcount[a]) return true;
        if (!is_role) return false;
        if (mv->hazard[a] && !mv->unpinned[a])
            tr_buf_printf(why, "role '%s' hires to replace its leavers (hiring replace), so its headcount stays at its target", role);
        else if (!mv->hazard[a]) why_hazard(p, mv, a, why);
        else tr_buf_printf(why, "nothing that a program changes reaches the headcount of role '%s'", role);
        return false;
    case TR_FN_SPEND:
        if (m->arg_kind[0] != TR_E_BUDGET || (a < p->nbudgets && mv->funded[a])) return true;
        tr_buf_printf(why, "no program books to budget '%s'", a < p->nbudgets ? p->budgets[a].e.name : "?");
        return false;
    case TR_FN_COST: case TR_FN_PARTICIPATION:
        return true;
    case TR_FN_BENEFIT:
        if (mv->value) return true;
        tr_buf_puts(why, "no program gains a skill for, or keeps people in, a role with a salary");
        return false;
    case TR_FN_ALIGNMENT:
        if (mv->aligned) return true;
        tr_buf_puts(why, "no program is for a role of a reports_to pair");
        return false;
    default:
        if (mv->any) return true;
        tr_buf_puts(why, "the plan has no program");
        return false;
    }
}

/* Whether some program moves this call; `why` keeps the reason of the first call that does
 * not (the others' go to a scratch buffer, so that reasons are not run together). */
static bool call_moves(const tr_plan *p, const movers *mv, const tr_metric *m, tr_buf *why) {
    tr_buf ignored = {0};
    bool moves = call_reason(p, mv, m, why->len ? &ignored : why);
    tr_buf_free(&ignored);
    return moves;
}

/* Does any call in the metric move? `why` gets the reason for the first that does not. */
static bool metric_moves(const tr_plan *p, const movers *mv, const tr_metric *m, tr_buf *why, int depth) {
    if (!m || depth > 64) return false;
    if (m->kind == TR_M_CALL && call_moves(p, mv, m, why)) return true;
    if (m->kind == TR_M_MEASURE && m->arg[0] < p->nmeasures && metric_moves(p, mv, p->measures[m->arg[0]].value, why, depth + 1))
        return true;
    const tr_metric *kids[] = {m->a, m->b, m->c};
    for (size_t k = 0; k < 3; k++)
        for (const tr_metric *s = kids[k]; s; s = m->kind == TR_M_BUILTIN ? s->next : NULL)
            if (metric_moves(p, mv, s, why, depth + 1)) return true;
    return false;
}

tr_movable *tr_movable_new(const tr_plan *p) {
    tr_movable *mv = calloc(1, sizeof *mv);
    if (!mv) abort();
    movers_init(mv, p);
    return mv;
}

void tr_movable_free(tr_movable *mv) {
    if (!mv) return;
    movers_free(mv);
    free(mv);
}

bool tr_movable_metric(const tr_movable *mv, const tr_metric *m, tr_buf *why) {
    return metric_moves(mv->p, mv, m, why, 0);
}
