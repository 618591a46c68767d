/* check.c — from parsed files to a tr_plan: declarations, the plan block, each entity's
 * members (runtime/check_block.c, values by runtime/check_value.c), the scenarios
 * (runtime/check_scenario.c), then the whole-plan checks of runtime/structure.c. */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_parts.h"
#include "eval.h"
#include "load.h"
#include "resolve.h"
#include "scenario.h"
#include "schema.h"
#include "structure.h"

struct tr_checked {
    tr_loader loader;
    tr_arena *arena;
    tr_plan **plans;
    bool *ok;
    size_t nplans;
};

typedef tr_resolver ck;

static const tr_source *src_of(const ck *c) { return c->file->src; }

static char *name_of(ck *c, const tr_node *n) { return tr_arena_strndup(c->arena, n->u.str.s, n->u.str.len); }

/* ---- syntax errors: the passes run on what parsed ------------------------------------------ */

static bool is_syntax_error(const tr_diag *d) { return d->code[0] == 'E' && d->code[1] == '1' && d->src; }

static int by_place(const void *a, const void *b) {
    const tr_diag *x = *(const tr_diag *const *)a, *y = *(const tr_diag *const *)b;
    if (x->src != y->src) return (uintptr_t)x->src < (uintptr_t)y->src ? -1 : 1;
    return x->begin < y->begin ? -1 : x->begin > y->begin;
}

