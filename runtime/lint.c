/* lint.c — the domain lints' control: one table of code, name, severity, function and
 * explanation; the `allow` / `deny` lists around them and tr_lint_report, through which
 * every finding goes; unknown-lint (W112), the lint of those lists; and the entry points.
 * The lints themselves, one function each, are in lint_rules.c. */
#include "lint.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "lint_rules.h"

/* One file of the plan, its top-level items in an array (the plan's): a finding's position
 * finds the blocks around it by binary search. */
typedef struct lint_file {
    const tr_source *src;
    const tr_node *const *items;
    size_t nitems;
    bool stdlib;
} lint_file;

/* A block that carries an allow list: what it allows, where it is. */
typedef struct allow_at {
    const tr_source *src;
    const tr_node *block;
    uint32_t begin, end;     /* the block's */
    uint32_t mask;           /* a bit per lint */
} allow_at;

/* The lint context (lint_rules.h): the plan, and the allow/deny state behind tr_lint_report. */
struct tr_lint_ctx {
    const tr_plan *p;
    tr_diags *diags;
    uint32_t plan_allow;     /* a bit per lint: allowed by a `lint` block, everywhere */
    uint32_t deny;           /* a bit per lint: denied by a `lint` block (errors) */
    lint_file *files;        /* sorted by source, for file_of */
    size_t nfiles;
    allow_at *allows;        /* sorted by source and position, for the look-ups of tr_lint_report() */
    size_t nallows;
};

typedef void (*lint_fn)(tr_lint_ctx *x);

typedef struct lint_def {
    tr_code_info info;
    lint_fn fn;
} lint_def;

static void lint_unknown_names(tr_lint_ctx *x);   /* W112, below: the lint of the lists themselves */


