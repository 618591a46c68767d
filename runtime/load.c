/* load.c — files, imports and the import graph. */
#include "load.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse.h"

void tr_loader_init(tr_loader *l, const char *stdlib_dir, bool allow_outside, tr_diags *diags) {
    memset(l, 0, sizeof *l);
    l->stdlib_dir = stdlib_dir;
    l->stdlib_real = stdlib_dir ? realpath(stdlib_dir, NULL) : NULL;
    l->allow_outside = allow_outside;
    l->diags = diags;
}

void tr_loader_free(tr_loader *l) {
    for (size_t i = 0; i < l->nfiles; i++) {
        tr_file *f = l->files[i];
        tr_ast_free(f->ast);
        if (f->owned) tr_source_free((tr_source *)f->src);
        free(f->real);
        free(f->dir);
        free(f);
    }
    free(l->files);
    free(l->stdlib_real);
}

static char *dup_dirname(const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash) return strdup(".");
    if (slash == path) return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static size_t push_file(tr_loader *l, const tr_source *src, char *real, bool owned, bool stdlib) {
    if (l->nfiles == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->files = realloc(l->files, l->cap * sizeof *l->files);
        if (!l->files) abort();
    }
    tr_file *f = calloc(1, sizeof *f);
    if (!f) abort();
    f->src = src;
    f->real = real;
    f->owned = owned;
    f->stdlib = stdlib;
    f->dir = dup_dirname(real ? real : src->path);
    f->ast = tr_parse(src, l->diags);
    if (!f->ast || !f->dir) abort();
    l->files[l->nfiles] = f;
    return l->nfiles++;
}

size_t tr_loader_add(tr_loader *l, const tr_source *src) {
    char *real = realpath(src->path, NULL);
    for (size_t i = 0; real && i < l->nfiles; i++)
        if (l->files[i]->real && strcmp(l->files[i]->real, real) == 0) { free(real); return i; }
    return push_file(l, src, real, false, false);
}

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The file an import names: its path on disk and the path messages show. */
typedef struct target { char *disk, *shown; bool stdlib; } target;

static void target_free(target *t) { free(t->disk); free(t->shown); }

static char *join(const char *dir, const char *name, const char *ext) {
    size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
    char *s = malloc(n);
    if (!s) abort();
    if (strcmp(dir, ".") == 0 && name[0] != '/') snprintf(s, n, "%s%s", name, ext);
    else if (name[0] == '/') snprintf(s, n, "%s%s", name, ext);
    else snprintf(s, n, "%s/%s%s", dir, name, ext);
    return s;
}

/* std/NAME is the standard library's NAME.plan; anything else is relative to the importing
 * file, with ".plan" added when the name as written does not exist. */
static target resolve_target(const tr_loader *l, const tr_file *from, const char *name) {
    target t = {0};
    const char *ext = ends_with(name, ".plan") ? "" : ".plan";
    if (strncmp(name, "std/", 4) == 0) {
        t.stdlib = true;
        t.disk = join(l->stdlib_dir ? l->stdlib_dir : "", name + 4, ext);
        t.shown = join(".", name, ext);
        return t;
    }
    char *shown_dir = dup_dirname(from->src->path);
    if (!shown_dir) abort();
    t.disk = join(from->dir, name, "");
    t.shown = join(shown_dir, name, "");
    if (!is_file(t.disk) && *ext) {
        target_free(&t);
        t.disk = join(from->dir, name, ext);
        t.shown = join(shown_dir, name, ext);
    }
    free(shown_dir);
    return t;
}

static bool inside(const char *real, const char *dir) {
    if (!dir) return false;
    size_t n = strlen(dir);
    return strncmp(real, dir, n) == 0 && (real[n] == '/' || (n == 1 && dir[0] == '/'));
}

/* The file at `real` (loading and parsing it the first time), or SIZE_MAX when unreadable. */
static size_t open_file(tr_loader *l, const target *t, char *real) {
    for (size_t i = 0; i < l->nfiles; i++)
        if (l->files[i]->real && strcmp(l->files[i]->real, real) == 0) { free(real); return i; }
    tr_source *src = tr_source_read(real);
    if (!src) { free(real); return SIZE_MAX; }
    free(src->path);
    src->path = strdup(t->shown);
    if (!src->path) abort();
    return push_file(l, src, real, true, t->stdlib);
}

typedef struct walk {
    tr_loader *l;
    const char *root_dir;
    size_t *order, n, cap;
    size_t *stack, depth;
    bool quiet;
} walk;

static void chain_text(const walk *w, tr_buf *b, size_t upto) {
    for (size_t i = 0; i < upto; i++)
        tr_buf_printf(b, "%s%s", i ? " -> " : "", w->l->files[w->stack[i]]->src->path);
}

static void visit(walk *w, size_t fi);

