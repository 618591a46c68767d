/* check_block.c — the members of one block against the schema: attributes given once,
 * misspellings, required ones, and the nested blocks (baseline, gains, promotion, phase,
 * product) and attributes stored apart (a measure's value, a goal's metric). */
#include "check_parts.h"

#include <stdlib.h>
#include <string.h>

#include "eval.h"

typedef tr_resolver ck;

static const tr_source *src_of(const ck *c) { return c->file->src; }

static char *name_of(ck *c, const tr_node *n) { return tr_arena_strndup(c->arena, n->u.str.s, n->u.str.len); }

/* ---- blocks -------------------------------------------------------------------------------- */

/* An allow or deny list, for the lints (tr_plan.lint_lists): every block's attributes pass
 * through here once, so the lints need not walk them all again. */
void tr_check_note_lint_list(ck *c, const tr_attr_spec *s, const tr_node *attr, const tr_node *in, const char *block) {
    if (s->type != TR_T_LINTS) return;
    if (c->nlint_lists == c->lint_lists_cap) {
        c->lint_lists_cap = c->lint_lists_cap ? c->lint_lists_cap * 2 : 16;
        c->lint_lists = realloc(c->lint_lists, c->lint_lists_cap * sizeof *c->lint_lists);
        if (!c->lint_lists) abort();
    }
    bool lint_block = strcmp(block, "lint") == 0;
    c->lint_lists[c->nlint_lists++] = (tr_lint_list){attr, in, src_of(c), lint_block, lint_block && strcmp(s->name, "deny") == 0, c->file->stdlib};
}

static const char *attr_name(const tr_node *attr, char *buf, size_t cap) {
    const tr_node *p = attr->u.attr.path;
    size_t l = p->u.str.len < cap - 1 ? p->u.str.len : cap - 1;
    memcpy(buf, p->u.str.s, l);
    buf[l] = '\0';
    return buf;
}

/* E210 at `again`, with the first place: an attribute that is not repeatable, given twice. */
void tr_check_given_twice(ck *c, const tr_attr_spec *s, const char *name, const tr_node *again, const tr_source *first_src,
                        const tr_node *first) {
    tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), again->begin, again->end, "'%s' is given twice", name);
    tr_diag_note(d, first_src, first->begin, first->end, "first given here");
    if (s->flags & TR_A_LIST) tr_diag_help(d, "write it once, with all its values: %s a, b", name);
    else tr_diag_help(d, "keep one: the second would silently replace the first");
}

/* E204 with "did you mean"; returns the suggestion (a schema name), or NULL. */
const char *tr_check_unknown_attr(ck *c, const char *block, const tr_node *path) {
    char w[TR_WORD_MAX];
    tr_node_word(path, w);
    tr_diag *d = tr_diag_add(c->diags, "E204", src_of(c), path->begin, path->end, "unknown attribute '%s' in %s", w, block);
    const char *names[64];
    size_t n = tr_schema_attr_names(block, names, 64);
    const char *best = tr_suggest(w, names, n);
    if (best) tr_diag_help(d, "did you mean '%s'?", best);
    else if (n) {
        tr_buf list = {0};
        for (size_t i = 0; i < n; i++) tr_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
        tr_diag_help(d, "%s takes %s", block, list.data);
        tr_buf_free(&list);
    }
    return best;
}

void tr_check_unknown_block(ck *c, const tr_node *kind, bool top, const char *inside) {
    char w[TR_WORD_MAX];
    tr_node_word(kind, w);
    tr_diag *d = inside ? tr_diag_add(c->diags, "E203", src_of(c), kind->begin, kind->end, "unknown block kind '%s' in %s", w, inside)
                        : tr_diag_add(c->diags, "E203", src_of(c), kind->begin, kind->end, "unknown block kind '%s'", w);
    const char *names[64];
    size_t n = 0;
    if (top) n = tr_schema_block_names(true, names, 64);
    else {
        const char *all[64];
        size_t na = tr_schema_attr_names(inside, all, 64);
        for (size_t i = 0; i < na; i++) {
            const tr_attr_spec *s = tr_schema_attr(inside, all[i], strlen(all[i]));
            if (s && (s->type == TR_T_BLOCK || s->type == TR_T_SKILLS)) names[n++] = all[i];
        }
    }
    const char *best = tr_suggest(w, names, n);
    if (best) tr_diag_help(d, "did you mean '%s'?", best);
}