/* The one table: codes are stable, never renumber; the order is the code order. */
static const lint_def lints[TR_LINT_COUNT] = {
    {{"W101", "no-manager-involvement", TR_SEV_WARNING,
      "a training, workshop or elearning program has no manager_involvement",
      "What managers do before, during and after a training decides how much of it is applied\n"
      "at work (Saks & Belcourt 2006; Brinkerhoff's 40/20/40). The model applies 15% of what\n"
      "is learned with no support and 85% with full support (transfer_floor, transfer_span).\n"
      "Coaching and mentoring programs are support in themselves and are not checked.\n"
      "Name the phases in which managers take part: manager_involvement before, during, after.",
      "program onboarding { kind training; for employee; cost 500 USD per person }"},
     tr_lint_rule_no_manager_involvement},
    {{"W102", "no-reinforcement", TR_SEV_WARNING,
      "a training or workshop has no post phase, no coaching and no reinforced_by",
      "A training with nothing after it is an event, not a journey: applied skill fades with a\n"
      "half-life of about a year (applied_half_life), and coaching after training multiplied\n"
      "its effect almost four times in Olivero, Bane & Kopelman (1997). Give the program a\n"
      "`phase post { duration 12 weeks; coaching 6 hours per person }`, coaching hours in any\n"
      "phase, or `reinforced_by` a coaching or mentoring program.",
      "program sales { kind training; for employee; cost 900 USD per person\n"
      "                manager_involvement before, after }"},
     tr_lint_rule_no_reinforcement},
    {{"W103", "product-without-guardian", TR_SEV_WARNING, "a product has no guardian",
      "A product of a program (a playbook, a toolkit, a course) outlives the program only when a\n"
      "role keeps it current and in use. Name that role: `guardian ROLE`, and how often it is\n"
      "reviewed: `review 6 months`.",
      "program sales { ...\n  product playbook \"Sales playbook\" { review 6 months }\n}"},
     tr_lint_rule_product_without_guardian},
    {{"W104", "siloed-development", TR_SEV_WARNING,
      "one role is developed and a role it reports to or manages is not, or gets 10 times less",
      "Leaders and their teams developed apart pull in different directions: employees come\n"
      "back from training to managers who do not practise what they learned, and executives\n"
      "coached alone lead teams that were not (Gallup 2015: managers explain at least 70% of\n"
      "the variance in engagement). The model raises attrition with misalignment.\n"
      "For each `reports_to` pair the lint compares development spend per head per year:\n"
      "each enabled program's cost (audits aside) at the rate it runs, a one-off cost spread\n"
      "over the plan's horizon, shared by the enrolled people of its roles (headcount times\n"
      "participants), and divided by the role's headcount. It fires when one of the two gets\n"
      "none while the other does, or more than 10 times as much.",
      "role manager  { headcount 80 }\nrole employee { headcount 900; reports_to manager }\n"
      "program academy { kind training; for employee; cost 1286 USD per person per year }"},
     tr_lint_rule_siloed_development},
    {{"W105", "shallow-measures", TR_SEV_WARNING,
      "the plan measures only reaction or learning, nothing at behavior or results level",
      "Satisfaction (Kirkpatrick level 1) and test scores (level 2) say little about whether\n"
      "anything changed at work. Measure behaviour (level 3: behavior(role, skill)) or results\n"
      "(level 4: productivity, retention; level 5: roi). A measure's level is its `level`, or,\n"
      "when it has none, read from the metric functions it uses; a goal's own metric counts\n"
      "too, with no measure at all. A plan that evaluates nothing (no measure or goal, or\n"
      "inputs only: headcount, spend, cost) is not checked.",
      "measure smiles { level reaction; value participation(academy) }"},
     tr_lint_rule_shallow_measures},
    {{"W106", "goal-without-measure", TR_SEV_WARNING,
      "a goal's metric reads nothing that any program can move",
      "A goal the programs cannot move is a wish, not a plan. As MODEL.md computes them:\n"
      "knowledge and behavior of a role and skill move when a program for that role, or for a\n"
      "role promoted into it, gains that skill; productivity when a skill of the role moves;\n"
      "retention and attrition when the role has an attrition and it, or a role next to it in\n"
      "the hierarchy, is in a program; headcount the same, and only where hires do not hold it\n"
      "at its target (hiring none, or promotions in); spend of a budget when a program books\n"
      "to it or below it; cost, participation and spend of a program always; benefit when a\n"
      "role with a salary gains a skill or keeps more people; roi when there is a program;\n"
      "alignment when a program is for a role of a reports_to pair. A constant moves with\n"
      "nothing. Disabled programs and scenarios' values count.",
      "goal sell_more { metric behavior(employee, selling); target >= 40% }   # no program gains selling"},
     tr_lint_rule_goal_without_measure},
    {{"W107", "coaching-rate-outside-range", TR_SEV_WARNING,
      "coaching costs less than 200 or more than 3,000 per hour in the plan's currency",
      "Executive coaching costs 200 to 3,000 USD per hour on the 2025 market (a session\n"
      "averages 234 USD, ICF 2025). A rate outside it is usually a unit mistake: a price per\n"
      "session or per day written per hour, or a yearly fee without `per person per year`. The\n"
      "rate is the cost per hour, or the cost divided by `hours` when the cost is per person.",
      "program coaching { kind coaching; for executive; cost 45 USD per hour\n"
      "                   hours 24 hours per person per year }"},
     tr_lint_rule_coaching_rate},
    {{"W108", "no-gap-analysis", TR_SEV_WARNING,
      "programs start before any audit program or milestone named as one",
      "Development that starts before anyone has looked at the gaps trains what is easy to\n"
      "buy, not what is missing. A gap analysis is a program of kind audit, or a milestone whose\n"
      "name or title has the word audit, gap or assessment (whole words: not 'Singapore', not\n"
      "'auditorium'). A program starts at its `start`, or the month after the last milestone\n"
      "it comes `after`, or with the plan. With no gap analysis at all the lint fires once, at\n"
      "the program that starts first; otherwise at each program that starts before the first\n"
      "gap analysis. Start them `after` the milestone, or, for an audit program (`after` takes\n"
      "milestones only), with a `start` once it has ended or after a milestone that requires it.",
      "milestone audit { due 2026-06 }\nprogram academy { kind training; for employee; cost 900 USD per person }"},
     tr_lint_rule_no_gap_analysis},
    {{"W109", "over-allocated-budget", TR_SEV_WARNING,
      "the amounts of a budget's children add up to more than its own",
      "Child budgets (`parent`) are carved out of their parent: when they hold more together\n"
      "than the parent, the plan promises money it does not have, and the parent will be\n"
      "exceeded before the children are. Amounts per year are compared month by month, over\n"
      "the parent's months: the children that hold money in the same month (from their start\n"
      "month to their end month) against the parent. With a total anywhere, each amount\n"
      "becomes a total over its budget's months (or the plan's horizon).",
      "budget learning { amount 1M USD per year }\n"
      "budget coaching { parent learning; amount 700k USD per year }\n"
      "budget academy  { parent learning; amount 500k USD per year }"},
     tr_lint_rule_over_allocated_budget},
    {{"W110", "unused", TR_SEV_WARNING, "a skill, budget, measure or milestone that nothing uses",
      "A declared thing that nothing refers to is usually a leftover or a misspelt reference.\n"
      "A skill is used by a baseline, gains or a metric; a budget by a program, a child budget\n"
      "or spend(); a measure by a goal; a milestone by an `after` list, or by its own\n"
      "`requires` (it checks programs). Scenario overrides that name it count too.",
      "skill negotiation { half_life 12 months }   # in no baseline, gains or metric"},
     tr_lint_rule_unused},
    {{"W111", "personal-data", TR_SEV_WARNING, "an e-mail address or a phone number in a string",
      "Plans are committed to git and read by everyone who can read the repository, for as long\n"
      "as its history lives. Keep people's contact details out of them: name a role or a team\n"
      "as the owner, and keep who is who in the HR system. Every string of every file of the\n"
      "plan is read, constants and imports too. Phone numbers are recognised by their shape:\n"
      "7 to 15 digits in groups, from '+', with an area code in parentheses, from a trunk 0\n"
      "(10 digits or more), or in three groups or more (9 digits or more); dates, years,\n"
      "amounts, versions and ISBNs are not (docs/lints.md gives the rules and examples).",
      "plan \"P\" { start 2026-01; horizon 1 year; owner \"jane.doe@example.com\" }"},
     tr_lint_rule_personal_data},
    {{"W112", "unknown-lint", TR_SEV_WARNING, "an allow or deny list names a lint that does not exist",
      "`allow` and `deny` take lint names (no-manager-involvement) or codes (W101). A name that\n"
      "is no lint silences nothing, which is rarely what was meant: the help line suggests the\n"
      "closest lint name, or the code a mistyped code looks like (W1O1 for W101). Every allow\n"
      "of every block is checked, nested blocks' too, and every lint block's deny.",
      "lint { allow no-manager-involvment }"},
     lint_unknown_names},
};

