/* scenario.c — override paths (NAME.ATTR and the nested forms of scenario.h) resolved to
 * where their value lives, and the copy-on-write view of a plan under a scenario. */
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_words[TR_E_COUNT] = {"role", "skill", "program", "budget", "milestone", "measure", "goal", "scenario"};
static const char *const phase_names[] = {"pre", "core", "post"};

/* ---- resolving a path ---------------------------------------------------------------------- */

typedef struct walk {
    tr_resolver *r;
    bool reading;
    tr_path_target *t;
    const tr_node *head;      /* the path's first part */
} walk;

static const tr_source *src_of(const walk *w) { return w->r->file->src; }

/* A NAME node as a NUL-terminated word (cut at 63 bytes) for "did you mean". */
static void suggest(tr_diag *d, const tr_node *n, const char *const *names, size_t nn) {
    char w[TR_WORD_MAX];
    const char *best = tr_suggest(tr_node_word(n, w), names, nn);
    if (best && strcmp(best, w) == 0) tr_diag_help(d, "'%s' is written in the block, but is not a value a path can name", w);
    else if (best) tr_diag_help(d, "did you mean '%s'?", best);
}

/* With nothing close to suggest: the kinds of thing that have `attr`, and what the plan
 * declares of each ("a path to 'headcount' starts with a role: the plan's roles: ..."). */
static void help_owners(walk *w, tr_diag *d, const tr_node *attr) {
    tr_buf kinds = {0}, names = {0};
    int found = 0;
    for (int k = 0; k < TR_E_COUNT; k++) {
        if ((k == TR_E_SCENARIO && !w->reading) || !tr_schema_attr(kind_words[k], attr->u.str.s, attr->u.str.len)) continue;
        tr_buf_printf(&kinds, "%s%s", found ? " or a " : "a ", kind_words[k]);
        if (found++) tr_buf_puts(&names, "; ");
        tr_resolver_declared(w->r, (unsigned)k, &names);
    }
    if (found)
        tr_diag_help(d, "a path to '%.*s' starts with %s: %s", (int)attr->u.str.len, attr->u.str.s, kinds.data, names.data);
    else
        tr_diag_help(d, "a path starts with the name of something the plan declares (a role, skill, program, budget, milestone, "
                        "measure or goal), or with model");
    tr_buf_free(&kinds), tr_buf_free(&names);
}

/* The name is nothing the plan declares: suggest across every kind (and `model`). */
static void unknown_name(walk *w, const tr_node *n, const tr_node *attr) {
    tr_resolver *r = w->r;
    tr_diag *d = tr_diag_add(r->diags, "E201", src_of(w), n->begin, n->end, "unknown name '%.*s'", (int)n->u.str.len, n->u.str.s);
    const char *cands[TR_E_COUNT + 1];
    size_t nc = 0;
    for (int k = 0; k < TR_E_COUNT; k++) {
        if (k == TR_E_SCENARIO && !w->reading) continue;
        const char *s = tr_resolver_suggest(r, (unsigned)k, n->u.str.s, n->u.str.len);
        if (s && strncmp(s, "__", 2) != 0) cands[nc++] = s;
    }
    cands[nc++] = "model";
    char buf[TR_WORD_MAX];
    const char *best = tr_suggest(tr_node_word(n, buf), cands, nc);
    if (best) tr_diag_help(d, "did you mean '%s'?", best);
    else if (tr_resolver_find(r, TR_NS_LET, n->u.str.s, n->u.str.len) != UINT32_MAX)
        tr_diag_help(d, "'%.*s' is a constant: %s", (int)n->u.str.len, n->u.str.s,
                     w->reading ? "type its name alone to see its value" : "override the attributes that use it instead");
    else help_owners(w, d, attr);
}

static void unknown_attr(walk *w, const char *block, const char *owner, const tr_node *n) {
    tr_diag *d = tr_diag_add(w->r->diags, "E204", src_of(w), n->begin, n->end, "unknown attribute '%.*s' in %s%s%s",
                             (int)n->u.str.len, n->u.str.s, block, owner ? " " : "", owner ? owner : "");
    const char *names[64];
    suggest(d, n, names, tr_schema_attr_names(block, names, 64));
}

/* The path goes on past its end: `exec_coaching.hours.x`. */
static bool ends_here(walk *w, const tr_node *last) {
    if (!last->next) return true;
    const tr_node *extra = last->next, *end = extra;
    while (end->next) end = end->next;
    tr_diag *d = tr_diag_add(w->r->diags, "E204", src_of(w), extra->begin, end->end, "the path ends at '%.*s': it has no part '%.*s'",
                             (int)last->u.str.len, last->u.str.s, (int)extra->u.str.len, extra->u.str.s);
    tr_diag_help(d, "a path is NAME.attribute, or goes into a block: NAME.gains.SKILL, NAME.phase.post.duration");
    return false;
}

/* The path stops at a block: say what comes next, with an example from the plan. */
static bool needs_more(walk *w, const tr_node *last, const char *fmt, const char *a, const char *b) {
    if (last->next) return true;
    char example[256];
    snprintf(example, sizeof example, fmt, a, b);
    tr_diag *d = tr_diag_add(w->r->diags, w->reading ? "E306" : "E204", src_of(w), w->head->begin, last->end,
                             "'%.*s' is a block, not a value", (int)last->u.str.len, last->u.str.s);
    tr_diag_help(d, "name one of its values, as in %s%s", example, w->reading ? " (:show NAME prints the block)" : "");
    return false;
}