/* The first syntax error in file `src` at or after offset `at` (index into c->syntax). */
static size_t syntax_from(const ck *c, const tr_source *src, uint32_t at) {
    size_t lo = 0, hi = c->nsyntax;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const tr_diag *d = c->syntax[mid];
        bool before = (uintptr_t)d->src < (uintptr_t)src || (d->src == src && d->begin < at);
        if (before) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Does the block hold a syntax error? Then what is missing from it may only have failed
 * to parse: its required attributes are not asked for. */
bool tr_check_damaged(const ck *c, const tr_node *block) {
    if (!c->nsyntax) return false;
    size_t i = syntax_from(c, src_of(c), block->begin);
    return i < c->nsyntax && c->syntax[i]->src == src_of(c) && c->syntax[i]->begin < block->end;
}

/* The syntax errors of the plan's files, sorted; and whether one lies outside every
 * top-level item that parsed (a block whose header failed, a broken `let` or `import`):
 * then the names it declared are unknown, and "unknown name" is not reported. */
static void collect_syntax(ck *c, const tr_diags *ds, const tr_file *const *files, size_t nfiles) {
    size_t n = 0;
    for (size_t i = 0; i < ds->n; i++) n += is_syntax_error(ds->items[i]);
    if (!n) return;
    c->syntax = malloc(n * sizeof *c->syntax);
    if (!c->syntax) abort();
    for (size_t i = 0; i < ds->n; i++) {
        const tr_diag *d = ds->items[i];
        if (!is_syntax_error(d)) continue;
        for (size_t f = 0; f < nfiles; f++)
            if (files[f]->src == d->src) { c->syntax[c->nsyntax++] = d; break; }
    }
    qsort(c->syntax, c->nsyntax, sizeof *c->syntax, by_place);
    for (size_t f = 0; f < nfiles && !c->syntax_outside_blocks; f++) {
        const tr_source *src = files[f]->src;
        size_t i = syntax_from(c, src, 0);
        const tr_node *it = files[f]->ast->items;
        for (; i < c->nsyntax && c->syntax[i]->src == src; i++) {
            uint32_t at = c->syntax[i]->begin;
            while (it && it->end <= at) it = it->next;
            if (!it || it->begin > at || it->kind != TR_N_BLOCK) { c->syntax_outside_blocks = true; break; }
        }
    }
}

/* After a top-level item failed to parse: names it may have declared are not "unknown",
 * nor is the plan block "missing"; after the plan block was tr_check_damaged, neither are the
 * currencies its `currency` or `exchange` may have declared. */
typedef struct cascade_ctx {
    bool names;      /* E201 */
    bool currency;   /* E301 of a currency code */
    bool plan;       /* E401: the plan block may be what failed */
} cascade_ctx;

static bool not_a_cascade(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    const cascade_ctx *x = ctx;
    (void)ds, (void)from, (void)kept;
    if (x->names && strcmp(d->code, "E201") == 0) return false;
    if (x->plan && strcmp(d->code, "E401") == 0) return false;
    if (x->currency && strcmp(d->code, "E301") == 0 && d->src && d->end - d->begin == 3 &&
        tr_unit_is_currency_code(d->src->text + d->begin, 3))
        return false;
    return true;
}

/* One mistake reported once: after an import that failed, a name may be unknown only because
 * that file was not read (one note at the import says so); the name of a block of misspelt
 * kind is declared, of no kind; a unit word that a failed `currency` or `exchange` meant to
 * declare is not unknown again at every amount. */
typedef struct quiet_ctx {
    const ck *c;
    size_t dropped;               /* E201s dropped after a failed import */
    const tr_source *first_src;   /* the first of them */
    uint32_t first_begin, first_end;
} quiet_ctx;

static bool text_is(const tr_diag *d, const char *s, uint32_t len) {
    return d->src && d->end - d->begin == len && memcmp(d->src->text + d->begin, s, len) == 0;
}

static bool not_quiet(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    quiet_ctx *x = ctx;
    (void)ds, (void)from, (void)kept;
    if (!d->src) return true;
    const char *text = d->src->text + d->begin;
    uint32_t len = d->end - d->begin;
    if (strcmp(d->code, "E301") == 0) {
        for (uint32_t i = 0; i < x->c->nfailed_units; i++)
            if (text_is(d, x->c->failed_units[i]->u.str.s, x->c->failed_units[i]->u.str.len)) return false;
        return true;
    }
    if (strcmp(d->code, "E201") != 0) return true;
    if (tr_resolver_find(x->c, TR_NS_UNKNOWN, text, len) != UINT32_MAX) return false;
    if (!x->c->failed_import) return true;
    if (!x->dropped++) x->first_src = d->src, x->first_begin = d->begin, x->first_end = d->end;
    return false;
}

static void drop_cascades(ck *c, size_t from) {
    quiet_ctx x = {c, 0, NULL, 0, 0};
    tr_diags_filter(c->diags, from, not_quiet, &x);
    if (!x.dropped) return;
    uint32_t len = x.first_end - x.first_begin;
    const char *name = x.first_src->text + x.first_begin;
    if (x.dropped == 1)
        tr_diag_note(c->failed_import, x.first_src, x.first_begin, x.first_end,
                     "'%.*s' is not declared: it may be declared in the file that was not imported", (int)len, name);
    else
        tr_diag_note(c->failed_import, x.first_src, x.first_begin, x.first_end,
                     "'%.*s' and %zu other names are not declared: they may be declared in the file that was not imported", (int)len, name,
                     x.dropped - 1);
}

/* A `currency` or `exchange` that failed: the unit word it meant to declare (a NAME). */
static void failed_unit(ck *c, const tr_node *word) {
    if (word->kind == TR_N_NAME && c->nfailed_units < sizeof c->failed_units / sizeof c->failed_units[0])
        c->failed_units[c->nfailed_units++] = word;
}

/* ---- declarations -------------------------------------------------------------------------- */

typedef struct plan_files {
    tr_file **files;
    size_t n;
    tr_diag *failed_import;   /* the loader's: the first import that could not be read */
} plan_files;

/* A top-level item of the plan's files and its block kind's schema (NULL for a let, an
 * import or a kind the schema does not know). The passes over the items read this array:
 * the items are far apart in a large file, and walking their list again costs a cache miss
 * per item each time. */
typedef struct top_item {
    const tr_node *node;
    tr_file *file;
    const tr_block_spec *spec;
    uint8_t kind;            /* the node's, so that a pass need not read the node to skip it */
} top_item;

typedef struct top_items {
    top_item *v;
    size_t n;
} top_items;

static void collect_items(const plan_files *pf, top_items *out) {
    size_t n = 0;
    for (size_t f = 0; f < pf->n; f++) n += pf->files[f]->ast->nitems;
    out->v = malloc((n ? n : 1) * sizeof *out->v);
    out->n = 0;
    if (!out->v) abort();
    for (size_t f = 0; f < pf->n; f++)
        for (uint32_t i = 0; i < pf->files[f]->ast->nitems; i++) {   /* the parser's array: no chain of loads */
            const tr_node *it = pf->files[f]->ast->item_at[i];
            const tr_node *k = it->kind == TR_N_BLOCK ? it->u.block.kind : NULL;
            out->v[out->n++] = (top_item){it, pf->files[f], k ? tr_schema_block(k->u.str.s, k->u.str.len) : NULL, it->kind};
        }
}

static void *entity_array(tr_plan *p, tr_entity_kind k) {
    void *arrays[TR_E_COUNT] = {p->roles, p->skills, p->programs, p->budgets, p->milestones, p->measures, p->goals, p->scenarios};
    return arrays[k];
}

static const size_t entity_size[TR_E_COUNT] = {
    sizeof(tr_role), sizeof(tr_skill), sizeof(tr_program), sizeof(tr_budget),
    sizeof(tr_milestone), sizeof(tr_measure), sizeof(tr_goal), sizeof(tr_scenario),
};

static uint32_t *entity_count(tr_plan *p, tr_entity_kind k) {
    uint32_t *counts[TR_E_COUNT] = {&p->nroles, &p->nskills, &p->nprograms, &p->nbudgets, &p->nmilestones, &p->nmeasures, &p->ngoals, &p->nscenarios};
    return counts[k];
}

static void allocate_entities(ck *c, const top_items *items) {
    size_t counts[TR_E_COUNT] = {0}, blocks = 0;
    for (size_t i = 0; i < items->n; i++) {
        const top_item *it = &items->v[i];
        if (it->kind == TR_N_LET) c->nlets++;
        if (it->kind != TR_N_BLOCK) continue;
        blocks++;
        const tr_block_spec *b = it->spec;
        if (b && b->top && b->entity < TR_E_COUNT) counts[b->entity]++;
    }
    tr_plan *p = c->plan;
    void **arrays[TR_E_COUNT] = {(void **)&p->roles, (void **)&p->skills, (void **)&p->programs, (void **)&p->budgets,
                                 (void **)&p->milestones, (void **)&p->measures, (void **)&p->goals, (void **)&p->scenarios};
    for (int k = 0; k < TR_E_COUNT; k++) {
        *arrays[k] = tr_arena_alloc(c->arena, (counts[k] ? counts[k] : 1) * entity_size[k]);
        c->entity_file[k] = calloc(counts[k] ? counts[k] : 1, sizeof(tr_file *));
        if (!*arrays[k] || !c->entity_file[k]) abort();
    }
    c->lets = calloc(c->nlets ? c->nlets : 1, sizeof *c->lets);
    c->let_stack = calloc(c->nlets + 1, sizeof *c->let_stack);
    c->stamps = calloc(counts[TR_E_SKILL] + 1, sizeof *c->stamps);
    c->dups = calloc(blocks + 1, sizeof *c->dups);
    c->dup_files = calloc(blocks + 1, sizeof *c->dup_files);
    c->dup_kinds = calloc(blocks + 1, 1);
    if (!c->lets || !c->let_stack || !c->stamps || !c->dups || !c->dup_files || !c->dup_kinds) abort();
    c->nlets = 0;
}

static void duplicate(ck *c, const tr_node *nm, const char *what, const tr_source *first_src, const tr_node *first) {
    tr_diag *d = tr_diag_add(c->diags, "E202", src_of(c), nm->begin, nm->end, "%s '%.*s' is declared twice", what, (int)nm->u.str.len, nm->u.str.s);
    tr_diag_note(d, first_src, first->begin, first->end, "first declared here");
    tr_diag_help(d, "rename one of them: names of one kind are unique across the plan and its imports");
}

static void declare_block(ck *c, const tr_node *it, const tr_block_spec *b, const tr_node **plan_block) {
    const tr_node *k = it->u.block.kind, *nm = tr_block_name(it);
    if (!b || !b->top) {
        tr_check_unknown_block(c, k, true, NULL);
        /* its uses are not unknown too: the block exists, of a kind not yet known */
        if (nm) (void)tr_resolver_declare(c, TR_NS_UNKNOWN, nm->u.str.s, nm->u.str.len, 0);
        return;
    }
    bool is_plan = strcmp(b->kind, "plan") == 0;
    if (b->name == TR_NAME_NONE && nm) {
        tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), nm->begin, nm->end, "a %s block takes no name", b->kind);
        tr_diag_help(d, "give it a title in quotes instead: %s \"...\" { }", b->kind);
        if (!is_plan) return;   /* a named plan block is still the plan: no E401 after this */
    }
    if (is_plan) {
        if (*plan_block) {
            tr_diag *d = tr_diag_add(c->diags, "E402", src_of(c), k->begin, k->end, "more than one plan block");
            tr_diag_note(d, c->plan_file->src, (*plan_block)->u.block.kind->begin, (*plan_block)->u.block.kind->end, "first plan block here");
            tr_diag_help(d, "a plan and its imports hold exactly one `plan` block; imported files hold the rest");
            return;
        }
        *plan_block = it;
        c->plan_file = c->file;
        return;
    }
    if (b->entity >= TR_E_COUNT) return;
    if (!nm) {
        if (tr_check_damaged(c, it)) return;   /* its name may be what did not parse: `skill 日本語 {}` */
        tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), k->begin, k->end, "a %s needs a name", b->kind);
        tr_diag_help(d, "write %s NAME { ... }", b->kind);
        return;
    }
    uint32_t *count = entity_count(c->plan, b->entity);
    uint32_t prev = tr_resolver_declare(c, b->entity, nm->u.str.s, nm->u.str.len, *count);
    if (prev != UINT32_MAX) {
        const tr_entity *e = tr_plan_entity(c->plan, b->entity, prev);
        duplicate(c, nm, b->kind, e->src, tr_block_name(e->node));
        c->dups[c->ndups] = it, c->dup_files[c->ndups] = c->file, c->dup_kinds[c->ndups++] = (uint8_t)b->entity;
        return;
    }
    tr_entity *e = (tr_entity *)((char *)entity_array(c->plan, b->entity) + *count * entity_size[b->entity]);
    e->name = name_of(c, nm);
    e->title = it->u.block.title ? name_of(c, it->u.block.title) : NULL;
    e->node = it;
    e->src = src_of(c);
    c->entity_file[b->entity][*count] = c->file;
    (*count)++;
}

