/* schema.c — LANGUAGE.md section 5 as data: the block kinds, then every attribute. */
#include "schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const tr_program_kinds[] = {"coaching", "training", "mentoring", "workshop", "elearning", "audit", NULL};
const char *const tr_levels[] = {"reaction", "learning", "behavior", "results", "roi", NULL};
const char *const tr_involvement_words[] = {"before", "during", "after", NULL};
static const char *const hiring_words[] = {"replace", "none", NULL};
static const char *const phase_names[] = {"pre", "core", "post", NULL};

static const tr_block_spec blocks[] = {
    {"plan", TR_E_COUNT, true, TR_NAME_NONE, NULL},
    {"skill", TR_E_SKILL, true, TR_NAME_REQUIRED, NULL},
    {"role", TR_E_ROLE, true, TR_NAME_REQUIRED, NULL},
    {"budget", TR_E_BUDGET, true, TR_NAME_REQUIRED, NULL},
    {"program", TR_E_PROGRAM, true, TR_NAME_REQUIRED, NULL},
    {"milestone", TR_E_MILESTONE, true, TR_NAME_REQUIRED, NULL},
    {"measure", TR_E_MEASURE, true, TR_NAME_REQUIRED, NULL},
    {"goal", TR_E_GOAL, true, TR_NAME_REQUIRED, NULL},
    {"scenario", TR_E_SCENARIO, true, TR_NAME_REQUIRED, NULL},
    {"model", TR_E_COUNT, true, TR_NAME_NONE, NULL},
    {"lint", TR_E_COUNT, true, TR_NAME_NONE, NULL},
    /* nested */
    {"baseline", TR_E_COUNT, false, TR_NAME_NONE, NULL},
    {"gains", TR_E_COUNT, false, TR_NAME_NONE, NULL},
    {"promotion", TR_E_COUNT, false, TR_NAME_NONE, NULL},
    {"phase", TR_E_COUNT, false, TR_NAME_REQUIRED, phase_names},
    {"product", TR_E_COUNT, false, TR_NAME_REQUIRED, NULL},
    {"exchange", TR_E_COUNT, false, TR_NAME_NONE, NULL},
};
enum { NBLOCKS = sizeof blocks / sizeof blocks[0] };

/* Attrition may be 100% a year (everyone leaves in the first month and, with hiring
 * replace, is replaced); a promotion rate stays below it, growth above -100%. */
static const tr_bounds growth_bounds = {-1, 10, true, false};
static const tr_bounds promotion_bounds = {0, 1, false, true};

#define OFF(type, field) offsetof(type, field)
#define NO_OFFSET ((size_t)-1)
#define P(field) OFF(tr_params, field)

/* Every attribute of every block kind. Attributes every block may carry (title,
 * description, owner, allow) are listed once under the block kind "*"; their offsets are
 * in tr_entity_common. */
