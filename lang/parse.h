/* parse.h — the front end's entry point: one source in, one AST and its diagnostics out.
 * Ownership: the caller owns the returned tr_ast (tr_ast_free) and keeps the source alive
 * as long as the tree, whose names point into the source text. */
#ifndef TR_PARSE_H
#define TR_PARSE_H

#include "ast.h"
#include "diag.h"

/* Always returns a tree (NULL only when out of memory): with errors, what could be read.
 * ast->errors counts the syntax and encoding errors added to diags. */
tr_ast *tr_parse(const tr_source *src, tr_diags *diags);

/* One value (an expression or a bound), as typed at the REPL: the tree's `expr`. */
tr_ast *tr_parse_expr(const tr_source *src, tr_diags *diags);

#endif