/* The attribute `name` of nested block kind `block`, at the end of the path. */
static bool nested_attr(walk *w, const char *block, const tr_node *name) {
    const tr_attr_spec *s = tr_schema_attr(block, name->u.str.s, name->u.str.len);
    if (!s || s->offset == (size_t)-1 || strcmp(s->block, "*") == 0) {
        unknown_attr(w, block, NULL, name);
        return false;
    }
    if (!ends_here(w, name)) return false;
    w->t->spec = *s;
    w->t->o.attr = s->name;
    w->t->o.offset = s->offset;
    w->t->block = block;
    return true;
}

/* ROLE.baseline.SKILL, PROGRAM.gains.SKILL: a share per skill; a missing skill is added. */
static bool skill_map(walk *w, const tr_node *at, const tr_skill_level *levels, uint32_t n, uint8_t part) {
    const tr_plan *p = w->r->plan;
    const char *owner = tr_plan_entity(p, (tr_entity_kind)w->t->o.kind, w->t->o.index)->name;
    const char *first = n && levels[0].skill < p->nskills ? p->skills[levels[0].skill].e.name : "SKILL";
    if (!needs_more(w, at, part == TR_PART_BASELINE ? "%s.baseline.%s" : "%s.gains.%s", owner, first)) return false;
    const tr_node *sk = at->next;
    uint32_t skill = tr_resolver_ref(w->r, TR_E_SKILL, sk);
    if (skill == UINT32_MAX || !ends_here(w, sk)) return false;
    tr_path_target *t = w->t;
    const char *block = part == TR_PART_BASELINE ? "baseline" : "gains";
    t->o.part = part;
    t->o.key = skill;
    t->o.attr = w->r->plan->skills[skill].e.name;
    t->o.offset = offsetof(tr_skill_level, share);
    t->spec = (tr_attr_spec){block, t->o.attr, TR_T_SHARE, 0, offsetof(tr_skill_level, share), 0, NULL, NULL, NULL};
    t->block = block;
    for (uint32_t i = 0; i < n; i++)
        if (levels[i].skill == skill) t->current = &levels[i].share;
    return true;
}

/* ROLE.promotion.INTO.ATTR, or ROLE.promotion.ATTR when there is one promotion. */
static bool promotion(walk *w, const tr_role *role, const tr_node *at) {
    const tr_plan *p = w->r->plan;
    const char *first = role->npromotions && role->promotions[0].into.kind == TR_V_REF ? p->roles[role->promotions[0].into.index].e.name : "ROLE";
    if (!needs_more(w, at, "%s.promotion.%s.rate", role->e.name, first)) return false;
    const tr_node *next = at->next;
    tr_path_target *t = w->t;
    t->o.part = TR_PART_PROMOTION;
    if (!next->next && tr_schema_attr("promotion", next->u.str.s, next->u.str.len)) {
        if (role->npromotions != 1) {
            tr_diag *d = role->npromotions
                ? tr_diag_add(w->r->diags, "E208", src_of(w), at->begin, next->end, "role '%s' has %u promotions: say which", role->e.name, role->npromotions)
                : tr_diag_add(w->r->diags, "E204", src_of(w), at->begin, next->end, "role '%s' has no promotion to change", role->e.name);
            tr_diag_help(d, "name the role promoted into: %s.promotion.ROLE.%.*s", role->e.name, (int)next->u.str.len, next->u.str.s);
            return false;
        }
        if (role->promotions[0].into.kind != TR_V_REF) return false;
        t->o.key = role->promotions[0].into.index;
        t->current = (const tr_value *)((const char *)&role->promotions[0] + tr_schema_attr("promotion", next->u.str.s, next->u.str.len)->offset);
        return nested_attr(w, "promotion", next);
    }
    uint32_t into = tr_resolver_ref(w->r, TR_E_ROLE, next);
    if (into == UINT32_MAX) return false;
    if (!needs_more(w, next, "%s.promotion.%s.rate", role->e.name, p->roles[into].e.name)) return false;
    t->o.key = into;
    if (!nested_attr(w, "promotion", next->next)) return false;
    for (uint32_t i = 0; i < role->npromotions; i++)
        if (role->promotions[i].into.kind == TR_V_REF && role->promotions[i].into.index == into)
            t->current = (const tr_value *)((const char *)&role->promotions[i] + t->o.offset);
    return true;
}

/* PROGRAM.phase.PHASE.ATTR: pre, core or post; a phase the program lacks is added. */
static bool phase(walk *w, const tr_program *g, const tr_node *at) {
    if (!needs_more(w, at, "%s.phase.post.%s", g->e.name, "duration")) return false;
    const tr_node *nm = at->next;
    int k = -1;
    for (int i = 0; i < 3; i++)
        if (tr_node_is(nm, phase_names[i])) k = i;
    if (k < 0) {
        tr_diag *d = tr_diag_add(w->r->diags, "E309", src_of(w), nm->begin, nm->end, "a phase is pre, core or post, found '%.*s'",
                                 (int)nm->u.str.len, nm->u.str.s);
        char buf[TR_WORD_MAX];
        if (tr_suggest(tr_node_word(nm, buf), phase_names, 3)) suggest(d, nm, phase_names, 3);
        else tr_diag_help(d, "name one of them, as in %s.phase.post.duration", g->e.name);
        return false;
    }
    if (!needs_more(w, nm, "%s.phase.%s.duration", g->e.name, phase_names[k])) return false;
    tr_path_target *t = w->t;
    t->o.part = TR_PART_PHASE;
    t->o.key = (uint32_t)k;
    if (!nested_attr(w, "phase", nm->next)) return false;
    for (uint32_t i = 0; i < g->nphases; i++)
        if (g->phases[i].kind == k) t->current = (const tr_value *)((const char *)&g->phases[i] + t->o.offset);
    return true;
}

