/* check_scenario.c — a scenario's overrides, checked like the attributes they replace, and
 * each scenario as a whole plan: its overrides written into the plan for the passes they
 * can change, what those find reported at the override that made it. */
#include "check_parts.h"

#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "structure.h"

typedef tr_resolver ck;

static const tr_source *src_of(const ck *c) { return c->file->src; }

/* ---- scenarios: `PATH VALUE`, checked like the original (runtime/scenario.h has the paths) -- */

static bool same_target(const tr_override *a, const tr_override *b) {
    return a->kind == b->kind && a->index == b->index && a->part == b->part && a->key == b->key && a->offset == b->offset;
}

/* Where a path's last part ends. */
static uint32_t path_end(const tr_node *path) {
    while (path->next) path = path->next;
    return path->end;
}

static void scenario_override(ck *c, const tr_node *m, tr_override *out, uint32_t *n) {
    tr_path_target t;
    const tr_node *p = m->u.attr.path;
    if (!tr_scenario_resolve(c, p, false, &t)) return;
    for (uint32_t i = 0; i < *n; i++)
        if (same_target(&out[i], &t.o)) {
            tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), p->begin, path_end(p), "the scenario overrides this twice");
            tr_diag_note(d, src_of(c), out[i].path->begin, path_end(out[i].path), "first overridden here");
            tr_diag_help(d, "keep one override: the second would silently replace the first");
            return;
        }
    tr_value v = tr_check_attr_value(c, &t.spec, m, t.block);
    if (v.kind == TR_V_NONE) return;
    t.o.value = v;
    out[(*n)++] = t.o;
}

/* A scenario's own attribute given before in the block (or its title, quoted after the name):
 * E210. Otherwise it is remembered in seen[]. */
static bool repeated(ck *c, const tr_node *block, const tr_attr_spec *s, const tr_node *path, const tr_attr_spec **seen,
                     const tr_node **seen_at, size_t *nseen) {
    const tr_node *quoted = block->u.block.title;
    if (quoted && strcmp(s->name, "title") == 0) {
        tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), path->begin, path->end, "'title' is given twice");
        tr_diag_note(d, src_of(c), quoted->begin, quoted->end, "first given here, quoted after the name");
        tr_diag_help(d, "keep one: the quoted title or the `title` attribute");
        return true;
    }
    for (size_t i = 0; i < *nseen; i++)
        if (seen[i] == s) {
            tr_check_given_twice(c, s, s->name, path, src_of(c), seen_at[i]);
            return true;
        }
    if (*nseen < 8) seen[*nseen] = s, seen_at[(*nseen)++] = path;
    return false;
}

void tr_check_scenario(ck *c, uint32_t i) {
    tr_scenario *sc = &c->plan->scenarios[i];
    c->file = c->entity_file[TR_E_SCENARIO][i];
    const tr_node *nm = tr_block_name(sc->e.node);
    if (strcmp(sc->e.name, "baseline") == 0) {   /* compare and :run read it as the plan as written */
        tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), nm->begin, nm->end, "'baseline' is the plan as written; a scenario cannot take that name");
        tr_diag_help(d, "call it something else, such as current or as_planned");
    }
    uint32_t n = 0;
    for (const tr_node *m = sc->e.node->u.block.members; m; m = m->next) n += m->kind == TR_N_ATTR;
    sc->overrides = tr_arena_alloc(c->arena, (n ? n : 1) * sizeof *sc->overrides);
    if (!sc->overrides) abort();
    const tr_attr_spec *seen[8];   /* its own attributes (extends, title, owner...): once each */
    const tr_node *seen_at[8];
    size_t nseen = 0;
    for (const tr_node *m = sc->e.node->u.block.members; m; m = m->next) {
        if (m->kind == TR_N_BLOCK) { tr_check_unknown_block(c, m->u.block.kind, false, "scenario"); continue; }
        if (m->kind != TR_N_ATTR) continue;
        const tr_node *path = m->u.attr.path;
        if (!path->next) {
            const tr_attr_spec *s = tr_schema_index_attr(c->schema, "scenario", path->u.str.s, path->u.str.len);
            if (!s) { tr_check_unknown_attr(c, "scenario", path); continue; }
            if (repeated(c, sc->e.node, s, path, seen, seen_at, &nseen)) continue;
            if (strcmp(s->name, "title") == 0) continue;
            tr_check_note_lint_list(c, s, m, sc->e.node, "scenario");
            tr_value v = tr_check_attr_value(c, s, m, "scenario");
            if (s->offset != (size_t)-1) tr_check_store_value(c, s, sc, &sc->e, &v);
            continue;
        }
        scenario_override(c, m, sc->overrides, &sc->noverrides);
    }
}