static void declare_let(ck *c, const tr_node *it) {
    const tr_node *nm = it->u.let.name;
    uint32_t prev = tr_resolver_declare(c, TR_NS_LET, nm->u.str.s, nm->u.str.len, c->nlets);
    if (prev != UINT32_MAX) {
        duplicate(c, nm, "constant", c->lets[prev].file->src, c->lets[prev].node->u.let.name);
        return;
    }
    c->lets[c->nlets] = (tr_let){name_of(c, nm), it, c->file, 0, {0}};
    c->nlets++;
}

/* ---- the plan block: currency first, since every money unit depends on it ------------------- */

/* A second `exchange` of one code (or of the plan's own currency): E210 at it. */
static bool exchange_declared(ck *c, const tr_node *pb, const tr_node *attr, const tr_node *code) {
    if (memcmp(code->u.str.s, c->plan->currency, 3) == 0) {
        tr_diag *d = tr_diag_add(c->diags, "E310", src_of(c), code->begin, code->end, "%s is the plan's own currency", c->plan->currency);
        tr_diag_help(d, "`exchange` declares another currency; amounts in %s need none", c->plan->currency);
        return true;
    }
    for (const tr_node *m = pb->u.block.members; m && m != attr; m = m->next) {
        if (m->kind != TR_N_ATTR || m->u.attr.path->next || !tr_node_is(m->u.attr.path, "exchange")) continue;
        const tr_node *first = m->u.attr.values;
        if (first->kind != TR_N_NAME || first->u.str.len != 3 || memcmp(first->u.str.s, code->u.str.s, 3) != 0) continue;
        tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), code->begin, code->end, "'exchange %.3s' is given twice", code->u.str.s);
        tr_diag_note(d, src_of(c), first->begin, first->end, "first given here");
        tr_diag_help(d, "keep one rate for %.3s", code->u.str.s);
        return true;
    }
    return false;
}