static const tr_attr_spec attrs[] = {
    {"*", "title", TR_T_STRING, 0, NO_OFFSET, 0, NULL, NULL, NULL},
    {"*", "description", TR_T_STRING, 0, OFF(tr_entity_common, description), 0, NULL, NULL, NULL},
    {"*", "owner", TR_T_OWNER, 0, OFF(tr_entity_common, owner), TR_E_ROLE, NULL, NULL, NULL},
    {"*", "allow", TR_T_LINTS, TR_A_LIST, OFF(tr_entity_common, allow), 0, NULL, NULL, NULL},

    {"plan", "start", TR_T_DATE, TR_A_REQUIRED, OFF(tr_plan, start), 0, NULL, NULL, NULL},
    {"plan", "horizon", TR_T_DURATION, TR_A_REQUIRED, OFF(tr_plan, horizon), 0, NULL, NULL, NULL},
    {"plan", "currency", TR_T_CURRENCY, 0, NO_OFFSET, 0, NULL, NULL, NULL},
    {"plan", "exchange", TR_T_EXCHANGE, TR_A_REPEAT | TR_A_LIST, NO_OFFSET, 0, NULL, NULL, NULL},

    {"skill", "half_life", TR_T_DURATION, 0, OFF(tr_skill, half_life), 0, NULL, NULL, NULL},

    {"role", "headcount", TR_T_PEOPLE, TR_A_REQUIRED, OFF(tr_role, headcount), 0, NULL, NULL, NULL},
    {"role", "reports_to", TR_T_REF, 0, OFF(tr_role, reports_to), TR_E_ROLE, NULL, NULL, NULL},
    {"role", "salary", TR_T_SALARY, TR_A_NONNEG, OFF(tr_role, salary), 0, NULL, NULL, NULL},
    {"role", "attrition", TR_T_RATE, 0, OFF(tr_role, attrition), 0, NULL, NULL, NULL},
    {"role", "turnover_cost", TR_T_NUMBER, 0, OFF(tr_role, turnover_cost), 0, NULL, NULL, NULL},
    {"role", "growth", TR_T_RATE, 0, OFF(tr_role, growth), 0, NULL, NULL, &growth_bounds},
    {"role", "hiring", TR_T_WORD, 0, OFF(tr_role, hiring), 0, hiring_words, NULL, NULL},
    {"role", "baseline", TR_T_SKILLS, 0, NO_OFFSET, 0, NULL, "baseline", NULL},
    {"role", "promotion", TR_T_BLOCK, TR_A_REPEAT, NO_OFFSET, 0, NULL, "promotion", NULL},
    {"promotion", "into", TR_T_REF, TR_A_REQUIRED, OFF(tr_promotion, into), TR_E_ROLE, NULL, NULL, NULL},
    {"promotion", "rate", TR_T_RATE, TR_A_REQUIRED, OFF(tr_promotion, rate), 0, NULL, NULL, &promotion_bounds},

    {"budget", "amount", TR_T_AMOUNT, TR_A_REQUIRED | TR_A_NONNEG, OFF(tr_budget, amount), 0, NULL, NULL, NULL},
    {"budget", "parent", TR_T_REF, 0, OFF(tr_budget, parent), TR_E_BUDGET, NULL, NULL, NULL},
    {"budget", "start", TR_T_DATE, 0, OFF(tr_budget, start), 0, NULL, NULL, NULL},
    {"budget", "end", TR_T_DATE, 0, OFF(tr_budget, end), 0, NULL, NULL, NULL},

    {"program", "kind", TR_T_WORD, TR_A_REQUIRED, OFF(tr_program, kind), 0, tr_program_kinds, NULL, NULL},
    {"program", "for", TR_T_REF, TR_A_REQUIRED | TR_A_LIST, OFF(tr_program, roles), TR_E_ROLE, NULL, NULL, NULL},
    {"program", "cost", TR_T_COST, TR_A_REQUIRED | TR_A_NONNEG, OFF(tr_program, cost), 0, NULL, NULL, NULL},
    {"program", "participants", TR_T_SHARE, 0, OFF(tr_program, participants), 0, NULL, NULL, NULL},
    {"program", "hours", TR_T_EFFORT, TR_A_NONNEG, OFF(tr_program, hours), 0, NULL, NULL, NULL},
    {"program", "budget", TR_T_REF, 0, OFF(tr_program, budget), TR_E_BUDGET, NULL, NULL, NULL},
    {"program", "start", TR_T_DATE, 0, OFF(tr_program, start), 0, NULL, NULL, NULL},
    {"program", "end", TR_T_DATE, 0, OFF(tr_program, end), 0, NULL, NULL, NULL},
    {"program", "after", TR_T_REF, TR_A_LIST, OFF(tr_program, after), TR_E_MILESTONE, NULL, NULL, NULL},
    {"program", "duration", TR_T_DURATION, 0, OFF(tr_program, duration), 0, NULL, NULL, NULL},
    {"program", "manager_involvement", TR_T_WORD, TR_A_LIST, OFF(tr_program, manager_involvement), 0, tr_involvement_words, NULL, NULL},
    {"program", "gains", TR_T_SKILLS, 0, NO_OFFSET, 0, NULL, "gains", NULL},
    {"program", "phase", TR_T_BLOCK, TR_A_REPEAT, NO_OFFSET, 0, NULL, "phase", NULL},
    {"program", "product", TR_T_BLOCK, TR_A_REPEAT, NO_OFFSET, 0, NULL, "product", NULL},
    {"program", "reinforced_by", TR_T_REF, 0, OFF(tr_program, reinforced_by), TR_E_PROGRAM, NULL, NULL, NULL},
    {"program", "enabled", TR_T_BOOL, 0, OFF(tr_program, enabled), 0, NULL, NULL, NULL},
    {"phase", "duration", TR_T_DURATION, 0, OFF(tr_phase, duration), 0, NULL, NULL, NULL},
    {"phase", "coaching", TR_T_COACHING, TR_A_NONNEG, OFF(tr_phase, coaching), 0, NULL, NULL, NULL},
    {"product", "guardian", TR_T_REF, 0, OFF(tr_product, guardian), TR_E_ROLE, NULL, NULL, NULL},
    {"product", "review", TR_T_DURATION, 0, OFF(tr_product, review), 0, NULL, NULL, NULL},

    {"milestone", "due", TR_T_DATE, TR_A_REQUIRED, OFF(tr_milestone, due), 0, NULL, NULL, NULL},
    {"milestone", "after", TR_T_REF, TR_A_LIST, OFF(tr_milestone, after), TR_E_MILESTONE, NULL, NULL, NULL},
    {"milestone", "requires", TR_T_REF, TR_A_LIST, OFF(tr_milestone, requires), TR_E_PROGRAM, NULL, NULL, NULL},

    {"measure", "value", TR_T_METRIC, TR_A_REQUIRED, NO_OFFSET, 0, NULL, NULL, NULL},
    {"measure", "level", TR_T_WORD, 0, OFF(tr_measure, level), 0, tr_levels, NULL, NULL},
    {"measure", "unit", TR_T_UNIT, 0, OFF(tr_measure, unit), 0, NULL, NULL, NULL},

    {"goal", "metric", TR_T_METRIC, TR_A_REQUIRED, NO_OFFSET, 0, NULL, NULL, NULL},
    {"goal", "target", TR_T_BOUND, TR_A_REQUIRED, OFF(tr_goal, target), 0, NULL, NULL, NULL},
    {"goal", "by", TR_T_DATE, 0, OFF(tr_goal, by), 0, NULL, NULL, NULL},

    {"scenario", "extends", TR_T_REF, 0, OFF(tr_scenario, extends), TR_E_SCENARIO, NULL, NULL, NULL},

    {"lint", "deny", TR_T_LINTS, TR_A_LIST, OFF(tr_plan, lint_deny), 0, NULL, NULL, NULL},

    /* MODEL.md section 5: the prelude gives each its default. */
    {"model", "transfer_floor", TR_T_SHARE, 0, P(transfer_floor), 0, NULL, NULL, NULL},
    {"model", "transfer_span", TR_T_SHARE, 0, P(transfer_span), 0, NULL, NULL, NULL},
    {"model", "support_before", TR_T_SHARE, 0, P(support_before), 0, NULL, NULL, NULL},
    {"model", "support_during", TR_T_SHARE, 0, P(support_during), 0, NULL, NULL, NULL},
    {"model", "support_after", TR_T_SHARE, 0, P(support_after), 0, NULL, NULL, NULL},
    {"model", "applied_half_life", TR_T_DURATION, TR_A_POSITIVE, P(applied_half_life), 0, NULL, NULL, NULL},
    {"model", "after_decay_cut", TR_T_SHARE, 0, P(after_decay_cut), 0, NULL, NULL, NULL},
    {"model", "reinforcement_apply", TR_T_SHARE, 0, P(reinforcement_apply), 0, NULL, NULL, NULL},
    {"model", "reinforcement_practice", TR_T_SHARE, 0, P(reinforcement_practice), 0, NULL, NULL, NULL},
    {"model", "reinforcement_decay_cut", TR_T_SHARE, 0, P(reinforcement_decay_cut), 0, NULL, NULL, NULL},
    {"model", "productivity_per_skill", TR_T_NUMBER, 0, P(productivity_per_skill), 0, NULL, NULL, NULL},
    {"model", "output_value", TR_T_NUMBER, 0, P(output_value), 0, NULL, NULL, NULL},
    {"model", "attribution", TR_T_SHARE, 0, P(attribution), 0, NULL, NULL, NULL},
    {"model", "development_retention", TR_T_SHARE, 0, P(development_retention), 0, NULL, NULL, NULL},
    {"model", "misalignment_attrition", TR_T_NUMBER, 0, P(misalignment_attrition), 0, NULL, NULL, NULL},
    {"model", "turnover_cost", TR_T_NUMBER, 0, P(turnover_cost), 0, NULL, NULL, NULL},
    {"model", "effect_sd", TR_T_NUMBER, 0, P(effect_sd), 0, NULL, NULL, NULL},
    /* ours (docs/model.md): the model's default is 12 months, the prelude leaves it */
    {"model", "skill_half_life", TR_T_DURATION, TR_A_POSITIVE, P(skill_half_life), 0, NULL, NULL, NULL},
    {NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL},
};