/* PROGRAM.product.NAME.ATTR: a product the program declares. */
static bool product(walk *w, const tr_program *g, const tr_node *at) {
    if (!needs_more(w, at, "%s.product.%s.review", g->e.name, g->nproducts && g->products[0].name ? g->products[0].name : "NAME")) return false;
    const tr_node *nm = at->next;
    uint32_t found = UINT32_MAX;
    for (uint32_t i = 0; i < g->nproducts; i++)
        if (g->products[i].name && tr_node_is(nm, g->products[i].name)) found = i;
    if (found == UINT32_MAX) {
        tr_diag *d = tr_diag_add(w->r->diags, "E201", src_of(w), nm->begin, nm->end, "program '%s' has no product '%.*s'", g->e.name,
                                 (int)nm->u.str.len, nm->u.str.s);
        const char *names[64];
        size_t n = 0;
        for (uint32_t i = 0; i < g->nproducts && n < 64; i++) names[n++] = g->products[i].name;
        suggest(d, nm, names, n);
        return false;
    }
    if (!needs_more(w, nm, "%s.product.%s.review", g->e.name, g->products[found].name)) return false;
    tr_path_target *t = w->t;
    t->o.part = TR_PART_PRODUCT;
    t->o.key = found;
    if (!nested_attr(w, "product", nm->next)) return false;
    t->current = (const tr_value *)((const char *)&g->products[found] + t->o.offset);
    return true;
}

/* A block-valued attribute of entity (kind, index): into its entries. */
static bool nested(walk *w, const tr_attr_spec *s, const tr_node *at) {
    const tr_plan *p = w->r->plan;
    const tr_override *o = &w->t->o;
    if (o->kind == TR_E_ROLE) {
        const tr_role *role = &p->roles[o->index];
        if (strcmp(s->name, "baseline") == 0) return skill_map(w, at, role->baseline, role->nbaseline, TR_PART_BASELINE);
        if (strcmp(s->name, "promotion") == 0) return promotion(w, role, at);
    } else if (o->kind == TR_E_PROGRAM) {
        const tr_program *g = &p->programs[o->index];
        if (strcmp(s->name, "gains") == 0) return skill_map(w, at, g->gains, g->ngains, TR_PART_GAINS);
        if (strcmp(s->name, "phase") == 0) return phase(w, g, at);
        if (strcmp(s->name, "product") == 0) return product(w, g, at);
    }
    return needs_more(w, at, "%s.%s", tr_plan_entity(p, (tr_entity_kind)o->kind, o->index)->name, "attribute");
}

/* Attributes a scenario leaves alone: they name and describe, they change nothing. */
static bool not_overridable(walk *w, const tr_attr_spec *s, const tr_node *at) {
    static const char *const fixed[] = {"title", "description", "allow"};
    bool is_fixed = false;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) is_fixed = is_fixed || strcmp(s->name, fixed[i]) == 0;
    if (s->type == TR_T_METRIC) {
        tr_diag *d = tr_diag_add(w->r->diags, w->reading ? "E306" : "E204", src_of(w), w->head->begin, at->end,
                                 "'%s' is an expression the simulation evaluates%s", s->name, w->reading ? ", not a value" : ": it cannot be overridden");
        tr_diag_help(d, "%s", w->reading ? ":show NAME prints it as written" : "declare another measure or goal, or change the plan");
        return true;
    }
    if (!is_fixed || w->reading) return false;
    tr_diag *d = tr_diag_add(w->r->diags, "E204", src_of(w), at->begin, at->end, "'%s' cannot be overridden in a scenario", s->name);
    tr_diag_help(d, "a scenario changes what the plan does; titles, descriptions and allowed lints stay as the plan writes them");
    return true;
}

/* A read of `title`, which the plan keeps as a string rather than a value. */
static bool title_value(walk *w, const tr_entity *e) {
    tr_value *v = TR_NEW(w->r->arena, tr_value);
    if (!v) abort();
    if (e->title) v->kind = TR_V_STRING, v->str = e->title, v->len = (uint32_t)strlen(e->title);
    w->t->current = v;
    return true;
}

static bool model_param(walk *w, const tr_node *attr) {
    const tr_attr_spec *s = tr_schema_attr("model", attr->u.str.s, attr->u.str.len);
    if (!s) { unknown_attr(w, "model", NULL, attr); return false; }
    if (!ends_here(w, attr)) return false;
    tr_path_target *t = w->t;
    t->o.kind = TR_E_COUNT;
    t->o.attr = s->name;
    t->o.offset = s->offset;
    t->spec = *s;
    t->block = "model";
    t->current = (const tr_value *)((const char *)&w->r->plan->model + s->offset);
    return true;
}

/* Which declared thing the path's head names: one that has the attribute, when the name is
 * shared by things of several kinds. */