static void plan_currency(ck *c, const tr_node *pb) {
    tr_plan *p = c->plan;
    memcpy(p->currency, "USD", 4);
    uint32_t nex = 0;
    for (const tr_node *m = pb->u.block.members; m; m = m->next)
        if (m->kind == TR_N_ATTR && !m->u.attr.path->next && tr_node_is(m->u.attr.path, "exchange")) nex++;
    p->exchange = tr_arena_alloc(c->arena, (nex ? nex : 1) * sizeof *p->exchange);
    if (!p->exchange) abort();
    for (const tr_node *m = pb->u.block.members; m; m = m->next) {
        if (m->kind != TR_N_ATTR || m->u.attr.path->next) continue;
        const tr_node *v = m->u.attr.values;
        if (tr_node_is(m->u.attr.path, "currency")) {
            if (v->kind != TR_N_NAME || !tr_unit_is_currency_code(v->u.str.s, v->u.str.len) || v->next) {
                tr_diag *d = tr_diag_add(c->diags, "E310", src_of(c), v->begin, m->end, "'currency' expects a currency code such as USD or EUR");
                tr_diag_help(d, "three capital letters (ISO 4217)");
                failed_unit(c, v);
            } else {
                memcpy(p->currency, v->u.str.s, 3);
            }
        }
    }
    for (const tr_node *m = pb->u.block.members; m; m = m->next) {
        if (m->kind != TR_N_ATTR || m->u.attr.path->next || !tr_node_is(m->u.attr.path, "exchange")) continue;
        const tr_node *code = m->u.attr.values, *rate = code->next;
        if (code->kind != TR_N_NAME || !tr_unit_is_currency_code(code->u.str.s, code->u.str.len) || !rate || rate->next) {
            tr_diag *d = tr_diag_add(c->diags, "E310", src_of(c), code->begin, m->end, "'exchange' expects a currency code and its rate");
            tr_diag_help(d, "write: exchange EUR 1.08 %s", p->currency);
            failed_unit(c, code);
            continue;
        }
        tr_value v = tr_eval(c, rate);
        if (v.kind == TR_V_NONE) { failed_unit(c, code); continue; }
        /* a range is a rate known only roughly (LANGUAGE.md section 4): kept at its median */
        if (v.kind != TR_V_NUMBER || !tr_dim_eq(v.dim, TR_DIM_MONEY) || v.lo <= 0 || v.mid <= 0) {
            tr_diag *d = tr_diag_add(c->diags, "E310", src_of(c), rate->begin, rate->end, "an exchange rate is a positive amount of %s", p->currency);
            if (v.kind == TR_V_NUMBER && v.is_range && tr_dim_eq(v.dim, TR_DIM_MONEY) && v.hi > 0)
                tr_diag_help(d, "a range of rates starts above zero too: exchange %.*s, 1.05 to 1.12 %s", (int)code->u.str.len, code->u.str.s, p->currency);
            else
                tr_diag_help(d, "write: exchange %.*s 1.08 %s", (int)code->u.str.len, code->u.str.s, p->currency);
            failed_unit(c, code);
            continue;
        }
        if (exchange_declared(c, pb, m, code)) continue;
        tr_exchange *x = &p->exchange[p->nexchange++];
        memcpy(x->code, code->u.str.s, 3);
        x->code[3] = '\0';
        x->rate = v.mid;
    }
}

static void plan_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    (void)owner;
    if (strcmp(s->name, "title") == 0) {
        tr_value v = tr_check_string(c, s, m);
        if (v.kind == TR_V_STRING) c->plan->e.title = tr_arena_strndup(c->arena, v.str, v.len);
    }
}