/* ---- the table ------------------------------------------------------------------------------ */

const tr_code_info *tr_lint_info(size_t i) { return i < TR_LINT_COUNT ? &lints[i].info : NULL; }

static bool same_code(const char *code, const char *s, size_t len) {
    if (strlen(code) != len) return false;
    for (size_t i = 0; i < len; i++)
        if (code[i] != (s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i])) return false;
    return true;
}

/* The lint a word of an allow or deny list names (its name, or its code in either case). */
static int lint_index(const char *s, size_t len) {
    for (int i = 0; i < TR_LINT_COUNT; i++) {
        const tr_code_info *c = &lints[i].info;
        if ((strlen(c->name) == len && memcmp(c->name, s, len) == 0) || same_code(c->code, s, len)) return i;
    }
    return -1;
}

const tr_code_info *tr_lint_find(const char *code_or_name) {
    int i = lint_index(code_or_name, strlen(code_or_name));
    return i < 0 ? NULL : &lints[i].info;
}

/* ---- allow and deny ------------------------------------------------------------------------- */

/* `allow` and `deny` are read from the blocks' text, as the checker reads lint names
 * (kebab-case parses as a subtraction): every block may carry `allow` (LANGUAGE.md section 5),
 * nested ones too (a phase, a product, gains), and those keep no checked value (plan.h). */