static bool find_owner(walk *w, const tr_node *who, const tr_node *attr, const tr_attr_spec **spec) {
    int kind = -1, matches = 0;
    uint32_t index = 0;
    *spec = NULL;
    for (int k = 0; k < TR_E_COUNT; k++) {
        uint32_t i = tr_resolver_find(w->r, (unsigned)k, who->u.str.s, who->u.str.len);
        if (i == UINT32_MAX) continue;
        const tr_attr_spec *s = tr_schema_attr(kind_words[k], attr->u.str.s, attr->u.str.len);
        if (s) matches++;
        if (kind < 0 || (s && !*spec)) kind = k, index = i, *spec = s;
    }
    if (kind < 0) { unknown_name(w, who, attr); return false; }
    if (matches > 1) {
        tr_diag *d = tr_diag_add(w->r->diags, "E208", src_of(w), who->begin, who->end, "'%.*s' names more than one thing with '%.*s'",
                                 (int)who->u.str.len, who->u.str.s, (int)attr->u.str.len, attr->u.str.s);
        tr_diag_help(d, "rename one of them so the path is unambiguous");
        return false;
    }
    if (kind == TR_E_SCENARIO && !w->reading) {
        tr_diag *d = tr_diag_add(w->r->diags, "E204", src_of(w), who->begin, attr->end, "a scenario cannot override another scenario's '%.*s'",
                                 (int)attr->u.str.len, attr->u.str.s);
        tr_diag_help(d, "write `extends %.*s` and override the plan's attributes instead", (int)who->u.str.len, who->u.str.s);
        return false;
    }
    w->t->o.kind = (uint8_t)kind;
    w->t->o.index = index;
    if (!*spec) {
        unknown_attr(w, kind_words[kind], NULL, attr);
        return false;
    }
    return true;
}

/* plan.start, plan.horizon: read, never overridden (they are the frame every scenario of
 * the plan is simulated and compared in). */
static bool plan_block(walk *w, const tr_node *attr) {
    const tr_attr_spec *s = tr_schema_attr("plan", attr->u.str.s, attr->u.str.len);
    if (!w->reading) {
        tr_diag *d = tr_diag_add(w->r->diags, "E204", src_of(w), w->head->begin, attr->end, "a scenario cannot override the plan block");
        tr_diag_help(d, "its start, horizon and currency are the frame every scenario is simulated and compared in");
        return false;
    }
    if (!s || (s->offset == (size_t)-1 && strcmp(s->name, "title") != 0 && strcmp(s->name, "currency") != 0)) {
        unknown_attr(w, "plan", NULL, attr);
        return false;
    }
    if (!ends_here(w, attr)) return false;
    w->t->o.kind = TR_E_COUNT;
    w->t->spec = *s;
    w->t->block = "plan";
    if (strcmp(s->name, "title") == 0) return title_value(w, &w->r->plan->e);
    if (strcmp(s->name, "currency") == 0) {
        tr_value *v = TR_NEW(w->r->arena, tr_value);
        if (!v) abort();
        v->kind = TR_V_WORD, v->str = w->r->plan->currency, v->len = (uint32_t)strlen(w->r->plan->currency);
        w->t->current = v;
        return true;
    }
    w->t->current = strcmp(s->block, "*") == 0 ? tr_entity_common_value(&w->r->plan->e, s->offset)
                                               : (const tr_value *)(const void *)((const char *)w->r->plan + s->offset);
    return true;
}

bool tr_scenario_resolve(tr_resolver *r, const tr_node *path, bool reading, tr_path_target *t) {
    memset(t, 0, sizeof *t);
    walk w = {r, reading, t, path};
    t->o.path = path;
    const tr_node *attr = path->next;
    if (!attr) {
        tr_diag *d = tr_diag_add(r->diags, "E204", src_of(&w), path->begin, path->end, "'%.*s' is not a path", (int)path->u.str.len, path->u.str.s);
        tr_diag_help(d, "write NAME.attribute, as in exec_coaching.hours 12 hours per person per year");
        return false;
    }
    if (tr_node_is(path, "model")) return model_param(&w, attr);
    if (tr_node_is(path, "plan")) {
        bool declared = false;   /* `plan` is a block kind, but a role may still be called so */
        for (int k = 0; k < TR_E_COUNT && !declared; k++) declared = tr_resolver_find(r, (unsigned)k, "plan", 4) != UINT32_MAX;
        if (!declared) return plan_block(&w, attr);
    }
    const tr_attr_spec *s;
    if (!find_owner(&w, path, attr, &s)) return false;
    if (not_overridable(&w, s, attr)) return false;
    const tr_entity *e = tr_plan_entity(r->plan, (tr_entity_kind)t->o.kind, t->o.index);
    t->block = kind_words[t->o.kind];
    if (s->type == TR_T_BLOCK || s->type == TR_T_SKILLS) return nested(&w, s, attr);
    if (!ends_here(&w, attr)) return false;
    t->spec = *s;
    t->o.attr = s->name;
    t->o.offset = s->offset;
    if (strcmp(s->name, "title") == 0) return title_value(&w, e);
    if (s->offset == (size_t)-1) { unknown_attr(&w, t->block, NULL, attr); return false; }
    if (strcmp(s->block, "*") == 0) {   /* an `owner`: in the entity's common part */
        t->o.part = TR_PART_COMMON;
        t->current = tr_entity_common_value(e, s->offset);
        return true;
    }
    t->current = (const tr_value *)((const char *)e + s->offset);
    return true;
}

void tr_scenario_path_text(tr_buf *out, const tr_plan *p, const tr_override *o) {
    if (o->kind >= TR_E_COUNT) { tr_buf_printf(out, "model.%s", o->attr); return; }
    tr_buf_puts(out, tr_plan_entity(p, (tr_entity_kind)o->kind, o->index)->name);
    switch ((tr_override_part)o->part) {
    case TR_PART_NONE: case TR_PART_COMMON: tr_buf_printf(out, ".%s", o->attr); break;
    case TR_PART_BASELINE: tr_buf_printf(out, ".baseline.%s", o->attr); break;
    case TR_PART_GAINS: tr_buf_printf(out, ".gains.%s", o->attr); break;
    case TR_PART_PROMOTION: tr_buf_printf(out, ".promotion.%s.%s", p->roles[o->key].e.name, o->attr); break;
    case TR_PART_PHASE: tr_buf_printf(out, ".phase.%s.%s", phase_names[o->key < 3 ? o->key : 0], o->attr); break;
    case TR_PART_PRODUCT: tr_buf_printf(out, ".product.%s.%s", p->programs[o->index].products[o->key].name, o->attr); break;
    }
}