/* What each type accepts, as messages say it. */
static const char *const expected[TR_T_COUNT] = {
    [TR_T_DATE] = "a date",
    [TR_T_DURATION] = "a duration",
    [TR_T_PEOPLE] = "people",
    [TR_T_SALARY] = "money per time (as in 65k USD per year)",
    [TR_T_RATE] = "a percentage per year (as in 8% per year)",
    [TR_T_SHARE] = "a percentage",
    [TR_T_NUMBER] = "a number",
    [TR_T_AMOUNT] = "money or money per time",
    [TR_T_COST] = "money, money per year, money per person, money per person per year or money per hour (with hours)",
    [TR_T_EFFORT] = "hours per person per year or hours per person",
    [TR_T_COACHING] = "hours per person",
    [TR_T_STRING] = "a string",
    [TR_T_OWNER] = "a role or a string",
    [TR_T_BOOL] = "true or false",
    [TR_T_REF] = "a name",
    [TR_T_WORD] = "a word",
    [TR_T_METRIC] = "a metric expression",
    [TR_T_BOUND] = "a bound such as >= 88%",
    [TR_T_CURRENCY] = "a currency code such as USD",
    [TR_T_EXCHANGE] = "a rate such as EUR 1.08 USD",
    [TR_T_LINTS] = "lint names",
    [TR_T_UNIT] = "a unit, written as a string or a word",
    [TR_T_BLOCK] = "a block",
    [TR_T_SKILLS] = "a block of skills and percentages",
};

