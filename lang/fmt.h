/* fmt.h — the one canonical layout of a plan file (docs/format.md): a tree that parsed
 * without errors, its source and its comments in, text out.
 * Ownership: tr_fmt_render borrows the tree (and the source it points into), appends to the
 * caller's buffer and keeps nothing; it never prints, reads or writes files. */
#ifndef TR_FMT_H
#define TR_FMT_H

#include <stdbool.h>

#include "ast.h"
#include "buf.h"

/* Columns a block may take to be written on one line. */
enum { TR_FMT_WIDTH = 100 };

/* Append the canonical text of `ast` to `out`. False, with nothing appended, when the tree
 * has syntax errors: what did not parse cannot be laid out without losing it. */
bool tr_fmt_render(const tr_ast *ast, tr_buf *out);

#endif