/* "add: kind WORD, one of coaching, training...": the missing attribute and what it takes. */
static void help_add(tr_diag *d, const tr_attr_spec *s) {
    if (s->type == TR_T_WORD) {
        tr_buf list = {0};
        size_t nw = 0;
        while (s->words[nw]) nw++;
        for (size_t i = 0; i < nw; i++) tr_buf_printf(&list, "%s%s", i ? (i + 1 == nw ? " or " : ", ") : "", s->words[i]);
        tr_diag_help(d, "add: %s WORD, one of %s", s->name, list.data);
        tr_buf_free(&list);
    } else if (s->type == TR_T_REF) {
        tr_diag_help(d, "add: %s NAME, naming a %s%s", s->name, tr_entity_kind_name(s->ref), (s->flags & TR_A_LIST) ? " (or several, with commas)" : "");
    } else {
        tr_diag_help(d, "add: %s %s", s->name, tr_schema_expected(s->type));
    }
}

/* Where a checked value goes: base + offset, or for the attributes every block takes, the
 * common part of `entity` (made when the first is written; nowhere when entity is NULL). */
void tr_check_store_value(ck *c, const tr_attr_spec *s, void *base, tr_entity *entity, const tr_value *v) {
    char *dest = base;
    if (strcmp(s->block, "*") == 0) {
        if (!entity || (!entity->common && v->kind == TR_V_NONE)) return;
        if (!entity->common) entity->common = TR_NEW(c->arena, tr_entity_common);
        if (!entity->common) abort();
        dest = (char *)entity->common;
    }
    if (dest) *(tr_value *)(void *)(dest + s->offset) = *v;
}

enum { SEEN_MAX = 48 };

void tr_check_members(ck *c, const tr_node *block, const char *kind, void *base, tr_entity *common, tr_check_nested_fn nested, void *owner) {
    const tr_attr_spec *seen[SEEN_MAX], *misspelt[8];
    const tr_node *seen_at[SEEN_MAX];
    size_t nseen = 0, nmisspelt = 0;
    char buf[64];
    /* a block holding a syntax error may have lost a brace: what it seems to nest is not judged */
    bool broken = tr_check_damaged(c, block);
    for (const tr_node *m = block->u.block.members; m; m = m->next) {
        if (m->kind == TR_N_BLOCK) {
            const tr_node *k = m->u.block.kind;
            const tr_attr_spec *s = tr_schema_index_attr(c->schema, kind, k->u.str.s, k->u.str.len);
            if (!s || (s->type != TR_T_BLOCK && s->type != TR_T_SKILLS)) {
                if (!broken) tr_check_unknown_block(c, k, false, kind);
                continue;
            }
            if (!(s->flags & TR_A_REPEAT)) {
                bool dup = false;
                for (size_t i = 0; i < nseen && !dup; i++)
                    if (seen[i] == s) {
                        tr_check_given_twice(c, s, s->name, k, src_of(c), seen_at[i]);
                        dup = true;
                    }
                if (dup) continue;
                if (nseen < SEEN_MAX) seen[nseen] = s, seen_at[nseen++] = k;
            }
            if (nested) nested(c, m, s, owner);
            continue;
        }
        if (m->kind != TR_N_ATTR) continue;
        const tr_node *path = m->u.attr.path;
        if (path->next) {
            tr_diag *d = tr_diag_add(c->diags, "E204", src_of(c), path->begin, m->u.attr.values ? m->u.attr.values->begin : m->end,
                                     "a dotted path is an override, allowed only in a scenario");
            tr_diag_help(d, "write the attribute in its own block, or put the override in a scenario");
            continue;
        }
        const tr_attr_spec *s = tr_schema_index_attr(c->schema, kind, path->u.str.s, path->u.str.len);
        if (!s || s->type == TR_T_BLOCK || s->type == TR_T_SKILLS) {
            /* a misspelt required attribute is reported once, as the misspelling */
            const char *meant = tr_check_unknown_attr(c, kind, path);
            const tr_attr_spec *ms = meant ? tr_schema_attr(kind, meant, strlen(meant)) : NULL;
            if (ms && nmisspelt < 8) misspelt[nmisspelt++] = ms;
            continue;
        }
        const tr_node *quoted = block->u.block.title;
        if (quoted && strcmp(s->name, "title") == 0) {
            tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), path->begin, path->end, "'title' is given twice");
            tr_diag_note(d, src_of(c), quoted->begin, quoted->end, "first given here, quoted after the name");
            tr_diag_help(d, "keep one: the quoted title or the `title` attribute");
            continue;
        }
        bool dup = false;
        for (size_t i = 0; i < nseen && !dup; i++)
            if (seen[i] == s && !(s->flags & TR_A_REPEAT)) {
                tr_check_given_twice(c, s, attr_name(m, buf, sizeof buf), path, src_of(c), seen_at[i]);
                dup = true;
            }
        if (dup) continue;
        if (nseen < SEEN_MAX) seen[nseen] = s, seen_at[nseen++] = path;
        if (broken && tr_check_damaged(c, m)) continue;   /* its value did not parse: already reported */
        tr_check_note_lint_list(c, s, m, block, kind);
        if (s->type == TR_T_METRIC || s->type == TR_T_CURRENCY || s->type == TR_T_EXCHANGE || s->offset == (size_t)-1) {
            if (nested) nested(c, m, s, owner);   /* stored apart: the owner knows where */
            else if (s->type == TR_T_STRING) (void)tr_check_attr_value(c, s, m, kind);   /* a nested block's title: checked, not kept */
            continue;
        }
        tr_value v = tr_check_attr_value(c, s, m, kind);
        tr_check_store_value(c, s, base, common, &v);
    }
    /* required attributes, unless one may have failed to parse */
    if (broken) return;
    size_t nrequired;
    const tr_attr_spec *const *required = tr_schema_index_required(c->schema, kind, &nrequired);
    for (size_t r = 0; r < nrequired; r++) {
        const tr_attr_spec *s = required[r];
        bool have = false;
        for (size_t i = 0; i < nseen && !have; i++) have = seen[i] == s;
        for (size_t i = 0; i < nmisspelt && !have; i++) have = misspelt[i] == s;
        if (have || nseen >= SEEN_MAX) continue;
        const tr_node *head = block->u.block.kind;
        const tr_node *nm = tr_block_name(block);
        tr_diag *d = tr_diag_add(c->diags, "E413", src_of(c), head->begin, nm ? nm->end : head->end, "%s%s%.*s has no '%s'", kind,
                                 nm ? " " : "", nm ? (int)nm->u.str.len : 0, nm ? nm->u.str.s : "", s->name);
        help_add(d, s);
    }
}