const char *tr_schema_expected(tr_type t) { return t < TR_T_COUNT ? expected[t] : "?"; }

const tr_attr_spec *tr_schema_attrs(void) { return attrs; }

static bool same(const char *s, const char *word, size_t len) {
    return len && s[0] == word[0] && strncmp(s, word, len) == 0 && s[len] == '\0';
}

const tr_block_spec *tr_schema_block(const char *kind, size_t len) {
    for (size_t i = 0; i < NBLOCKS; i++)
        if (same(blocks[i].kind, kind, len)) return &blocks[i];
    return NULL;
}

/* Every block kind takes the "*" rows (LANGUAGE.md section 5: "every block may carry title,
 * description, owner and allow"): nested ones and model and lint too. Where a block keeps
 * no entity (a phase, a promotion, the model), the checker checks them and keeps what lint
 * reads. */
static bool takes_common(const char *block) {
    return tr_schema_block(block, strlen(block)) != NULL;
}

const tr_attr_spec *tr_schema_attr(const char *block, const char *name, size_t len) {
    for (const tr_attr_spec *a = attrs; a->block; a++)
        if (same(a->name, name, len) && strcmp(a->block, block) == 0) return a;
    if (!takes_common(block)) return NULL;
    for (const tr_attr_spec *a = attrs; a->block; a++)
        if (same(a->name, name, len) && strcmp(a->block, "*") == 0) return a;
    return NULL;
}

