/* repl_save.c — :save: the what-if as a scenario block in the canonical layout, checked
 * with the file it goes into; and the file work: a path resolved through its links, read
 * whole, and written again by a temporary file and a rename in the directory of the file
 * itself. */
#include "repl_save.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "fmt.h"
#include "parse.h"

static bool read_fd(int fd, tr_buf *out) {
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0) return true;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        tr_buf_putn(out, buf, (size_t)n);
    }
}

/* The mode a new file gets: what open(2) would give with the process's umask. */
static mode_t new_file_mode(void) {
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

bool tr_save_target_open(tr_save_target *t, const char *path, char *why, size_t cap) {
    memset(t, 0, sizeof *t);
    t->path = tr_repl_strdup(path);
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT) { snprintf(why, cap, "cannot read '%s': %s", path, strerror(errno)); return false; }
        t->real = tr_repl_strdup(path);   /* a new file, in a directory that must exist */
        t->mode = new_file_mode();
        char *dir = tr_repl_strdup(path), *slash = strrchr(dir, '/');
        if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
        struct stat ds;
        bool there = !slash || (stat(dir, &ds) == 0 && S_ISDIR(ds.st_mode));
        if (!there) snprintf(why, cap, "cannot write '%s': its directory does not exist", path);
        free(dir);
        return there;
    }
    t->real = realpath(path, NULL);
    if (!t->real) {
        snprintf(why, cap, S_ISLNK(st.st_mode) ? "'%s' is a symbolic link to a file that does not exist" : "cannot read '%s': %s", path,
                 strerror(errno));
        return false;
    }
    int fd = open(t->real, O_RDONLY);
    if (fd < 0) { snprintf(why, cap, "cannot read '%s': %s", path, strerror(errno)); return false; }
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (!ok) snprintf(why, cap, "'%s' is not a regular file", path);
    else if (!(ok = read_fd(fd, &t->old))) snprintf(why, cap, "cannot read '%s': %s", path, strerror(errno));
    close(fd);
    t->exists = true;
    t->mode = st.st_mode & 07777;
    return ok;
}

void tr_save_target_free(tr_save_target *t) {
    free(t->path);
    free(t->real);
    tr_buf_free(&t->old);
    memset(t, 0, sizeof *t);
}

static bool write_all(int fd, const tr_buf *b) {
    for (size_t done = 0; done < b->len;) {
        ssize_t w = write(fd, b->data + done, b->len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        done += (size_t)w;
    }
    return true;
}

bool tr_save_write(const tr_save_target *t, const tr_buf *add, char *why, size_t cap) {
    size_t n = strlen(t->real) + 16;
    char *tmp = malloc(n);
    if (!tmp) abort();
    snprintf(tmp, n, "%s.XXXXXX", t->real);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0 && write_all(fd, &t->old) && write_all(fd, add) && fchmod(fd, t->mode) == 0 && fsync(fd) == 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && ok) ok = false, saved = errno;
    if (ok && rename(tmp, t->real) != 0) ok = false, saved = errno;
    if (!ok) {
        snprintf(why, cap, "cannot write '%s': %s", t->path, strerror(saved));
        if (fd >= 0) unlink(tmp);
    }
    free(tmp);
    return ok;
}

char *tr_save_import_path(const char *file, const char *plan) {
    char *dir = tr_repl_strdup(file);
    char *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
    else strcpy(dir, ".");
    char *dir_real = realpath(dir, NULL), *plan_real = realpath(plan, NULL);
    char *rel = NULL;
    size_t n = dir_real ? strlen(dir_real) : 0;
    if (dir_real && plan_real && strncmp(plan_real, dir_real, n) == 0 && plan_real[n] == '/') rel = tr_repl_strdup(plan_real + n + 1);
    else if (dir_real && plan_real && strcmp(dir_real, "/") == 0) rel = tr_repl_strdup(plan_real + 1);
    free(dir);
    free(dir_real);
    free(plan_real);
    return rel;
}

/* ---- :save ------------------------------------------------------------------------------- */

static bool is_identifier(const char *s) {
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) return false;
    for (; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))) return false;
    return true;
}

/* The what-if as `scenario NAME { ... }`, in the formatter's canonical layout (one line
 * when it fits, as `trellis fmt` writes it). */
static void scenario_block(const tr_repl *r, const char *name, tr_buf *out) {
    tr_buf b = {0};
    tr_buf_printf(&b, "scenario %s {\n", name);
    if (r->cur.base) tr_buf_printf(&b, "  extends %s\n", r->cur.base);
    for (size_t i = 0; i < r->cur.n; i++) tr_buf_printf(&b, "  %s\n", r->cur.v[i].text);
    tr_buf_puts(&b, "}\n");
    tr_source *src = tr_source_from_text("<save>", b.data, b.len);
    if (!src) abort();
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(src, &diags);
    size_t at = out->len;
    if (!ast || ast->errors || !tr_fmt_render(ast, out)) {
        out->len = at;
        tr_buf_putn(out, b.data, b.len);   /* what typed overrides make always parses; kept as is if not */
    }
    tr_ast_free(ast);
    tr_diags_free(&diags);
    tr_source_free(src);
    tr_buf_free(&b);
}

