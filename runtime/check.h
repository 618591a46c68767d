/* check.h — `trellis check` as a library call: files in, diagnostics and checked plans out.
 * Ownership: a tr_checked owns everything it made: the sources it read for imports, every
 * AST, and the plans with all they point to; the caller keeps the root sources it passed
 * alive as long as the tr_checked and the diagnostics. */
#ifndef TR_CHECK_H
#define TR_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "plan.h"

typedef struct tr_check_options {
    const char *stdlib_dir;          /* where std/NAME and the prelude live; NULL: none */
    bool allow_outside_imports;      /* --allow-outside-imports */
} tr_check_options;

typedef struct tr_checked tr_checked;

/* Check the files named on the command line (already read). Each is the root of its own
 * plan, except files that another named file imports (directly or not). Diagnostics go to
 * `diags`, each reported once even when a file belongs to several plans. */
tr_checked *tr_check_sources(const tr_source *const *roots, size_t n, const tr_check_options *o, tr_diags *diags);
/* The plans, one per root, in command-line order. A plan is NULL when its plan block was
 * missing; `ok` is false when it had any error, syntax errors included (do not simulate it:
 * after a syntax error the plan holds only what parsed). */
size_t tr_checked_count(const tr_checked *c);
const tr_plan *tr_checked_plan(const tr_checked *c, size_t i, bool *ok);
void tr_checked_free(tr_checked *c);

#endif
