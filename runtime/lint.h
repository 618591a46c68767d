/* lint.h — the domain lints (LANGUAGE.md section 7): what the plan's users know goes wrong in
 * development programs, read from a checked plan and added to the diagnostics as W1xx
 * warnings, with `allow` (per block and plan-wide) and `deny` (turns one into an error).
 * Ownership: the lint table is static and read-only; the functions below keep nothing and
 * only add diagnostics to the caller's tr_diags (they never print). */
#ifndef TR_LINT_H
#define TR_LINT_H

#include <stddef.h>

#include "check.h"
#include "diag.h"
#include "plan.h"

/* Lint `i` of the table (code, name, default severity, summary, explanation, example), in
 * code order, or NULL past the end: `trellis explain` and docs/diagnostics.md list them. */
const tr_code_info *tr_lint_info(size_t i);
/* The lint whose code ("W101") or name ("no-manager-involvement") this is, or NULL. */
const tr_code_info *tr_lint_find(const char *code_or_name);

/* Every lint over one plan that checked without errors. Close to linear in the plan's size:
 * each finding looks up the blocks around its position by binary search. */
void tr_lint_plan(const tr_plan *p, tr_diags *diags);
/* tr_lint_plan over every plan of `c` that checked without errors; a finding in a file that
 * several plans share is reported once. */
void tr_lint_checked(const tr_checked *c, tr_diags *diags);

#endif