/* ---- the view -------------------------------------------------------------------------------- */

/* Where each kind's array lives in tr_plan and how large an element is. */
static const struct { size_t array; size_t elem; } kind_array[TR_E_COUNT] = {
    [TR_E_ROLE] = {offsetof(tr_plan, roles), sizeof(tr_role)},
    [TR_E_SKILL] = {offsetof(tr_plan, skills), sizeof(tr_skill)},
    [TR_E_PROGRAM] = {offsetof(tr_plan, programs), sizeof(tr_program)},
    [TR_E_BUDGET] = {offsetof(tr_plan, budgets), sizeof(tr_budget)},
    [TR_E_MILESTONE] = {offsetof(tr_plan, milestones), sizeof(tr_milestone)},
    [TR_E_MEASURE] = {offsetof(tr_plan, measures), sizeof(tr_measure)},
    [TR_E_GOAL] = {offsetof(tr_plan, goals), sizeof(tr_goal)},
    [TR_E_SCENARIO] = {offsetof(tr_plan, scenarios), sizeof(tr_scenario)},
};

static void *own(tr_scenario_view *v, size_t size) {
    void **list = realloc(v->owned, (v->nowned + 1) * sizeof *list);
    if (!list) return NULL;
    v->owned = list;
    void *m = malloc(size ? size : 1);
    if (m) v->owned[v->nowned++] = m;
    return m;
}

/* The view's own copy of kind k's array (copied the first time), or NULL. */
static char *own_array(tr_scenario_view *v, tr_entity_kind k) {
    bool *copied = v->copied;
    char *base;
    memcpy(&base, (char *)&v->p + kind_array[k].array, sizeof base);
    if (copied[k]) return base;
    size_t n = tr_plan_count(&v->p, k) * kind_array[k].elem;
    char *copy = own(v, n);
    if (!copy) return NULL;
    memcpy(copy, base, n);
    memcpy((char *)&v->p + kind_array[k].array, &copy, sizeof copy);
    copied[k] = true;
    return copy;
}

/* A copy of a nested array with room for one more entry. */
static void *grown(tr_scenario_view *v, const void *old, uint32_t n, size_t elem) {
    char *copy = own(v, ((size_t)n + 1) * elem);
    if (copy && n) memcpy(copy, old, (size_t)n * elem);
    if (copy) memset(copy + (size_t)n * elem, 0, elem);
    return copy;
}

static void *skill_entry(tr_scenario_view *v, tr_skill_level **levels, uint32_t *n, uint32_t skill) {
    tr_skill_level *copy = grown(v, *levels, *n, sizeof **levels);
    if (!copy) return NULL;
    *levels = copy;
    for (uint32_t i = 0; i < *n; i++)
        if (copy[i].skill == skill) return &copy[i];
    copy[*n].skill = skill;
    return &copy[(*n)++];
}

static void *promotion_entry(tr_scenario_view *v, tr_role *r, uint32_t into) {
    tr_promotion *copy = grown(v, r->promotions, r->npromotions, sizeof *copy);
    if (!copy) return NULL;
    r->promotions = copy;
    for (uint32_t i = 0; i < r->npromotions; i++)
        if (copy[i].into.kind == TR_V_REF && copy[i].into.index == into) return &copy[i];
    copy[r->npromotions].into = (tr_value){.kind = TR_V_REF, .ref_kind = TR_E_ROLE, .index = into};
    return &copy[r->npromotions++];
}

static void *phase_entry(tr_scenario_view *v, tr_program *g, uint32_t kind) {
    tr_phase *copy = grown(v, g->phases, g->nphases, sizeof *copy);
    if (!copy) return NULL;
    g->phases = copy;
    for (uint32_t i = 0; i < g->nphases; i++)
        if (copy[i].kind == kind) return &copy[i];
    copy[g->nphases].kind = (uint8_t)kind;
    return &copy[g->nphases++];
}

/* A copy of the entity's common part (zeroed when it had none), which the entity then points to. */
static void *common_entry(tr_scenario_view *v, tr_entity *e) {
    tr_entity_common *copy = grown(v, NULL, 0, sizeof *copy);
    if (!copy) return NULL;
    if (e->common) *copy = *e->common;
    e->common = copy;
    return copy;
}

static void *product_entry(tr_scenario_view *v, tr_program *g, uint32_t index) {
    if (index >= g->nproducts) return NULL;
    tr_product *copy = grown(v, g->products, g->nproducts, sizeof *copy);
    if (!copy) return NULL;
    g->products = copy;
    return &copy[index];
}