/* ---- scenarios as whole plans: each one's overrides written into the plan (and taken out
 * again), which then goes through the passes that look at the plan as a whole and that the
 * overrides can change (cost dimensions, goal targets, cycles, dates, milestone order,
 * the bound on bookings, budgets). What they find is reported at the override that made it. */

/* The attributes whose overrides can make each whole-plan error. */
static const struct { const char *code, *attrs; } culprit_attrs[] = {
    {"E304", " cost "}, {"E302", " target "}, {"E405", " reports_to "}, {"E406", " after "},
    {"E408", " parent "}, {"E409", " due after "}, {"E414", " start end "}, {"E404", " start end due by "},
    /* what the bound on bookings reads (runtime/structure.c); it counts everyone in a
     * program's roles already, so `participants` cannot raise it */
    {"E412", " headcount growth cost hours for duration start end after "},
    {"E501", " amount parent start end cost hours participants for enabled budget after duration due requires headcount "},
};

/* The scenarios whose overrides scenario s applies, the furthest first; 0 after a cycle. */
static size_t scenario_chain(const tr_plan *p, uint32_t s, uint32_t *chain, size_t max) {
    size_t n = 0;
    for (uint32_t at = s; n < max;) {
        for (size_t j = 0; j < n; j++)
            if (chain[j] == at) return 0;
        chain[n++] = at;
        const tr_value *x = &p->scenarios[at].extends;
        if (x->kind != TR_V_REF) break;
        at = x->index;
    }
    for (size_t i = 0; i < n / 2; i++) {
        uint32_t t = chain[i];
        chain[i] = chain[n - 1 - i], chain[n - 1 - i] = t;
    }
    return n;
}

static bool at_override(const tr_diag *d, const tr_override *o) {
    const tr_node *v = o->value.node;
    return d->src == o->value.src && o->path && v && d->begin >= o->path->begin && d->begin <= v->end;
}

/* Is `word` one of the space-separated words of `list`? */
static bool listed(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *at = strstr(list, word); at; at = strstr(at + 1, word))
        if (at > list && at[-1] == ' ' && at[n] == ' ') return true;
    return false;
}

/* The attributes whose overrides can make error `code` ("" for none). */
static const char *attrs_making(const char *code) {
    for (size_t i = 0; i < sizeof culprit_attrs / sizeof culprit_attrs[0]; i++)
        if (strcmp(culprit_attrs[i].code, code) == 0) return culprit_attrs[i].attrs;
    return "";
}

/* The override to blame for d: the first applied that could have made it. */
static const tr_override *culprit(const tr_plan *p, const uint32_t *chain, size_t n, const tr_diag *d) {
    const char *attrs = attrs_making(d->code);
    const tr_override *first = NULL;
    for (size_t k = 0; k < n; k++)
        for (uint32_t i = 0; i < p->scenarios[chain[k]].noverrides; i++) {
            const tr_override *o = &p->scenarios[chain[k]].overrides[i];
            if (o->part == TR_PART_NONE && listed(attrs, o->attr)) return o;
            if (!first) first = o;
        }
    return first;
}