static void check_plan_block(ck *c, const tr_node *pb) {
    tr_plan *p = c->plan;
    p->e.node = pb;
    p->e.src = src_of(c);
    p->e.title = pb->u.block.title ? name_of(c, pb->u.block.title) : NULL;
    tr_check_members(c, pb, "plan", p, &p->e, plan_nested, NULL);
    if (p->start.kind == TR_V_DATE) p->start_days = p->start.date;
    if (p->horizon.kind == TR_V_NUMBER) {
        double h = p->horizon.mid;
        if (p->horizon.is_range || h < 1 - 1e-9 || h > 360 + 1e-9) {
            tr_diag *d = tr_diag_add(c->diags, "E403", src_of(c), p->horizon.node->begin, p->horizon.node->end,
                                     "the horizon must be between 1 month and 30 years%s", p->horizon.is_range ? " and not a range" : "");
            tr_diag_help(d, "the plan is simulated month by month over its horizon, as in: horizon 4 years");
            p->horizon.kind = TR_V_NONE;
        } else {
            p->horizon_months = (int32_t)lround(h);
            if (p->horizon_months < 1) p->horizon_months = 1;
        }
    }
}

/* ---- entities ------------------------------------------------------------------------------- */

static uint32_t count_nested(const tr_node *blk, const char *kind) {
    uint32_t n = 0;
    for (const tr_node *m = blk->u.block.members; m; m = m->next)
        if (m->kind == TR_N_BLOCK && tr_node_is(m->u.block.kind, kind)) n++;
    return n;
}

static void entity_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    tr_check_nest *ns = owner;
    if (m->kind == TR_N_ATTR && strcmp(s->name, "title") == 0) {
        tr_value v = tr_check_string(c, s, m);
        if (v.kind == TR_V_STRING) ((tr_entity *)ns->entity)->title = tr_arena_strndup(c->arena, v.str, v.len);
        return;
    }
    tr_check_nested(c, m, s, owner);
}

static void check_entity_body(ck *c, tr_entity_kind k, tr_entity *e);

static void check_entity(ck *c, tr_entity_kind k, uint32_t i) {
    tr_entity *e = (tr_entity *)((char *)entity_array(c->plan, k) + i * entity_size[k]);
    c->file = c->entity_file[k][i];
    check_entity_body(c, k, e);
}

/* A second declaration of a name: E202 already; its body is checked all the same, into a
 * scratch entity that nothing keeps, so its own mistakes are reported too. */
static void check_duplicate(ck *c, uint32_t d) {
    tr_entity_kind k = (tr_entity_kind)c->dup_kinds[d];
    tr_entity *e = tr_arena_alloc(c->arena, entity_size[k]);
    if (!e) abort();
    memset(e, 0, entity_size[k]);
    c->file = c->dup_files[d];
    e->node = c->dups[d];
    e->src = src_of(c);
    e->name = name_of(c, tr_block_name(e->node));
    check_entity_body(c, k, e);
    if (k == TR_E_PROGRAM) tr_check_cost(c, (tr_program *)e);
}

/* Room for the nested blocks of `kind` that blk holds; NULL when it holds none, as most
 * roles hold no promotion and most programs no product. */
static void *nested_room(ck *c, const tr_node *blk, const char *kind, size_t elem) {
    uint32_t n = count_nested(blk, kind);
    if (!n) return NULL;
    void *room = tr_arena_alloc(c->arena, n * elem);
    if (!room) abort();
    return room;
}

static void check_entity_body(ck *c, tr_entity_kind k, tr_entity *e) {
    tr_check_nest ns = {e, k, 0, 0, 0, {NULL, NULL, NULL}};
    if (k == TR_E_ROLE) {
        tr_role *r = (tr_role *)e;
        r->promotions = nested_room(c, e->node, "promotion", sizeof *r->promotions);
    } else if (k == TR_E_PROGRAM) {
        tr_program *p = (tr_program *)e;
        p->phases = nested_room(c, e->node, "phase", sizeof *p->phases);
        p->products = nested_room(c, e->node, "product", sizeof *p->products);
    }
    const tr_node *kn = e->node->u.block.kind;
    char kind[16];
    size_t l = kn->u.str.len < 15 ? kn->u.str.len : 15;
    memcpy(kind, kn->u.str.s, l);
    kind[l] = '\0';
    if (k == TR_E_SCENARIO) return;   /* overrides are checked once the rest is known */
    tr_check_members(c, e->node, kind, e, e, entity_nested, &ns);
    if (k == TR_E_ROLE) ((tr_role *)e)->npromotions = ns.nprom;
}

/* ---- the model block(s): the prelude's, then the plan's ------------------------------------ */

/* The plan's parameters set so far by earlier model blocks (the prelude's do not count: a
 * plan overrides them): a second block setting one again is E210, as within one block. */
typedef struct model_seen {
    const tr_attr_spec *spec[32];
    const tr_node *at[32];
    const tr_source *src[32];
    size_t n;
} model_seen;

