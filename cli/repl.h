/* repl.h — `trellis repl [FILE]`: the interactive what-if session.
 * Ownership: the session owns the loaded plan, its sources and the overrides typed. */
#ifndef TR_REPL_H
#define TR_REPL_H

int tr_cmd_repl(int argc, char **argv);

#endif