/* The struct an override writes into: the entity, or its nested entry (made when new). */
static void *target(tr_scenario_view *v, const tr_override *o, char *entity, bool *oom) {
    void *at = entity;
    switch ((tr_override_part)o->part) {
    case TR_PART_NONE: break;
    case TR_PART_BASELINE: {
        tr_role *r = (tr_role *)(void *)entity;
        at = skill_entry(v, &r->baseline, &r->nbaseline, o->key);
        break;
    }
    case TR_PART_GAINS: {
        tr_program *g = (tr_program *)(void *)entity;
        at = skill_entry(v, &g->gains, &g->ngains, o->key);
        break;
    }
    case TR_PART_PROMOTION: at = promotion_entry(v, (tr_role *)(void *)entity, o->key); break;
    case TR_PART_COMMON: at = common_entry(v, (tr_entity *)(void *)entity); break;
    case TR_PART_PHASE: at = phase_entry(v, (tr_program *)(void *)entity, o->key); break;
    case TR_PART_PRODUCT:
        at = product_entry(v, (tr_program *)(void *)entity, o->key);
        if (!at) return NULL;   /* a product that is not there: nothing to write */
        break;
    }
    if (!at) *oom = true;
    return at;
}

/* An override of a program's manager_involvement also sets the bits the lints and
 * reports read. */
static void involvement_bits(char *entity, const tr_override *o) {
    if (o->kind != TR_E_PROGRAM || o->part != TR_PART_NONE || strcmp(o->attr, "manager_involvement") != 0) return;
    tr_program *g = (tr_program *)(void *)entity;
    g->involvement = 0;
    if (g->manager_involvement.kind == TR_V_LIST)
        for (uint32_t j = 0; j < g->manager_involvement.count; j++) g->involvement |= 1u << g->manager_involvement.items[j].index;
}

/* Scenario s and those it extends, s first, into chain[64]: how many, or -2 for a cycle. */
static int extends_chain(const tr_plan *p, int s, int chain[64]) {
    int n = 0;
    for (int at = s; at >= 0 && n < 64 && (uint32_t)at < p->nscenarios; n++) {
        for (int j = 0; j < n; j++)
            if (chain[j] == at) return -2;
        chain[n] = at;
        const tr_value *x = &p->scenarios[at].extends;
        at = x->kind == TR_V_REF ? (int)x->index : -1;
    }
    return n;
}

int tr_scenario_view_apply(tr_scenario_view *v, const tr_override *o) {
    if (o->kind >= TR_E_COUNT) {     /* model.PARAM: the params are inside the view itself */
        if (o->offset + sizeof(tr_value) <= sizeof v->p.model) memcpy((char *)&v->p.model + o->offset, &o->value, sizeof o->value);
        return 0;
    }
    size_t elem = kind_array[o->kind].elem;
    if (o->index >= tr_plan_count(&v->p, (tr_entity_kind)o->kind)) return 0;
    char *base = own_array(v, (tr_entity_kind)o->kind);
    if (!base) return -1;
    char *entity = base + (size_t)o->index * elem;
    bool oom = false;
    char *at = target(v, o, entity, &oom);
    if (oom) return -1;
    if (!at) return 0;
    memcpy(at + o->offset, &o->value, sizeof o->value);
    involvement_bits(entity, o);
    return 0;
}

int tr_scenario_view_make(tr_scenario_view *v, const tr_plan *p, int s) {
    memset(v, 0, sizeof *v);
    v->p = *p;
    if (s < 0 || (uint32_t)s >= p->nscenarios) return 0;
    int chain[64], n = extends_chain(p, s, chain);
    if (n < 0) return n;
    while (n-- > 0) {
        const tr_scenario *sc = &p->scenarios[chain[n]];
        for (uint32_t i = 0; i < sc->noverrides; i++)
            if (tr_scenario_view_apply(v, &sc->overrides[i])) return -1;
    }
    return 0;
}

void tr_scenario_view_free(tr_scenario_view *v) {
    for (size_t i = 0; i < v->nowned; i++) free(v->owned[i]);
    free(v->owned);
    memset(v, 0, sizeof *v);
}

/* ---- the patch: in place, for the checker ------------------------------------------------ */

/* Keep what is at `at` before the first write to it. */
static int save(tr_scenario_patch *pt, uint8_t kind, uint32_t index, void *at, size_t size) {
    for (size_t i = 0; i < pt->nsaved; i++)
        if (pt->saved[i].at == at) return 0;
    tr_scenario_saved *list = realloc(pt->saved, (pt->nsaved + 1) * sizeof *list);
    if (!list) return -1;
    pt->saved = list;
    void *copy = malloc(size);
    if (!copy) return -1;
    memcpy(copy, at, size);
    pt->saved[pt->nsaved++] = (tr_scenario_saved){kind, index, at, copy, size};
    return 0;
}

static int patch_one(tr_scenario_patch *pt, const tr_override *o) {
    tr_plan *p = pt->plan;
    if (o->kind >= TR_E_COUNT) {
        if (save(pt, TR_E_COUNT, 0, &p->model, sizeof p->model)) return -1;
        if (o->offset + sizeof(tr_value) <= sizeof p->model) memcpy((char *)&p->model + o->offset, &o->value, sizeof o->value);
        return 0;
    }
    if (o->index >= tr_plan_count(p, (tr_entity_kind)o->kind)) return 0;
    char *base;
    memcpy(&base, (char *)p + kind_array[o->kind].array, sizeof base);
    size_t elem = kind_array[o->kind].elem;
    char *entity = base + (size_t)o->index * elem;
    if (save(pt, o->kind, o->index, entity, elem)) return -1;
    bool oom = false;
    char *at = target(&pt->mem, o, entity, &oom);
    if (oom) return -1;
    if (!at) return 0;
    memcpy(at + o->offset, &o->value, sizeof o->value);
    involvement_bits(entity, o);
    return 0;
}