static void model_repeats(ck *c, const tr_node *block, model_seen *seen) {
    size_t before = seen->n;   /* repeats inside this block are tr_check_members' */
    for (const tr_node *m = block->u.block.members; m; m = m->next) {
        if (m->kind != TR_N_ATTR || m->u.attr.path->next) continue;
        const tr_node *p = m->u.attr.path;
        const tr_attr_spec *s = tr_schema_index_attr(c->schema, "model", p->u.str.s, p->u.str.len);
        if (!s || strcmp(s->block, "model") != 0) continue;
        bool again = false;
        for (size_t i = 0; i < before && !again; i++)
            if (seen->spec[i] == s) {
                tr_check_given_twice(c, s, s->name, p, seen->src[i], seen->at[i]);
                again = true;
            }
        if (!again && seen->n < 32) seen->spec[seen->n] = s, seen->at[seen->n] = p, seen->src[seen->n++] = src_of(c);
    }
}

static void check_model_blocks(ck *c, const top_items *items) {
    model_seen seen = {.n = 0};
    for (size_t i = 0; i < items->n; i++) {
        const top_item *it = &items->v[i];
        if (!it->spec || it->kind != TR_N_BLOCK) continue;
        c->file = it->file;
        if (strcmp(it->spec->kind, "model") == 0 && !it->file->stdlib) model_repeats(c, it->node, &seen);
        if (strcmp(it->spec->kind, "model") == 0) tr_check_members(c, it->node, "model", &c->plan->model, NULL, NULL, NULL);
        else if (strcmp(it->spec->kind, "lint") == 0) {
            tr_entity lint_block = {0};   /* its `allow` is a common attribute: kept apart from the plan block's */
            tr_check_members(c, it->node, "lint", c->plan, &lint_block, NULL, NULL);
            const tr_value *allow = tr_entity_common_value(&lint_block, offsetof(tr_entity_common, allow));
            if (allow->kind != TR_V_NONE) c->plan->lint_allow = *allow;
        }
    }
}

/* ---- programs: how the cost is spent -------------------------------------------------------- */

/* Does the block hold attribute `name` (whatever became of its value)? */
static bool written(const tr_node *block, const char *name) {
    for (const tr_node *m = block->u.block.members; m; m = m->next)
        if (m->kind == TR_N_ATTR && !m->u.attr.path->next && tr_node_is(m->u.attr.path, name)) return true;
    return false;
}

/* How the program's cost is spent (c->file is the program's file). */
void tr_check_cost(ck *c, tr_program *p) {
    if (p->cost.kind != TR_V_NUMBER) return;
    tr_spending spending;
    bool missing_hours;
    if (tr_plan_spending(&p->cost, &p->hours, &spending, &missing_hours)) { p->spending = (uint8_t)spending; return; }
    const tr_node *n = p->cost.node;
    p->cost.kind = TR_V_NONE;
    /* its own error was reported, or it may have failed to parse */
    if (missing_hours && (written(p->e.node, "hours") || tr_check_damaged(c, p->e.node))) return;
    if (missing_hours) {
        tr_diag *dg = tr_diag_add(c->diags, "E304", p->cost.src ? p->cost.src : src_of(c), n->begin, n->end,
                                  "a cost per hour is spent times `hours`, and program '%s' has none", p->e.name);
        tr_diag_help(dg, "add the hours (hours 24 hours per person per year, or hours 40 hours per person), or write a fee "
                         "per month or year (every month), per person (once per participant) or a total (once)");
        return;
    }
    tr_dim d = p->cost.dim;
    tr_buf f = {0};
    tr_dim_describe(d, &f);
    tr_diag *dg = tr_diag_add(c->diags, "E304", p->cost.src ? p->cost.src : src_of(c), n->begin, n->end,
                              "a program's cost must be %s; found %s", tr_schema_expected(TR_T_COST), f.data);
    if (d.money == 1 && d.people >= 0 && d.time == 1)
        tr_diag_help(dg, "money times time: did you mean money per hour, as in 450 USD per hour (with hours)?");
    else if (d.money == 0)
        tr_diag_help(dg, "the cost has no currency: write it in %s, as in 1286 %s per person per year", c->plan->currency, c->plan->currency);
    else
        tr_diag_help(dg, "money: once at the start; per year: every month; per person: once per participant; per person per year: every month per participant; per hour: times hours");
    tr_buf_free(&f);
}

static void program_defaults(tr_program *p) {
    if (p->participants.kind == TR_V_NONE) {
        p->participants.kind = TR_V_NUMBER;
        p->participants.lo = p->participants.mid = p->participants.hi = 1;
    }
    if (p->enabled.kind == TR_V_NONE) {
        p->enabled.kind = TR_V_BOOL;
        p->enabled.lo = p->enabled.mid = p->enabled.hi = 1;
    }
    if (p->manager_involvement.kind == TR_V_LIST)
        for (uint32_t j = 0; j < p->manager_involvement.count; j++) p->involvement |= 1u << p->manager_involvement.items[j].index;
}