typedef void (*word_fn)(tr_lint_ctx *x, const tr_source *src, const tr_node *n, const char *s, size_t len, void *arg);

/* Each word of one allow or deny attribute. */
static void list_words(tr_lint_ctx *x, const tr_node *m, const tr_source *src, word_fn fn, void *arg) {
    const tr_node *v = m->u.attr.values;
    if (v && !v->next && v->kind == TR_N_LIST) v = v->u.bin.a;
    for (; v; v = v->next) {
        if (v->kind == TR_N_STRING) fn(x, src, v, v->u.str.s, v->u.str.len, arg);
        else fn(x, src, v, src->text + v->begin, v->end - v->begin, arg);
    }
}

static void add_to_mask(tr_lint_ctx *x, const tr_source *src, const tr_node *n, const char *s, size_t len, void *arg) {
    (void)x, (void)src, (void)n;
    int k = lint_index(s, len);
    if (k >= 0) *(uint32_t *)arg |= 1u << k;
}

static int allow_cmp(const void *pa, const void *pb) {
    const allow_at *a = pa, *b = pb;
    if (a->src != b->src) return (uintptr_t)a->src < (uintptr_t)b->src ? -1 : 1;
    return a->begin < b->begin ? -1 : a->begin > b->begin;
}

/* The first block with an allow list in src at or after byte `at`. */
static size_t allows_from(const tr_lint_ctx *x, const tr_source *src, uint32_t at) {
    size_t lo = 0, hi = x->nallows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const allow_at *a = &x->allows[mid];
        if ((uintptr_t)a->src < (uintptr_t)src || (a->src == src && a->begin < at)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int file_cmp(const void *pa, const void *pb) {
    uintptr_t a = (uintptr_t)((const lint_file *)pa)->src, b = (uintptr_t)((const lint_file *)pb)->src;
    return a < b ? -1 : a > b;
}

static const lint_file *file_of(const tr_lint_ctx *x, const tr_source *src) {
    lint_file key = {src, NULL, 0, false};
    return src ? bsearch(&key, x->files, x->nfiles, sizeof key, file_cmp) : NULL;
}

/* The top-level item of f that holds byte `off`, or NULL. */
static const tr_node *item_at(const lint_file *f, uint32_t off) {
    size_t lo = 0, hi = f->nitems;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->items[mid]->end <= off) lo = mid + 1;
        else hi = mid;
    }
    return lo < f->nitems && f->items[lo]->begin <= off ? f->items[lo] : NULL;
}

/* What the blocks around byte `off` of src allow: the top-level block that holds it and each
 * nested block inside it that holds it too (a program, its phase; a program, its product). */
static uint32_t allowed_around(tr_lint_ctx *x, const tr_source *src, uint32_t off) {
    const lint_file *f = x->nallows ? file_of(x, src) : NULL;
    const tr_node *item = f ? item_at(f, off) : NULL;
    uint32_t m = 0;
    if (!item || item->kind != TR_N_BLOCK) return 0;
    for (size_t i = allows_from(x, src, item->begin); i < x->nallows && x->allows[i].src == src && x->allows[i].begin < item->end; i++)
        if (x->allows[i].begin <= off && off < x->allows[i].end) m |= x->allows[i].mask;
    return m;
}

static uint32_t entity_mask(tr_lint_ctx *x, const tr_entity *e) {
    if (!e || e == &x->p->e || !e->node || !x->nallows) return 0;
    uint32_t m = 0;
    for (size_t i = allows_from(x, e->src, e->node->begin); i < x->nallows && x->allows[i].src == e->src && x->allows[i].begin == e->node->begin; i++)
        if (x->allows[i].block == e->node) m |= x->allows[i].mask;
    return m;
}

const tr_plan *tr_lint_ctx_plan(const tr_lint_ctx *x) { return x->p; }