size_t tr_schema_block_names(bool top, const char **out, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < NBLOCKS && n < max; i++)
        if (blocks[i].top == top) out[n++] = blocks[i].kind;
    return n;
}

size_t tr_schema_attr_names(const char *block, const char **out, size_t max) {
    size_t n = 0;
    bool common = takes_common(block);
    for (const tr_attr_spec *a = attrs; a->block && n < max; a++)
        if (strcmp(a->block, block) == 0 || (common && strcmp(a->block, "*") == 0)) out[n++] = a->name;
    return n;
}

/* ---- the index ------------------------------------------------------------------------------ */

/* Open addressing over (block kind, name): every row under its own block, and the "*" rows
 * under every block kind that takes them. About 150 keys in 512 slots. And per block kind,
 * its required rows, which every block is checked against. */
enum { INDEX_SLOTS = 512, MAX_REQUIRED = 8 };

struct tr_schema_index {
    struct {
        const char *block;           /* the key's block kind; NULL for an empty slot */
        const tr_attr_spec *spec;
    } slot[INDEX_SLOTS];
    struct {
        const tr_attr_spec *row[MAX_REQUIRED];
        size_t n;
    } required[NBLOCKS];             /* by the block kind's place in blocks[] */
};

static uint32_t index_hash(const char *block, const char *name, size_t len) {
    uint32_t h = 2166136261u;
    for (const char *b = block; *b; b++) h = (h ^ (unsigned char)*b) * 16777619u;
    h = (h ^ '.') * 16777619u;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)name[i]) * 16777619u;
    return h;
}

static void index_put(tr_schema_index *ix, const char *block, const tr_attr_spec *spec) {
    uint32_t j = index_hash(block, spec->name, strlen(spec->name)) & (INDEX_SLOTS - 1);
    while (ix->slot[j].block) {
        if (strcmp(ix->slot[j].block, block) == 0 && strcmp(ix->slot[j].spec->name, spec->name) == 0) return;   /* the first row wins */
        j = (j + 1) & (INDEX_SLOTS - 1);
    }
    ix->slot[j].block = block;
    ix->slot[j].spec = spec;
}

tr_schema_index *tr_schema_index_new(void) {
    tr_schema_index *ix = calloc(1, sizeof *ix);
    if (!ix) return NULL;
    for (const tr_attr_spec *a = attrs; a->block; a++) index_put(ix, a->block, a);
    /* then the common rows, so that a block's own attribute of the same name comes first */
    for (size_t b = 0; b < NBLOCKS; b++)
        for (const tr_attr_spec *a = attrs; a->block; a++)
            if (strcmp(a->block, "*") == 0) index_put(ix, blocks[b].kind, a);
    for (size_t b = 0; b < NBLOCKS; b++)
        for (const tr_attr_spec *a = attrs; a->block; a++)
            if ((a->flags & TR_A_REQUIRED) && strcmp(a->block, blocks[b].kind) == 0) {
                if (ix->required[b].n == MAX_REQUIRED) abort();   /* the table outgrew the index */
                ix->required[b].row[ix->required[b].n++] = a;
            }
    return ix;
}

const tr_attr_spec *const *tr_schema_index_required(const tr_schema_index *ix, const char *block, size_t *n) {
    for (size_t b = 0; b < NBLOCKS; b++)
        if (blocks[b].kind[0] == block[0] && strcmp(blocks[b].kind, block) == 0) {
            *n = ix->required[b].n;
            return ix->required[b].row;
        }
    *n = 0;
    return NULL;
}

void tr_schema_index_free(tr_schema_index *ix) { free(ix); }

const tr_attr_spec *tr_schema_index_attr(const tr_schema_index *ix, const char *block, const char *name, size_t len) {
    uint32_t j = index_hash(block, name, len) & (INDEX_SLOTS - 1);
    for (; ix->slot[j].block; j = (j + 1) & (INDEX_SLOTS - 1))
        if (same(ix->slot[j].spec->name, name, len) && strcmp(ix->slot[j].block, block) == 0) return ix->slot[j].spec;
    return NULL;
}