/* ---- nested blocks and attributes stored apart ----------------------------------------------- */

/* `baseline { leadership 55% }`, `gains { selling 20% }`: skills and shares. */
static void skill_levels(ck *c, const tr_node *blk, tr_skill_level **out, uint32_t *count) {
    uint32_t *stamps = c->stamps, stamp = ++c->stamp;
    uint32_t n = 0;
    for (const tr_node *m = blk->u.block.members; m; m = m->next) n += m->kind == TR_N_ATTR;
    tr_skill_level *levels = tr_arena_alloc(c->arena, (n ? n : 1) * sizeof *levels);
    if (!levels) abort();
    tr_attr_spec share = {blk->u.block.kind->u.str.s, "skill", TR_T_SHARE, 0, 0, 0, NULL, NULL, NULL};
    const char *kind = tr_node_is(blk->u.block.kind, "gains") ? "gains" : "baseline";
    const tr_attr_spec *common_seen[4];
    const tr_node *common_at[4];
    size_t ncommon = 0;
    uint32_t k = 0;
    for (const tr_node *m = blk->u.block.members; m; m = m->next) {
        if (m->kind == TR_N_BLOCK) { tr_check_unknown_block(c, m->u.block.kind, false, kind); continue; }
        if (m->kind != TR_N_ATTR) continue;
        const tr_node *p = m->u.attr.path;
        /* title, description, owner and allow, which every block takes, before skill names */
        const tr_attr_spec *cs = p->next ? NULL : tr_schema_index_attr(c->schema, kind, p->u.str.s, p->u.str.len);
        if (cs) {
            if (tr_resolver_find(c, TR_E_SKILL, p->u.str.s, p->u.str.len) != UINT32_MAX) {
                tr_diag *d = tr_diag_add(c->diags, "E208", src_of(c), p->begin, p->end,
                                         "'%s' is both a skill and an attribute every block takes", cs->name);
                tr_diag_help(d, "rename the skill: in %s, '%s' is read as the attribute", kind, cs->name);
                continue;
            }
            bool twice = false;
            for (size_t i = 0; i < ncommon && !twice; i++)
                if (common_seen[i] == cs) {
                    tr_check_given_twice(c, cs, cs->name, p, src_of(c), common_at[i]);
                    twice = true;
                }
            if (twice) continue;
            if (ncommon < 4) common_seen[ncommon] = cs, common_at[ncommon++] = p;
            tr_check_note_lint_list(c, cs, m, blk, kind);
            (void)tr_check_attr_value(c, cs, m, kind);
            continue;
        }
        uint32_t skill = tr_resolver_ref(c, TR_E_SKILL, p);
        if (skill == UINT32_MAX) continue;
        if (stamps[skill] == stamp) {
            tr_diag *d = tr_diag_add(c->diags, "E210", src_of(c), p->begin, p->end, "skill '%.*s' is given twice", (int)p->u.str.len, p->u.str.s);
            tr_diag_help(d, "give each skill once in %s", kind);
            continue;
        }
        stamps[skill] = stamp;
        char nm[64];
        share.name = attr_name(m, nm, sizeof nm);
        tr_value v = tr_check_attr_value(c, &share, m, "skills");
        if (v.kind == TR_V_NONE) continue;
        levels[k++] = (tr_skill_level){skill, v};
    }
    *out = levels;
    *count = k;
}