/* Does the file's own text already declare scenario NAME? Then say where. */
static bool declares_scenario(const tr_repl *r, const tr_save_target *t, const char *name) {
    tr_source *src = tr_source_from_text(t->path, t->old.data ? t->old.data : "", t->old.len);
    if (!src) abort();
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(src, &diags);
    const tr_node *found = NULL;
    for (const tr_node *it = ast ? ast->items : NULL; it && !found; it = it->next)
        if (it->kind == TR_N_BLOCK && tr_node_is(it->u.block.kind, "scenario") && tr_block_name(it) && tr_node_is(tr_block_name(it), name))
            found = tr_block_name(it);
    tr_diags_free(&diags);
    if (found) {
        tr_diags ds = {0};
        tr_source *shown = tr_source_from_text("<repl>", r->lines.data, r->lines.len);
        if (!shown) abort();
        uint32_t b = (uint32_t)(r->line_start[r->line - 1] + tr_repl_arg_col(r, name));
        tr_diag *d = tr_diag_add(&ds, "E202", shown, b, b + (uint32_t)strlen(name), "'%s' already declares scenario '%s'; nothing was written", t->path, name);
        tr_diag_note(d, src, found->begin, found->end, "declared here");
        tr_diag_help(d, "choose another NAME, or edit the scenario in the file");
        tr_repl_print_diags(&ds);
        tr_diags_free(&ds);
        tr_source_free(shown);
    }
    tr_ast_free(ast);
    tr_source_free(src);
    return found != NULL;
}

/* Where a file that does not exist yet will be, as the loader needs it to tell whether an
 * import stays inside its directory tree: the real directory and the file's name. */