static bool same_find(const tr_diag *e, const tr_diag *d) {
    return e->src == d->src && e->begin == d->begin && strcmp(e->code, d->code) == 0;
}

/* A find the plan has without the scenario (same code, same place in the plan's text) is
 * the plan's error, reported once, not again "with scenario" at an unrelated override. */
static bool not_in_plan(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    (void)ds, (void)from, (void)kept;
    const tr_diags *plan = ctx;
    for (size_t i = 0; i < plan->n; i++)
        if (same_find(plan->items[i], d)) return false;
    return true;
}

/* Once each among the finds, once they are placed at their overrides. */
static bool not_reported(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    if (!not_in_plan(ds, from, kept, d, ctx)) return false;
    for (size_t i = from; i < kept; i++) {
        if (same_find(ds->items[i], d)) return false;
    }
    return true;
}

/* Put what the scenario's passes found at an override (when it was found in the plan's
 * text, it is an override that made it so), then move it to the plan's list. */
static void report_scenario_finds(ck *c, uint32_t s, const uint32_t *chain, size_t n, tr_diags *found) {
    const tr_plan *p = c->plan;
    tr_diags_filter(found, 0, not_in_plan, c->diags);
    for (size_t i = 0; i < found->n; i++) {
        tr_diag *d = found->items[i];
        bool inside = false;
        for (size_t k = 0; k < n && !inside; k++)
            for (uint32_t j = 0; j < p->scenarios[chain[k]].noverrides && !inside; j++) inside = at_override(d, &p->scenarios[chain[k]].overrides[j]);
        const tr_override *o = inside ? NULL : culprit(p, chain, n, d);
        if (!o) continue;
        tr_diag_note(d, d->src, d->begin, d->end, "where it shows in the plan");
        const tr_node *v = o->value.node;
        d->src = o->value.src, d->begin = o->path->begin, d->end = v ? v->end : path_end(o->path);
        tr_buf m = {0};
        tr_buf_printf(&m, "with scenario '%s', %s", p->scenarios[s].e.name, d->message);
        free(d->message);
        d->message = tr_buf_take(&m);
    }
    tr_diags_filter(found, 0, not_reported, c->diags);
    tr_diags_move(c->diags, found);
}

/* The whole-plan passes an override can change, run on the plan with the overrides in it:
 * the cost and target of what is overridden, the structure when a reference or a date is,
 * the bound on bookings when a headcount, growth or cost is, the budgets (over the budget trees the overrides reach) when spending may have moved. */
/* The bound on bookings for the roles and programs the overrides change (only theirs). */
static void scenario_bookings(ck *sub, const uint32_t *chain, size_t n, const tr_budget_trees *trees, tr_bookings *bookings) {
    const tr_plan *p = sub->plan;
    size_t total = 0, nroles = 0, nprograms = 0;
    for (size_t k = 0; k < n; k++) total += p->scenarios[chain[k]].noverrides;
    uint32_t *roles = malloc((total + 1) * sizeof *roles), *programs = malloc((total + 1) * sizeof *programs);
    if (!roles || !programs) abort();
    for (size_t k = 0; k < n; k++)
        for (uint32_t i = 0; i < p->scenarios[chain[k]].noverrides; i++) {
            const tr_override *o = &p->scenarios[chain[k]].overrides[i];
            if (o->part != TR_PART_NONE || !listed(attrs_making("E412"), o->attr)) continue;
            if (o->kind == TR_E_ROLE) roles[nroles++] = o->index;
            else if (o->kind == TR_E_PROGRAM) programs[nprograms++] = o->index;
        }
    tr_structure_bookings_changed(sub, bookings, roles, nroles, programs, nprograms, trees->rfirst, trees->by_role);
    free(roles), free(programs);
}