static void role_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    tr_check_nest *ns = owner;
    tr_role *role = ns->entity;
    if (strcmp(s->name, "baseline") == 0) {
        skill_levels(c, m, &role->baseline, &role->nbaseline);
    } else if (strcmp(s->name, "promotion") == 0) {
        tr_promotion *p = &role->promotions[ns->nprom++];
        tr_check_members(c, m, "promotion", p, NULL, NULL, NULL);
        if (p->into.kind == TR_V_REF && p->into.index == (uint32_t)(role - c->plan->roles)) {
            tr_diag *d = tr_diag_add(c->diags, "E415", src_of(c), p->into.node->begin, p->into.node->end,
                                     "role '%s' is promoted into itself", role->e.name);
            tr_diag_help(d, "a promotion moves people into another role: name the role they move up to");
            p->into.kind = TR_V_NONE;
        }
    }
}

static void program_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    tr_check_nest *ns = owner;
    tr_program *prog = ns->entity;
    if (strcmp(s->name, "gains") == 0) {
        skill_levels(c, m, &prog->gains, &prog->ngains);
    } else if (strcmp(s->name, "phase") == 0) {
        const tr_node *nm = tr_block_name(m);
        if (!nm) {
            tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), m->u.block.kind->begin, m->u.block.kind->end, "a phase needs a name: pre, core or post");
            tr_diag_help(d, "write phase pre { ... }, phase core { ... } or phase post { ... }");
            return;
        }
        static const char *const phases[] = {"pre", "core", "post"};
        int k = -1;
        for (int i = 0; i < 3; i++)
            if (tr_node_is(nm, phases[i])) k = i;
        if (k < 0) {
            tr_diag *d = tr_diag_add(c->diags, "E309", src_of(c), nm->begin, nm->end, "a phase is pre, core or post, found '%.*s'", (int)nm->u.str.len, nm->u.str.s);
            char w[TR_WORD_MAX];
            const char *best = tr_suggest(tr_node_word(nm, w), phases, 3);
            if (best) tr_diag_help(d, "did you mean '%s'?", best);
            else tr_diag_help(d, "write `phase pre { ... }`, `phase core { ... }` or `phase post { ... }`");
            return;
        }
        if (ns->phase_at[k]) {
            tr_diag *d = tr_diag_add(c->diags, "E202", src_of(c), nm->begin, nm->end, "phase '%s' is declared twice in this program", phases[k]);
            tr_diag_note(d, src_of(c), ns->phase_at[k]->begin, ns->phase_at[k]->end, "first declared here");
            tr_diag_help(d, "a program has at most one phase %s: merge the two", phases[k]);
            tr_phase scratch = {0};   /* its body is still checked */
            tr_check_members(c, m, "phase", &scratch, NULL, NULL, NULL);
            return;
        }
        ns->phase_at[k] = nm;
        tr_phase *ph = &prog->phases[prog->nphases++];
        ph->kind = (uint8_t)k;
        ph->node = m;
        tr_check_members(c, m, "phase", ph, NULL, NULL, NULL);
    } else if (strcmp(s->name, "product") == 0) {
        const tr_node *nm = tr_block_name(m);
        if (!nm) {
            tr_diag *d = tr_diag_add(c->diags, "E209", src_of(c), m->u.block.kind->begin, m->u.block.kind->end, "a product needs a name");
            tr_diag_help(d, "write product NAME \"Title\" { guardian ROLE; review 6 months }");
            return;
        }
        for (uint32_t j = 0; j < prog->nproducts; j++) {
            const tr_node *first = tr_block_name(prog->products[j].node);
            if (first->u.str.len != nm->u.str.len || memcmp(first->u.str.s, nm->u.str.s, nm->u.str.len) != 0) continue;
            tr_diag *d = tr_diag_add(c->diags, "E202", src_of(c), nm->begin, nm->end, "product '%.*s' is declared twice in this program",
                                     (int)nm->u.str.len, nm->u.str.s);
            tr_diag_note(d, src_of(c), first->begin, first->end, "first declared here");
            tr_diag_help(d, "rename one of them, or merge the two");
            tr_product scratch = {0};   /* its body is still checked */
            tr_check_members(c, m, "product", &scratch, NULL, NULL, NULL);
            return;
        }
        tr_product *pr = &prog->products[prog->nproducts++];
        pr->name = name_of(c, nm);
        pr->title = m->u.block.title ? name_of(c, m->u.block.title) : NULL;
        pr->node = m;
        tr_check_members(c, m, "product", pr, NULL, NULL, NULL);
    }
}