int tr_scenario_patch_apply(tr_scenario_patch *pt, tr_plan *p, int s) {
    memset(pt, 0, sizeof *pt);
    pt->plan = p;
    if (s < 0 || (uint32_t)s >= p->nscenarios) return 0;
    int chain[64], n = extends_chain(p, s, chain);
    if (n < 0) return n;
    while (n-- > 0) {
        const tr_scenario *sc = &p->scenarios[chain[n]];
        for (uint32_t i = 0; i < sc->noverrides; i++)
            if (patch_one(pt, &sc->overrides[i])) return -1;
    }
    return 0;
}

void tr_scenario_patch_undo(tr_scenario_patch *pt) {
    for (size_t i = pt->nsaved; i-- > 0;) {
        memcpy(pt->saved[i].at, pt->saved[i].copy, pt->saved[i].size);
        free(pt->saved[i].copy);
    }
    free(pt->saved);
    tr_scenario_view_free(&pt->mem);
    pt->saved = NULL, pt->nsaved = 0;
}

/* The root of budget b's tree (the walk is bounded: cycles of parents are E408). */
static uint32_t budget_root(const tr_plan *p, uint32_t b) {
    for (uint32_t guard = 0; guard < p->nbudgets && p->budgets[b].parent.kind == TR_V_REF && p->budgets[b].parent.index < p->nbudgets; guard++)
        b = p->budgets[b].parent.index;
    return b;
}

/* The programs whose list attribute (`for`, `after`) names each of n entities, as
 * list[first[i] .. first[i + 1]) for entity i (a counting sort, like the trees'). */
static void index_programs(const tr_plan *p, size_t list_at, uint32_t n, uint32_t **first, uint32_t **list) {
    uint32_t *f = calloc((size_t)n + 2, sizeof *f), total = 0;
    if (!f) abort();
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_value *l = (const tr_value *)(const void *)((const char *)&p->programs[i] + list_at);
        for (uint32_t j = 0; l->kind == TR_V_LIST && j < l->count; j++)
            if (l->items[j].kind == TR_V_REF && l->items[j].index < n) f[l->items[j].index + 2]++, total++;
    }
    for (uint32_t e = 0; e < n; e++) f[e + 2] += f[e + 1];
    uint32_t *out = malloc(((size_t)total + 1) * sizeof *out);
    if (!out) abort();
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_value *l = (const tr_value *)(const void *)((const char *)&p->programs[i] + list_at);
        for (uint32_t j = 0; l->kind == TR_V_LIST && j < l->count; j++)
            if (l->items[j].kind == TR_V_REF && l->items[j].index < n) out[f[l->items[j].index + 1]++] = i;
    }
    *first = f, *list = out;
}

void tr_budget_trees_build(tr_budget_trees *t, const tr_plan *p) {
    memset(t, 0, sizeof *t);
    uint32_t nb = p->nbudgets;
    t->root = malloc((nb + 1) * sizeof *t->root);
    t->bfirst = calloc(nb + 2, sizeof *t->bfirst);
    t->pfirst = calloc(nb + 2, sizeof *t->pfirst);
    t->budgets = malloc((nb + 1) * sizeof *t->budgets);
    t->programs = malloc((p->nprograms + 1) * sizeof *t->programs);
    t->mark = calloc(nb + 1, sizeof *t->mark);
    t->at = malloc((nb + 1) * sizeof *t->at);
    t->marked = malloc((nb + 1) * sizeof *t->marked);
    t->orig = malloc((p->nprograms + 1) * sizeof *t->orig);
    if (!t->orig) abort();
    if (!t->root || !t->bfirst || !t->pfirst || !t->budgets || !t->programs || !t->mark || !t->at || !t->marked) abort();
    for (uint32_t b = 0; b < nb; b++) t->root[b] = budget_root(p, b), t->bfirst[t->root[b] + 2]++;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_value *b = &p->programs[i].budget;
        if (b->kind == TR_V_REF && b->index < nb) t->pfirst[t->root[b->index] + 2]++;
    }
    for (uint32_t r = 0; r < nb; r++) t->bfirst[r + 2] += t->bfirst[r + 1], t->pfirst[r + 2] += t->pfirst[r + 1];
    /* counting sort: first[r + 1] is where root r's next entry goes; afterwards first[r] */
    for (uint32_t b = 0; b < nb; b++) t->budgets[t->bfirst[t->root[b] + 1]++] = b;
    for (uint32_t i = 0; i < p->nprograms; i++) {
        const tr_value *b = &p->programs[i].budget;
        if (b->kind == TR_V_REF && b->index < nb) t->programs[t->pfirst[t->root[b->index] + 1]++] = i;
    }
    index_programs(p, offsetof(tr_program, roles), p->nroles, &t->rfirst, &t->by_role);
    index_programs(p, offsetof(tr_program, after), p->nmilestones, &t->mfirst, &t->by_milestone);
    t->epoch = 0;
}

void tr_budget_trees_free(tr_budget_trees *t) {
    free(t->root), free(t->bfirst), free(t->pfirst), free(t->budgets), free(t->programs), free(t->mark), free(t->at);
    free(t->rfirst), free(t->by_role), free(t->mfirst), free(t->by_milestone), free(t->marked), free(t->orig);
    memset(t, 0, sizeof *t);
}

static void mark_tree(tr_budget_trees *t, uint32_t root) {
    if (t->mark[root] == t->epoch) return;
    t->mark[root] = t->epoch;
    t->marked[t->nmarked++] = root;
}

static void mark_root(tr_budget_trees *t, uint32_t nbudgets, const tr_value *budget) {
    if (budget->kind == TR_V_REF && budget->index < nbudgets) mark_tree(t, t->root[budget->index]);
}

