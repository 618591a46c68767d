/* repl_commands.h — the REPL's commands (`:load`, `:run`, `:set`...): one table of name,
 * arguments, help and handler, which :help lists and Tab completes.
 * Ownership: none; a command changes the tr_repl it is given and owns nothing after. */
#ifndef TR_REPL_COMMANDS_H
#define TR_REPL_COMMANDS_H

#include <stddef.h>

#include "repl_session.h"

/* Run the command line `line` (which starts at ':' and lies in r->input); returns
 * TR_REPL_QUIT or TR_REPL_CONTINUE. */
int tr_repl_run_command(tr_repl *r, const char *line);
/* The commands' names (":help", ":load"...), for completion: how many, and names[i]. */
size_t tr_repl_command_count(void);
const char *tr_repl_command_name(size_t i);

#endif