/* `metric keep_people`, naming a goal (or a role...) where a measure goes; or a name nothing
 * declares, with nothing close to suggest: what a goal's metric may be. True when reported. */
static bool not_a_measure(ck *c, const tr_node *v) {
    if (v->kind != TR_N_NAME) return false;
    const char *s = v->u.str.s;
    uint32_t len = v->u.str.len;
    if (tr_resolver_find(c, TR_E_MEASURE, s, len) != UINT32_MAX || tr_resolver_find(c, TR_NS_LET, s, len) != UINT32_MAX ||
        tr_resolver_find(c, TR_NS_UNKNOWN, s, len) != UINT32_MAX)
        return false;
    unsigned other = 0;
    while (other < TR_E_COUNT && tr_resolver_find(c, other, s, len) == UINT32_MAX) other++;
    if (other == TR_E_COUNT) {
        if (tr_resolver_suggest(c, TR_E_MEASURE, s, len)) return false;   /* a typo: eval suggests it */
        tr_diag *d = tr_diag_add(c->diags, "E201", src_of(c), v->begin, v->end, "unknown measure '%.*s'", (int)len, s);
        tr_diag_help(d, "a goal's metric is a measure or a metric expression: declare measure %.*s { value retention(ROLE) }, "
                        "or write the expression here, as in metric retention(ROLE)", (int)len, s);
        return true;
    }
    tr_diag *d = tr_diag_add(c->diags, "E303", src_of(c), v->begin, v->end, "'metric' expects a measure or a metric expression, found the %s '%.*s'",
                             tr_entity_kind_name((tr_entity_kind)other), (int)len, s);
    if (other == TR_E_GOAL)
        tr_diag_help(d, "a goal cannot be another goal's metric: put the metric in a measure that both goals name, "
                        "as in measure m { value retention(ROLE) } and metric m");
    else if (other == TR_E_ROLE)
        tr_diag_help(d, "read the role with a metric function: metric retention(%.*s), headcount(%.*s)", (int)len, s, (int)len, s);
    else if (other == TR_E_BUDGET || other == TR_E_PROGRAM)
        tr_diag_help(d, "read the %s with a metric function: metric spend(%.*s)", tr_entity_kind_name((tr_entity_kind)other), (int)len, s);
    else
        tr_diag_help(d, "name a measure, or write a metric expression, as in metric retention(ROLE)");
    return true;
}

static void metric_attr(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    tr_check_nest *ns = owner;
    if (strcmp(s->name, "title") == 0) {
        tr_value v = tr_check_string(c, s, m);
        tr_entity *e = ns->entity;
        if (v.kind == TR_V_STRING && e) e->title = tr_arena_strndup(c->arena, v.str, v.len);
        return;
    }
    if (s->type != TR_T_METRIC) return;
    if (m->u.attr.values->next) {
        tr_diag_add(c->diags, "E311", src_of(c), m->u.attr.values->next->begin, m->end, "'%s' takes one value", s->name);
        return;
    }
    if (ns->kind == TR_E_GOAL && not_a_measure(c, m->u.attr.values)) return;
    tr_metric *x = tr_eval_metric(c, m->u.attr.values, ns->kind == TR_E_GOAL);
    if (ns->kind == TR_E_MEASURE) ((tr_measure *)ns->entity)->value = x;
    else ((tr_goal *)ns->entity)->metric = x;
}

void tr_check_nested(ck *c, const tr_node *m, const tr_attr_spec *s, void *owner) {
    tr_check_nest *ns = owner;
    if (m->kind == TR_N_ATTR) { metric_attr(c, m, s, owner); return; }
    if (ns->kind == TR_E_ROLE) role_nested(c, m, s, owner);
    else if (ns->kind == TR_E_PROGRAM) program_nested(c, m, s, owner);
}