static void defaults(ck *c) {
    tr_plan *p = c->plan;
    for (uint32_t i = 0; i < p->nroles; i++) {
        tr_role *r = &p->roles[i];
        if (r->hiring.kind == TR_V_NONE) r->hiring = (tr_value){.kind = TR_V_WORD, .index = 0, .str = "replace", .len = 7};
        if (r->turnover_cost.kind == TR_V_NONE) r->turnover_cost = p->model.turnover_cost, r->turnover_cost.node = NULL;
    }
    for (uint32_t i = 0; i < p->nprograms; i++) program_defaults(&p->programs[i]);
    for (uint32_t i = 0; i < p->ngoals; i++)
        if (p->goals[i].by.kind == TR_V_NONE && p->start.kind == TR_V_DATE)
            p->goals[i].by = (tr_value){.kind = TR_V_DATE, .date = tr_date_add_months(p->start_days, p->horizon_months)};
    if (p->lint_allow.kind == TR_V_NONE) p->lint_allow = *tr_entity_common_value(&p->e, offsetof(tr_entity_common, allow));
}

void tr_check_goal_target(ck *c, uint32_t i) {
    tr_goal *g = &c->plan->goals[i];
    if (!g->metric || g->target.kind != TR_V_BOUND || tr_dim_eq(g->metric->dim, g->target.dim)) return;
    c->file = c->entity_file[TR_E_GOAL][i];
    tr_buf a = {0}, b = {0};
    tr_dim_describe(g->metric->dim, &a);
    tr_dim_describe(g->target.dim, &b);
    tr_diag *d = tr_diag_add(c->diags, "E302", g->target.src ? g->target.src : src_of(c), g->target.node->begin, g->target.node->end,
                             "the target is %s but the metric is %s", b.data, a.data);
    tr_diag_help(d, "compare like with like: a share with a percentage, spend with money");
    tr_buf_free(&a), tr_buf_free(&b);
}

static void check_goal_targets(ck *c) {
    for (uint32_t i = 0; i < c->plan->ngoals; i++) tr_check_goal_target(c, i);
}

/* One plan: the files of its closure (the prelude first). False when it has errors. */
static tr_plan *check_plan(tr_arena *arena, const plan_files *pf, tr_diags *diags, size_t root_file) {
    tr_plan *p = TR_NEW(arena, tr_plan);
    if (!p) abort();
    top_items items;
    collect_items(pf, &items);
    p->files = tr_arena_alloc(arena, (pf->n ? pf->n : 1) * sizeof *p->files);
    if (!p->files) abort();
    for (size_t f = 0; f < pf->n; f++) {
        const tr_ast *ast = pf->files[f]->ast;
        p->files[p->nfiles++] = (tr_plan_file){pf->files[f]->src, ast->items, ast->item_at, ast->nitems, pf->files[f]->stdlib};
    }
    ck c;
    /* the names table holds the declarations (top-level blocks and lets): sized from the
     * file's length it was four times too large for a generated plan, 12 MB at 10 MB */
    tr_resolver_init(&c, p, arena, diags, items.n + 64);
    c.failed_import = pf->failed_import;
    collect_syntax(&c, diags, (const tr_file *const *)pf->files, pf->n);
    size_t from = diags->n;
    allocate_entities(&c, &items);
    const tr_node *plan_block = NULL;
    for (size_t i = 0; i < items.n; i++) {
        c.file = items.v[i].file;
        const tr_node *it = items.v[i].node;
        if (items.v[i].kind == TR_N_BLOCK) declare_block(&c, it, items.v[i].spec, &plan_block);
        else if (items.v[i].kind == TR_N_LET) declare_let(&c, it);
    }
    if (!plan_block) {
        c.file = pf->files[root_file];
        tr_diag *d = tr_diag_add(diags, "E401", c.file->src, 0, 0, "no plan block");
        tr_diag_help(d, "every plan has one: plan \"Title\" { start 2026-01; horizon 3 years }");
        memcpy(p->currency, "USD", 4);
    } else {
        c.file = c.plan_file;
        plan_currency(&c, plan_block);
        check_plan_block(&c, plan_block);
    }
    for (uint32_t i = 0; i < c.nlets; i++)
        if (!c.lets[i].file->stdlib) {
            c.file = c.lets[i].file;
            tr_eval_let(&c, i);
        }
    check_model_blocks(&c, &items);
    free(items.v);
    static const tr_entity_kind order[] = {TR_E_SKILL, TR_E_ROLE, TR_E_BUDGET, TR_E_MILESTONE, TR_E_PROGRAM, TR_E_MEASURE, TR_E_GOAL, TR_E_SCENARIO};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (uint32_t i = 0; i < *entity_count(p, order[k]); i++) check_entity(&c, order[k], i);
    for (uint32_t i = 0; i < p->nprograms; i++) {
        c.file = c.entity_file[TR_E_PROGRAM][i];
        tr_check_cost(&c, &p->programs[i]);
    }
    for (uint32_t d = 0; d < c.ndups; d++)
        if (c.dup_kinds[d] != TR_E_SCENARIO) check_duplicate(&c, d);
    for (uint32_t i = 0; i < p->nscenarios; i++) tr_check_scenario(&c, i);
    check_goal_targets(&c);
    defaults(&c);
    size_t before = tr_diags_count(diags, TR_SEV_ERROR);
    if (plan_block && p->start.kind == TR_V_DATE && p->horizon.kind == TR_V_NUMBER) {
        tr_structure_check(&c);
        /* spending is only worth adding up when every amount is known: not after another
         * error, nor when a line that failed to parse may have held one */
        if (tr_diags_count(diags, TR_SEV_ERROR) == before && !c.nsyntax) tr_structure_budgets(&c, tr_structure_uses_requires(p), NULL, NULL);
        if (!c.nsyntax) {
            tr_budget_trees trees = {0};
            tr_bookings bookings = {0};
            for (uint32_t i = 0; i < p->nscenarios; i++) tr_check_scenario_plan(&c, i, &trees, &bookings);
            tr_budget_trees_free(&trees);
            tr_bookings_free(&bookings);
        }
    }
    drop_cascades(&c, from);
    if (c.nsyntax) {
        c.file = c.plan_file;
        cascade_ctx x = {c.syntax_outside_blocks, !plan_block || (c.plan_file && tr_check_damaged(&c, plan_block)), true};
        tr_diags_filter(diags, from, not_a_cascade, &x);
    }
    p->lint_lists = tr_arena_alloc(arena, (c.nlint_lists ? c.nlint_lists : 1) * sizeof *p->lint_lists);
    if (!p->lint_lists) abort();
    if (c.nlint_lists) memcpy(p->lint_lists, c.lint_lists, c.nlint_lists * sizeof *p->lint_lists);
    p->nlint_lists = c.nlint_lists;
    tr_resolver_free(&c);
    return plan_block ? p : NULL;
}

