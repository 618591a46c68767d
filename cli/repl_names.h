/* repl_names.h — what the REPL's Tab completes: the names a session's plan declares, its
 * constants, and every path a read or a :set takes (NAME.ATTR, the paths into nested
 * blocks, model.PARAM, plan.ATTR), offered one part at a time.
 * Ownership: a tr_repl_names owns its strings (tr_repl_names_free); each completion result
 * is a malloc'd NULL-terminated array of malloc'd strings, the caller's (readline's). */
#ifndef TR_REPL_NAMES_H
#define TR_REPL_NAMES_H

#include <stddef.h>

#include "plan.h"
#include "source.h"

typedef struct tr_repl_names {
    char **v;
    size_t n;
} tr_repl_names;

/* Replace `names` with those of checked plan `p`, whose text `check` is read again for its
 * constants; entities of the standard library and the one called `hidden` are left out. */
void tr_repl_names_build(tr_repl_names *names, const tr_plan *p, const tr_source *check, const char *stdlib, const char *hidden);
void tr_repl_names_free(tr_repl_names *names);

/* The names that start with `word`, each cut after the part that follows the word's last
 * '.': `exec_coaching.<TAB>` offers `exec_coaching.hours` and `exec_coaching.gains`, not
 * `exec_coaching.gains.leadership`. */
char **tr_repl_names_complete(const tr_repl_names *names, const char *word);
/* The candidates (commands) that start with `word`. */
char **tr_repl_complete(const char *const *candidates, size_t n, const char *word);

#endif
