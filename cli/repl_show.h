/* repl_show.h — the REPL's commands that inspect the session's plan: :show, :goals, :budgets.
 * Ownership: none; they read the session and print. */
#ifndef TR_REPL_SHOW_H
#define TR_REPL_SHOW_H

#include "repl_session.h"

int tr_repl_cmd_show(tr_repl *r, const char *args);
int tr_repl_cmd_goals(tr_repl *r, const char *args);
int tr_repl_cmd_budgets(tr_repl *r, const char *args);

#endif
