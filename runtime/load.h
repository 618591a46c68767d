/* load.h — reading a plan's files: the named file, its imports (relative paths and
 * std/NAME), the implicit prelude; missing files, cycles and imports that leave the
 * allowed directory trees are diagnosed at the `import`.
 * Ownership: a tr_loader owns every source it read and every AST it parsed (borrowed root
 * sources excepted) until tr_loader_free; each file is read and parsed once per loader. */
#ifndef TR_LOAD_H
#define TR_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "diag.h"

typedef struct tr_file {
    const tr_source *src;
    tr_ast *ast;
    char *real;          /* realpath, the identity of the file; NULL for sources not on disk */
    char *dir;           /* directory for relative imports */
    bool stdlib;         /* from the standard library (lets there are evaluated on use) */
    bool owned;          /* the loader read src and frees it */
    unsigned mark;       /* per-walk visit stamp */
    bool on_stack;
} tr_file;

typedef struct tr_loader {
    tr_file **files;
    size_t nfiles, cap;
    const char *stdlib_dir;    /* NULL: std/ imports fail */
    char *stdlib_real;
    bool allow_outside;
    unsigned stamp;
    tr_diags *diags;
    tr_diag *failed;           /* the last closure's first import that could not be read (E205,
                                * E207): what it declares is missing, not misspelt */
} tr_loader;

void tr_loader_init(tr_loader *l, const char *stdlib_dir, bool allow_outside, tr_diags *diags);
void tr_loader_free(tr_loader *l);
/* Register a source the caller read (a file named on the command line, REPL text);
 * parses it. Returns its index. */
size_t tr_loader_add(tr_loader *l, const tr_source *src);
/* The files of the plan rooted at file `root` in the order their declarations count
 * (the prelude first, then each file after the files it imports): fills *out (malloc'd)
 * and returns the count. Diagnoses the imports on the way; `failed` is the first import
 * that failed, or NULL. */
size_t tr_loader_closure(tr_loader *l, size_t root, size_t **out);
/* The files that file i imports and that exist (for deciding which named files are roots). */
size_t tr_loader_imports(tr_loader *l, size_t i, size_t *out, size_t max);

#endif
