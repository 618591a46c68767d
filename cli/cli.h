/* cli.h — what the command files share: exit statuses, usage errors, output helpers.
 * Ownership: none; every command owns what it allocates and frees it before returning. */
#ifndef TR_CLI_H
#define TR_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "check.h"
#include "whatif.h"

enum { EXIT_CLEAN = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2, EXIT_MISSED = 3 };

/* "trellis: <message> (see 'trellis --help')" on stderr; fmt has one %s for arg. */
void tr_cli_usage_error(const char *fmt, const char *arg);
void tr_cli_write(FILE *out, const tr_buf *b);

/* The standard library directory (TRELLIS_STDLIB, next to the binary, or the installed
 * share/trellis/stdlib): the first that holds prelude.plan, malloc'd; NULL when none does
 * (a TRELLIS_STDLIB without it is not passed over). tr_cli_stdlib_missing says so on
 * stderr, naming every path tried. Defined in cmd_check.c. */
char *tr_cli_find_stdlib(void);
void tr_cli_stdlib_missing(void);

/* One function per subcommand: argv[0] is the command's name. */
int tr_cmd_check(int argc, char **argv);
int tr_cmd_explain(int argc, char **argv);
int tr_cmd_fmt(int argc, char **argv);
int tr_cmd_run(int argc, char **argv);
int tr_cmd_compare(int argc, char **argv);
int tr_cmd_diff(int argc, char **argv);

/* What the what-if commands share (defined in cmd_compare.c): --format text|markdown|json;
 * check one file, letting its imports reach outside its directory tree when
 * `allow_outside` (*plan is NULL when it has errors; free the result with tr_checked_free);
 * print the errors among diags on stderr; say that a scenario is not declared in `file`. */
bool tr_cli_whatif_format(const char *s, tr_whatif_format *f);
tr_checked *tr_cli_check_one(const tr_source *src, const char *stdlib, bool allow_outside, tr_diags *diags, const tr_plan **plan);
void tr_cli_print_errors(tr_diags *diags);
void tr_cli_unknown_scenario(const tr_plan *p, const char *name, const char *file);

#endif
