/* lint_rules.h — what the lint table (lint.c) and the lints (lint_rules.c) share: the
 * lints' indexes in the table, the context a lint reads the plan from, and
 * tr_lint_report, through which every finding goes (allow and deny apply there).
 * Ownership: the context belongs to the tr_lint_plan call that runs the lints; a lint
 * keeps nothing past its call and only adds diagnostics through tr_lint_report. */
#ifndef TR_LINT_RULES_H
#define TR_LINT_RULES_H

#include <stdint.h>

#include "diag.h"
#include "plan.h"

/* A lint's index in the table, which is its bit in the allow and deny masks. */
enum {
    TR_LINT_NO_MANAGER, TR_LINT_NO_REINFORCEMENT, TR_LINT_PRODUCT_GUARDIAN, TR_LINT_SILOED, TR_LINT_SHALLOW, TR_LINT_GOAL_MEASURE,
    TR_LINT_COACHING_RATE, TR_LINT_NO_GAP, TR_LINT_OVER_ALLOCATED, TR_LINT_UNUSED, TR_LINT_PERSONAL_DATA, TR_LINT_UNKNOWN_LINT,
    TR_LINT_COUNT
};

/* The entities a finding is about, whose `allow` silences it even when its position is
 * elsewhere (a cost written as a `let` in another file): one, or two for siloed-development
 * (both roles). The plan block is never one: its `allow` covers what is written in it only. */
typedef struct tr_lint_site {
    const tr_entity *a, *b;
} tr_lint_site;

/* The plan being linted (p) and, behind it, the allow/deny state that only lint.c reads. */
typedef struct tr_lint_ctx tr_lint_ctx;
const tr_plan *tr_lint_ctx_plan(const tr_lint_ctx *x);

/* Add a finding of lint `lint` about `s` at [begin, end) of src: NULL when an allow
 * around it or on its entities silences it, an error when the plan denies it. */
tr_diag *tr_lint_report(tr_lint_ctx *x, int lint, tr_lint_site s, const tr_source *src, uint32_t begin, uint32_t end,
                        const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The lints, one per row of the table (LANGUAGE.md section 7, docs/lints.md). */
void tr_lint_rule_no_manager_involvement(tr_lint_ctx *x);
void tr_lint_rule_no_reinforcement(tr_lint_ctx *x);
void tr_lint_rule_product_without_guardian(tr_lint_ctx *x);
void tr_lint_rule_siloed_development(tr_lint_ctx *x);
void tr_lint_rule_shallow_measures(tr_lint_ctx *x);
void tr_lint_rule_goal_without_measure(tr_lint_ctx *x);
void tr_lint_rule_coaching_rate(tr_lint_ctx *x);
void tr_lint_rule_no_gap_analysis(tr_lint_ctx *x);
void tr_lint_rule_over_allocated_budget(tr_lint_ctx *x);
void tr_lint_rule_unused(tr_lint_ctx *x);
void tr_lint_rule_personal_data(tr_lint_ctx *x);

#endif