/* ---- the public entry -------------------------------------------------------------------------- */

/* A file shared by two plans is checked twice; its diagnostics are kept once. */
/* A file shared by several plans on the command line is reported once. */
static bool not_a_repeat(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    (void)ctx;
    for (size_t j = from; j < kept; j++) {
        const tr_diag *e = ds->items[j];
        if (e->src == d->src && e->begin == d->begin && e->end == d->end && strcmp(e->code, d->code) == 0 &&
            strcmp(e->message, d->message) == 0)
            return false;
    }
    return true;
}

tr_checked *tr_check_sources(const tr_source *const *roots, size_t n, const tr_check_options *o, tr_diags *diags) {
    tr_checked *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->arena = tr_arena_new();
    if (c->arena) tr_arena_small_pages(c->arena);   /* it grows to the end of the check: the peak */
    c->plans = calloc(n ? n : 1, sizeof *c->plans);
    c->ok = calloc(n ? n : 1, sizeof *c->ok);
    size_t *index = calloc(n ? n : 1, sizeof *index);
    bool *imported = calloc(n ? n : 1, sizeof *imported);
    if (!c->arena || !c->plans || !c->ok || !index || !imported) abort();
    tr_loader_init(&c->loader, o->stdlib_dir, o->allow_outside_imports, diags);
    for (size_t i = 0; i < n; i++) index[i] = tr_loader_add(&c->loader, roots[i]);
    size_t found[256];
    for (size_t i = 0; i < n; i++) {
        size_t k = tr_loader_imports(&c->loader, index[i], found, 256);
        for (size_t j = 0; j < n; j++)
            for (size_t f = 0; f < k; f++)
                if (found[f] == index[j] && j != i) imported[j] = true;
    }
    size_t from = diags->n;
    for (size_t i = 0; i < n; i++) {
        if (imported[i]) continue;
        bool dup_root = false;
        for (size_t j = 0; j < i; j++) dup_root = dup_root || index[j] == index[i];
        if (dup_root) continue;
        size_t *order;
        size_t nf = tr_loader_closure(&c->loader, index[i], &order);
        plan_files pf = {calloc(nf ? nf : 1, sizeof(tr_file *)), nf, c->loader.failed};
        if (!pf.files) abort();
        bool syntax_ok = true;
        size_t root_pos = 0;
        for (size_t f = 0; f < nf; f++) {
            pf.files[f] = c->loader.files[order[f]];
            syntax_ok = syntax_ok && pf.files[f]->ast->errors == 0;
            if (order[f] == index[i]) root_pos = f;
        }
        size_t errors = tr_diags_count(diags, TR_SEV_ERROR);
        /* LANGUAGE.md section 6: later passes run on what parsed */
        c->plans[i] = check_plan(c->arena, &pf, diags, root_pos);
        c->ok[i] = syntax_ok && c->plans[i] && tr_diags_count(diags, TR_SEV_ERROR) == errors;
        free(pf.files);
        free(order);
    }
    tr_arena_trim(c->arena);   /* the plans are complete */
    size_t nroots = 0;
    for (size_t i = 0; i < n; i++) nroots += !imported[i];
    if (nroots > 1) tr_diags_filter(diags, from, not_a_repeat, NULL);
    c->nplans = n;
    free(index);
    free(imported);
    return c;
}

size_t tr_checked_count(const tr_checked *c) { return c->nplans; }

const tr_plan *tr_checked_plan(const tr_checked *c, size_t i, bool *ok) {
    if (ok) *ok = c->ok[i];
    return c->plans[i];
}

void tr_checked_free(tr_checked *c) {
    if (!c) return;
    tr_loader_free(&c->loader);
    tr_arena_free(c->arena);
    free(c->plans);
    free(c->ok);
    free(c);
}