static void scenario_passes(ck *sub, const uint32_t *chain, size_t n, const tr_scenario_patch *pt, tr_budget_trees *trees_of,
                            tr_bookings *bookings) {
    tr_plan *p = sub->plan;
    bool structure = false, rebook = false, budgets = false, requires = bookings->requires, moved = false;
    for (size_t k = 0; k < n; k++)
        for (uint32_t i = 0; i < p->scenarios[chain[k]].noverrides; i++) {
            const tr_override *o = &p->scenarios[chain[k]].overrides[i];
            if (o->kind >= TR_E_COUNT || o->part != TR_PART_NONE) continue;
            if (o->kind == TR_E_PROGRAM && listed(" cost hours ", o->attr)) {
                sub->file = sub->entity_file[TR_E_PROGRAM][o->index];
                tr_check_cost(sub, &p->programs[o->index]);
            }
            if (o->kind == TR_E_GOAL && strcmp(o->attr, "target") == 0) tr_check_goal_target(sub, o->index);
            structure = structure || listed(" reports_to after parent start end due by ", o->attr);
            rebook = rebook || ((o->kind == TR_E_ROLE || o->kind == TR_E_PROGRAM) && listed(attrs_making("E412"), o->attr));
            budgets = budgets || listed(attrs_making("E501"), o->attr);
            requires = requires || (o->kind == TR_E_MILESTONE && strcmp(o->attr, "requires") == 0);
            moved = moved || listed(" start end after duration enabled requires due cost ", o->attr);
        }
    if (structure) tr_structure_check(sub);   /* the bookings' bound with the rest */
    else if (rebook) scenario_bookings(sub, chain, n, trees_of, bookings);
    if (!budgets || tr_diags_count(sub->diags, TR_SEV_ERROR)) return;
    /* with `requires`, a program's start may hang on a program in another tree: when the
     * overrides may move when programs run, the whole plan, its schedule worked out again
     * (the plan is lowered); else the trees they reach, in the months of the plan as written */
    for (size_t k = 0; k < n && !moved; k++)
        for (uint32_t i = 0; i < p->scenarios[chain[k]].noverrides; i++) moved = moved || p->scenarios[chain[k]].overrides[i].part == TR_PART_PHASE;
    if (requires && (moved || !bookings->first)) { tr_structure_budgets(sub, true, NULL, NULL); return; }
    tr_plan trees;   /* only the budget trees the overrides reach */
    tr_scenario_budget_plan(pt, trees_of, &trees);
    ck on_trees = *sub;
    on_trees.plan = &trees;
    int32_t *first = NULL, *last = NULL;   /* with `requires`: the months of the plan as written */
    if (requires) {
        first = malloc((trees.nprograms + 1) * sizeof *first), last = malloc((trees.nprograms + 1) * sizeof *last);
        if (!first || !last) abort();
        for (uint32_t j = 0; j < trees.nprograms; j++) first[j] = bookings->first[trees_of->orig[j]], last[j] = bookings->last[trees_of->orig[j]];
    }
    tr_structure_budgets(&on_trees, false, first, last);
    free(first), free(last);
    free(trees.budgets);
    free(trees.programs);
}

void tr_check_scenario_plan(ck *c, uint32_t s, tr_budget_trees *trees, tr_bookings *bookings) {
    uint32_t chain[64];
    size_t n = scenario_chain(c->plan, s, chain, 64), overrides = 0;
    for (size_t k = 0; k < n; k++) overrides += c->plan->scenarios[chain[k]].noverrides;
    if (!overrides) return;
    if (!trees->root) tr_budget_trees_build(trees, c->plan);   /* of the plan as written: before any patch */
    if (!bookings->built) tr_bookings_build(bookings, c->plan);
    tr_scenario_patch pt;
    tr_diags found = {0};
    if (tr_scenario_patch_apply(&pt, c->plan, (int)s) == 0) {
        ck sub = *c;
        sub.diags = &found;
        scenario_passes(&sub, chain, n, &pt, trees, bookings);
    }
    tr_scenario_patch_undo(&pt);
    report_scenario_finds(c, s, chain, n, &found);
    tr_diags_free(&found);
}