/* Every finding goes through here: silenced by an allow around it, an error when denied. */
tr_diag *tr_lint_report(tr_lint_ctx *x, int lint, tr_lint_site s, const tr_source *src, uint32_t begin, uint32_t end,
                        const char *fmt, ...) {
    uint32_t bit = 1u << lint;
    if ((x->plan_allow | entity_mask(x, s.a) | entity_mask(x, s.b) | allowed_around(x, src, begin)) & bit) return NULL;
    tr_buf m = {0};
    va_list ap;
    va_start(ap, fmt);
    tr_buf_vprintf(&m, fmt, ap);
    va_end(ap);
    const tr_code_info *c = &lints[lint].info;
    tr_severity sev = (x->deny & bit) ? TR_SEV_ERROR : c->severity;
    tr_diag *d = tr_diag_add_as(x->diags, sev, c->code, c->name, src, begin, end, "%s", m.len ? m.data : "");
    d->summary = c->summary;
    tr_buf_free(&m);
    return d;
}

/* ---- W112 unknown-lint: an allow or deny that silences nothing ----------------------------- */

/* A code mistyped with a letter for a digit (W1O1, w1l2): the code it looks like, or NULL. */
static const char *code_look_alike(const char *s, size_t len) {
    char fixed[8];
    if (len < 2 || len >= sizeof fixed || (s[0] | 0x20) != 'w') return NULL;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        fixed[i] = i == 0 ? 'W' : (c == 'O' || c == 'o') ? '0' : (c == 'I' || c == 'l' || c == 'i') ? '1' : c;
    }
    fixed[len] = '\0';
    int k = lint_index(fixed, len);
    return k >= 0 ? lints[k].info.code : NULL;
}

static void unknown_word(tr_lint_ctx *x, const tr_source *src, const tr_node *n, const char *s, size_t len, void *arg) {
    (void)arg;
    if (lint_index(s, len) >= 0 || !src || !n) return;
    char word[64];
    size_t l = len < sizeof word - 1 ? len : sizeof word - 1;
    memcpy(word, s, l);
    word[l] = '\0';
    const char *names[TR_LINT_COUNT];
    for (size_t i = 0; i < TR_LINT_COUNT; i++) names[i] = lints[i].info.name;
    tr_diag *d = tr_lint_report(x, TR_LINT_UNKNOWN_LINT, (tr_lint_site){NULL, NULL}, src, n->begin, n->end, "unknown lint '%.*s'", (int)len, s);
    if (!d) return;
    const char *best = code_look_alike(s, len);
    if (!best) best = tr_suggest(word, names, TR_LINT_COUNT);
    for (size_t i = 0; i < TR_LINT_COUNT && !best && len >= 4; i++)   /* a name cut short: no-manager */
        if (strncmp(names[i], word, l) == 0) best = names[i];
    if (best) tr_diag_help(d, "did you mean '%s'?", best);
    else tr_diag_help(d, "`trellis explain --list-markdown` lists every lint (docs/diagnostics.md)");
}

/* Every allow list of every block, nested ones too, and every lint block's deny list, as
 * the checker met them (tr_plan.lint_lists), the standard library's aside. */
static void lint_unknown_names(tr_lint_ctx *x) {
    for (uint32_t i = 0; i < x->p->nlint_lists; i++) {
        const tr_lint_list *l = &x->p->lint_lists[i];
        if (!l->stdlib) list_words(x, l->attr, l->src, unknown_word, NULL);
    }
}

/* ---- the entry points --------------------------------------------------------------------- */

/* The plan's files for the position look-ups, and the `lint` blocks' lists: every lint block
 * of every file counts (a plan may keep one per file). */