/* The budget trees a saved entity's change reaches: its own (as patched and as it was), or
 * those of the programs that depend on a role's headcount or a milestone's date. The index
 * is of the plan as written: a program whose `for` or `after` the scenario changed is saved
 * itself, and its trees are marked as such. */
static void mark_saved(const tr_plan *p, tr_budget_trees *t, const tr_scenario_saved *s) {
    if (s->kind == TR_E_BUDGET) {
        mark_tree(t, t->root[s->index]);
    } else if (s->kind == TR_E_PROGRAM) {
        mark_root(t, p->nbudgets, &p->programs[s->index].budget);
        mark_root(t, p->nbudgets, &((const tr_program *)s->copy)->budget);
    } else if (s->kind == TR_E_ROLE || s->kind == TR_E_MILESTONE) {
        bool role = s->kind == TR_E_ROLE;
        const uint32_t *first = role ? t->rfirst : t->mfirst, *list = role ? t->by_role : t->by_milestone;
        for (uint32_t k = first[s->index]; k < first[s->index + 1]; k++) mark_root(t, p->nbudgets, &p->programs[list[k]].budget);
    }
}

static int by_index(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* An overridden budget parent moves whole subtrees between trees: the plan as written no
 * longer tells the trees apart. */
static bool parents_moved(const tr_scenario_patch *pt) {
    for (size_t i = 0; i < pt->nsaved; i++) {
        const tr_scenario_saved *s = &pt->saved[i];
        if (s->kind != TR_E_BUDGET) continue;
        const tr_value *was = &((const tr_budget *)s->copy)->parent, *now = &pt->plan->budgets[s->index].parent;
        if (was->kind != now->kind || (now->kind == TR_V_REF && was->index != now->index)) return true;
    }
    return false;
}

static void keep_budget(const tr_plan *p, tr_budget_trees *t, tr_plan *sub, uint32_t b) {
    t->at[b] = sub->nbudgets;
    sub->budgets[sub->nbudgets++] = p->budgets[b];
}

static void keep_program(const tr_plan *p, tr_budget_trees *t, tr_plan *sub, uint32_t i) {
    t->orig[sub->nprograms] = i;
    tr_program *g = &sub->programs[sub->nprograms++];
    *g = p->programs[i];
    g->budget.index = t->at[g->budget.index];
}

void tr_scenario_budget_plan(const tr_scenario_patch *pt, tr_budget_trees *t, tr_plan *sub) {
    const tr_plan *p = pt->plan;
    *sub = *p;
    sub->nbudgets = sub->nprograms = 0;
    if (parents_moved(pt)) {   /* every budget once */
        sub->budgets = malloc((p->nbudgets + 1) * sizeof *sub->budgets);
        sub->programs = malloc((p->nprograms + 1) * sizeof *sub->programs);
        if (!sub->budgets || !sub->programs) abort();
        sub->nbudgets = p->nbudgets;
        memcpy(sub->budgets, p->budgets, p->nbudgets * sizeof *p->budgets);
        memcpy(sub->programs, p->programs, p->nprograms * sizeof *p->programs);
        sub->nprograms = p->nprograms;
        for (uint32_t i = 0; i < p->nprograms; i++) t->orig[i] = i;
        return;
    }
    t->epoch++;
    t->nmarked = 0;
    for (size_t i = 0; i < pt->nsaved; i++) mark_saved(p, t, &pt->saved[i]);
    /* only the marked trees, in the plan's order: a scenario costs what it touches */
    qsort(t->marked, t->nmarked, sizeof *t->marked, by_index);
    size_t nb = 0, np = pt->nsaved;
    for (uint32_t k = 0; k < t->nmarked; k++) {
        uint32_t r = t->marked[k];
        nb += t->bfirst[r + 1] - t->bfirst[r], np += t->pfirst[r + 1] - t->pfirst[r];
    }
    sub->budgets = malloc((nb + 1) * sizeof *sub->budgets);
    sub->programs = malloc((np + 1) * sizeof *sub->programs);
    if (!sub->budgets || !sub->programs) abort();
    for (uint32_t k = 0; k < t->nmarked; k++) {
        uint32_t r = t->marked[k];
        for (uint32_t j = t->bfirst[r]; j < t->bfirst[r + 1]; j++) keep_budget(p, t, sub, t->budgets[j]);
    }
    for (uint32_t i = 0; i < sub->nbudgets; i++) {   /* parents renumbered among the kept */
        tr_value *parent = &sub->budgets[i].parent;
        if (parent->kind == TR_V_REF && parent->index < p->nbudgets) parent->index = t->at[parent->index];
    }
    for (uint32_t k = 0; k < t->nmarked; k++) {
        uint32_t r = t->marked[k];
        for (uint32_t j = t->pfirst[r]; j < t->pfirst[r + 1]; j++) {
            const tr_value *b = &p->programs[t->programs[j]].budget;
            if (b->kind == TR_V_REF && b->index < p->nbudgets && t->mark[t->root[b->index]] == t->epoch) keep_program(p, t, sub, t->programs[j]);
        }
    }
    for (size_t i = 0; i < pt->nsaved; i++) {   /* a program that had no budget and now has one */
        const tr_scenario_saved *s = &pt->saved[i];
        if (s->kind != TR_E_PROGRAM || ((const tr_program *)s->copy)->budget.kind == TR_V_REF) continue;
        const tr_value *b = &p->programs[s->index].budget;
        if (b->kind == TR_V_REF && b->index < p->nbudgets && t->mark[t->root[b->index]] == t->epoch) keep_program(p, t, sub, s->index);
    }
}