static char *check_path(const tr_save_target *t) {
    if (t->exists) return tr_repl_strdup(t->path);
    const char *slash = strrchr(t->path, '/');
    char *dir = slash ? strndup(t->path, (size_t)(slash - t->path) + (slash == t->path)) : tr_repl_strdup(".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    tr_buf b = {0};
    if (real) tr_buf_printf(&b, "%s/%s", strcmp(real, "/") == 0 ? "" : real, slash ? slash + 1 : t->path);
    else tr_buf_puts(&b, t->path);
    free(dir);
    free(real);
    return tr_buf_take(&b);
}

/* Print the errors among `ds`, with the path `from` shown as `to`. */
static void print_errors_as(tr_diags *ds, const char *from, const char *to) {
    tr_diags_sort(ds);
    tr_buf out = {0}, shown = {0};
    for (size_t i = 0; i < ds->n; i++)
        if (ds->items[i]->severity == TR_SEV_ERROR) tr_diag_render_text(ds->items[i], &out);
    size_t n = strlen(from);
    for (size_t i = 0; i < out.len;) {
        bool at_start = i == 0 || out.data[i - 1] == '\n';
        if (at_start && out.len - i > n && memcmp(out.data + i, from, n) == 0 && out.data[i + n] == ':') {
            tr_buf_puts(&shown, to);
            i += n;
        } else {
            tr_buf_putc(&shown, out.data[i++]);
        }
    }
    tr_cli_write(stdout, &shown);
    tr_buf_free(&out);
    tr_buf_free(&shown);
}

/* The file as it would be written must pass `trellis check` on its own: the loaded plan, or
 * a file that imports it. Its errors are printed when it does not. */
static bool saved_file_checks(const tr_repl *r, const tr_save_target *t, const tr_buf *add, const char *name) {
    tr_buf all = {0};
    tr_buf_putn(&all, t->old.data ? t->old.data : "", t->old.len);
    tr_buf_putn(&all, add->data, add->len);
    char *at = check_path(t);
    tr_source *src = tr_source_from_text(at, all.data ? all.data : "", all.len);
    if (!src) abort();
    tr_buf_free(&all);
    tr_diags diags = {0};
    const tr_source *roots[] = {src};
    tr_check_options co = {r->stdlib, r->allow_outside};
    tr_checked *c = tr_check_sources(roots, 1, &co, &diags);
    bool ok = tr_diags_count(&diags, TR_SEV_ERROR) == 0;
    if (!ok) {
        print_errors_as(&diags, at, t->path);
        tr_repl_error(r, "E605", tr_repl_arg_col(r, r->args), strlen(t->path),
                      "FILE must pass `trellis check` with the scenario: the loaded plan, or a file that imports it",
                      "'%s' would not check with scenario %s; nothing was written", t->path, name);
    }
    tr_checked_free(c);
    tr_diags_free(&diags);
    tr_source_free(src);
    free(at);
    return ok;
}

static bool is_loaded_plan(const tr_repl *r, const tr_save_target *t) {
    if (!r->path || !t->exists) return false;
    char *a = realpath(r->path, NULL);
    bool same = a && strcmp(a, t->real) == 0;
    free(a);
    return same;
}

/* What is appended: a blank line, then (for a new file) the import of the loaded plan, then
 * the scenario block. */
static void saved_text(const tr_repl *r, const tr_save_target *t, const char *name, tr_buf *add) {
    if (t->old.len && t->old.data[t->old.len - 1] != '\n') tr_buf_putc(add, '\n');
    if (t->old.len) tr_buf_putc(add, '\n');
    char *rel = !t->exists && r->path ? tr_save_import_path(t->path, r->path) : NULL;
    if (rel) {
        tr_buf_puts(add, "import \"");
        for (const char *c = rel; *c; c++) {
            if (*c == '"' || *c == '\\') tr_buf_putc(add, '\\');
            tr_buf_putc(add, *c);
        }
        tr_buf_puts(add, "\"\n\n");
        free(rel);
    }
    scenario_block(r, name, add);
}

/* `:save FILE NAME`: FILE (malloc'd, quotes and escapes undone) and the bytes it took in
 * args; NULL after saying what is wrong. */
static char *save_args(const tr_repl *r, const char *args, size_t *flen, const char **name) {
    static const char example[] = "as in :save plans/unified.plan lean_coaching";
    char *path = NULL;
    if (!args[0]) {
        tr_repl_error(r, "E602", REPL_AFTER_COMMAND(r), example, ":save needs FILE NAME");
        return NULL;
    }
    if (!tr_repl_file_arg(r, args, true, &path, flen)) return NULL;
    *name = args + *flen + strspn(args + *flen, " \t");
    if (args[*flen] && *name == args + *flen) {   /* "q.plan"name */
        tr_repl_error(r, "E602", tr_repl_arg_col(r, *name), 0, example, "put a blank between FILE and NAME");
    } else if (!**name) {
        tr_repl_error(r, "E602", tr_repl_arg_col(r, args + *flen), 0, example, ":save needs a NAME after FILE");
    } else {
        return path;
    }
    free(path);
    return NULL;
}

/* Can the session be saved as scenario `name`? False after saying why not. */
static bool can_save_as(const tr_repl *r, const char *name) {
    if (!is_identifier(name) || strcmp(name, TR_REPL_WHATIF) == 0) {
        tr_repl_error(r, "E602", tr_repl_arg_col(r, name), strlen(name), "letters, digits and _, not starting with a digit", "'%s' cannot name a scenario", name);
        return false;
    }
    if (strcmp(name, "baseline") == 0) {
        tr_repl_error(r, "E209", tr_repl_arg_col(r, name), strlen(name), "call it something else, such as current or as_planned",
                      "'baseline' is the plan as written; a scenario cannot take that name");
        return false;
    }
    tr_repl_session s;
    tr_repl_session_open(&s, r, &r->cur);
    bool ok = tr_repl_need_plan(r, &s);
    tr_repl_session_close(&s);
    if (ok && !tr_repl_whatif_active(&r->cur)) {
        tr_repl_error(r, "E603", REPL_AT_COMMAND(r), ":set PATH VALUE or :scenario NAME makes one", "no what-if to save");
        ok = false;
    }
    return ok;
}

int tr_repl_cmd_save(tr_repl *r, const char *args) {
    size_t flen;
    const char *name;
    char *path = save_args(r, args, &flen, &name);
    if (!path) return TR_REPL_CONTINUE;
    if (!can_save_as(r, name)) {
        free(path);
        return TR_REPL_CONTINUE;
    }
    tr_save_target t;
    tr_buf add = {0};
    char why[1024];
    if (!tr_save_target_open(&t, path, why, sizeof why)) tr_repl_error(r, "E604", tr_repl_arg_col(r, args), flen, NULL, "%s", why);
    else if (!declares_scenario(r, &t, name)) {
        saved_text(r, &t, name, &add);
        if (saved_file_checks(r, &t, &add, name)) {
            if (!tr_save_write(&t, &add, why, sizeof why)) {
                tr_repl_error(r, "E604", tr_repl_arg_col(r, args), flen, "nothing was written", "%s", why);
            } else {
                printf("saved scenario %s to %s\n", name, path);
                if (is_loaded_plan(r, &t) && tr_repl_load_file(r, r->path, REPL_AT_COMMAND(r), true)) tr_repl_report_loaded(r);   /* the session knows it now */
            }
        }
    }
    tr_save_target_free(&t);
    tr_buf_free(&add);
    free(path);
    return TR_REPL_CONTINUE;
}