static void lint_setup(tr_lint_ctx *x) {
    const tr_plan *p = x->p;
    x->files = calloc(p->nfiles ? p->nfiles : 1, sizeof *x->files);
    if (!x->files) abort();
    for (size_t f = 0; f < p->nfiles; f++) {
        x->files[x->nfiles++] = (lint_file){p->files[f].src, p->files[f].item_at, p->files[f].nitems, p->files[f].stdlib};
    }
    qsort(x->files, x->nfiles, sizeof *x->files, file_cmp);
    x->allows = malloc((p->nlint_lists ? p->nlint_lists : 1) * sizeof *x->allows);
    if (!x->allows) abort();
    for (uint32_t i = 0; i < p->nlint_lists; i++) {
        const tr_lint_list *l = &p->lint_lists[i];
        if (l->in_lint_block) list_words(x, l->attr, l->src, add_to_mask, l->deny ? &x->deny : &x->plan_allow);
        if (l->deny || !l->src || !l->block) continue;
        allow_at *a = &x->allows[x->nallows++];
        *a = (allow_at){l->src, l->block, l->block->begin, l->block->end, 0};
        list_words(x, l->attr, l->src, add_to_mask, &a->mask);
    }
    qsort(x->allows, x->nallows, sizeof *x->allows, allow_cmp);
}

static void lint_teardown(tr_lint_ctx *x) {
    free(x->files);
    free(x->allows);
}

void tr_lint_plan(const tr_plan *p, tr_diags *diags) {
    tr_lint_ctx x = {p, diags, 0, 0, NULL, 0, NULL, 0};
    lint_setup(&x);
    for (size_t i = 0; i < TR_LINT_COUNT; i++) lints[i].fn(&x);
    lint_teardown(&x);
}

/* Diagnostics compared for repeats: same place, code and message; the earliest first. */
typedef struct slot { tr_diag *d; size_t pos; } slot;

static int slot_cmp(const void *pa, const void *pb) {
    const tr_diag *a = ((const slot *)pa)->d, *b = ((const slot *)pb)->d;
    if (a->src != b->src) return (uintptr_t)a->src < (uintptr_t)b->src ? -1 : 1;
    if (a->begin != b->begin) return a->begin < b->begin ? -1 : 1;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    int c = strcmp(a->code, b->code);
    if (c) return c;
    c = strcmp(a->message, b->message);
    if (c) return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool repeats(const tr_diag *a, const tr_diag *b) {
    return a->src == b->src && a->begin == b->begin && a->end == b->end && !strcmp(a->code, b->code) &&
           !strcmp(a->message, b->message);
}

/* A file shared by two plans is linted twice: keep the first of each repeat, in order.
 * Sorting keeps it n log n: a large plan may have many findings. */
static void drop_repeats(tr_diags *ds, size_t from) {
    size_t n = ds->n - from;
    if (n < 2) return;
    slot *s = malloc(n * sizeof *s);
    bool *drop = calloc(n, sizeof *drop);
    tr_diags gone = {malloc(n * sizeof(tr_diag *)), 0, n};
    if (!s || !drop || !gone.items) abort();
    for (size_t i = 0; i < n; i++) s[i] = (slot){ds->items[from + i], i};
    qsort(s, n, sizeof *s, slot_cmp);
    for (size_t i = 1, keep = 0; i < n; i++) {
        if (repeats(s[keep].d, s[i].d)) drop[s[i].pos] = true;
        else keep = i;
    }
    size_t kept = from;
    for (size_t i = 0; i < n; i++) {
        if (drop[i]) gone.items[gone.n++] = ds->items[from + i];
        else ds->items[kept++] = ds->items[from + i];
    }
    ds->n = kept;
    tr_diags_free(&gone);   /* frees the repeats and the array */
    free(s);
    free(drop);
}

/* A plan's `ok` does not see errors found while its files were read (an import cycle is
 * reported by the loader): lints wait for a run without any error. */
void tr_lint_checked(const tr_checked *c, tr_diags *diags) {
    size_t from = diags->n, linted = 0;
    if (tr_diags_count(diags, TR_SEV_ERROR)) return;
    for (size_t i = 0; i < tr_checked_count(c); i++) {
        bool ok = false;
        const tr_plan *p = tr_checked_plan(c, i, &ok);
        if (p && ok) tr_lint_plan(p, diags), linted++;
    }
    if (linted > 1) drop_repeats(diags, from);
}