static void follow_import(walk *w, size_t fi, const tr_node *imp) {
    tr_loader *l = w->l;
    tr_file *f = l->files[fi];
    char *name = strndup(imp->u.str.s, imp->u.str.len);
    if (!name) abort();
    target t = resolve_target(l, f, name);
    char *real = (t.stdlib && !l->stdlib_dir) ? NULL : realpath(t.disk, NULL);
    tr_diags *ds = l->diags;
    if (!real || !is_file(real)) {
        if (!w->quiet) {
            tr_diag *d = tr_diag_add(ds, "E205", f->src, imp->begin, imp->end, "cannot find '%s' to import", name);
            tr_buf help = {0};
            tr_buf_printf(&help, "looked for %s", t.stdlib && !l->stdlib_dir ? "the standard library, which was not found" : t.shown);
            if (w->depth > 1) { tr_buf_puts(&help, "; imported through "); chain_text(w, &help, w->depth); }
            tr_diag_help(d, "%s", help.data);
            tr_buf_free(&help);
            if (!l->failed) l->failed = d;
        }
        free(real);
    } else if (!l->allow_outside && !inside(real, w->root_dir) && !inside(real, l->stdlib_real)) {
        if (!w->quiet) {
            tr_diag *d = tr_diag_add(ds, "E207", f->src, imp->begin, imp->end,
                                     "import '%s' reaches outside the plan's directory", name);
            tr_diag_help(d, "plans may import files under the directory of the file being checked, or std/NAME; pass --allow-outside-imports to allow it");
            if (!l->failed) l->failed = d;
        }
        free(real);
    } else {
        size_t ti = open_file(l, &t, real);
        if (ti == SIZE_MAX) {
            if (!w->quiet) {
                tr_diag *d = tr_diag_add(ds, "E205", f->src, imp->begin, imp->end, "cannot read '%s' to import: %s", name, strerror(errno));
                tr_diag_help(d, "check that the file is readable");
                if (!l->failed) l->failed = d;
            }
        } else if (l->files[ti]->on_stack) {
            if (!w->quiet) {
                tr_buf chain = {0};
                size_t from = 0;
                while (w->stack[from] != ti) from++;
                for (size_t i = from; i < w->depth; i++) tr_buf_printf(&chain, "%s -> ", l->files[w->stack[i]]->src->path);
                tr_buf_puts(&chain, l->files[ti]->src->path);
                tr_diag *d = tr_diag_add(ds, "E206", f->src, imp->begin, imp->end, "import cycle: %s", chain.data);
                tr_diag_help(d, "move what both files need into a third file that both import");
                tr_buf_free(&chain);
            }
        } else {
            visit(w, ti);
        }
    }
    target_free(&t);
    free(name);
}

static void visit(walk *w, size_t fi) {
    tr_file *f = w->l->files[fi];
    if (f->mark == w->l->stamp) return;
    f->mark = w->l->stamp;
    f->on_stack = true;
    w->stack[w->depth++] = fi;
    unsigned seen = 0;   /* a large file's items are far apart: stop after its last import */
    for (const tr_node *it = f->ast->items; it && seen < f->ast->imports; it = it->next) {
        if (it->kind != TR_N_IMPORT) continue;
        seen++;
        if (w->depth < 256) follow_import(w, fi, it);
    }
    w->depth--;
    f->on_stack = false;
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->order = realloc(w->order, w->cap * sizeof *w->order);
        if (!w->order) abort();
    }
    w->order[w->n++] = fi;
}

static size_t closure(tr_loader *l, size_t root, size_t **out, bool quiet) {
    walk w = {l, NULL, NULL, 0, 0, NULL, 0, quiet};
    l->stamp++;
    if (!quiet) l->failed = NULL;
    char *root_dir = l->files[root]->dir;
    w.root_dir = root_dir;
    w.stack = malloc(258 * sizeof *w.stack);
    if (!w.stack) abort();
    if (l->stdlib_dir && !quiet) {
        target t = {0};
        t.stdlib = true;
        t.disk = join(l->stdlib_dir, "prelude.plan", "");
        t.shown = strdup("std/prelude.plan");
        char *real = realpath(t.disk, NULL);
        size_t pi = real ? open_file(l, &t, real) : SIZE_MAX;
        if (pi != SIZE_MAX && pi != root) visit(&w, pi);
        target_free(&t);
    }
    visit(&w, root);
    free(w.stack);
    *out = w.order;
    return w.n;
}

size_t tr_loader_closure(tr_loader *l, size_t root, size_t **out) { return closure(l, root, out, false); }

size_t tr_loader_imports(tr_loader *l, size_t i, size_t *out, size_t max) {
    size_t *order;
    size_t n = closure(l, i, &order, true), k = 0;
    for (size_t j = 0; j < n && k < max; j++)
        if (order[j] != i) out[k++] = order[j];
    free(order);
    return k;
}
