/* repl.c — the what-if session: reads commands, expressions and plan text, keeps the
 * session's plan (the loaded file, the declarations typed, the what-if overrides), prints
 * results. A block typed over several lines is read until the parser says it is complete
 * (not by counting braces, which could be inside strings).
 *
 * How the session is checked: one text is built from the loaded file (with the blocks that
 * a typed declaration replaces blanked out, so every position in it stays true), then each
 * declaration typed, then — for the what-if — a synthesized `scenario` block holding the
 * overrides as typed. That text is checked like any file, with the file's path, so its
 * imports resolve as they would in `trellis check`. Diagnostics inside the typed part are
 * moved to a second source, "<repl>", whose lines are the lines typed in the session, so
 * they print as <repl>:LINE:COL pointing at what the user wrote.
 *
 * What is not the session or a command lives apart: :save's file work in repl_save.c, the
 * names Tab completes in repl_names.c. */
#include "repl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "diff.h"
#include "fmt.h"
#include "lineedit.h"
#include "lint.h"
#include "lower.h"
#include "model.h"
#include "parse.h"
#include "repl_names.h"
#include "repl_save.h"
#include "report.h"
#include "scenario.h"
#include "schema.h"
#include "whatif.h"

enum { REPL_CONTINUE, REPL_QUIT };

/* The scenario the session's overrides are checked and simulated as. */
#define WHATIF_NAME "__whatif__"

/* A declaration (block or let) in a piece of text: what it replaces is found by key. */
typedef struct decl {
    char *key;               /* "role manager", "let coach_rate" */
    uint32_t begin, end;
} decl;

typedef struct decls { decl *v; size_t n; } decls;

/* Declarations typed in the session, in order. */
typedef struct chunk {
    char *text;
    size_t len;
    unsigned first_line;
    decls items;
} chunk;

/* One `:set PATH VALUE`: the text from PATH to the end of the line, where it was typed. */
typedef struct override {
    char *text;              /* "exec_coaching.hours 12 hours per person per year" */
    size_t path_len;
    unsigned line, col;      /* session line, byte offset of PATH in it */
} override;

typedef struct whatif {
    override *v;
    size_t n;
    char *base;              /* :scenario NAME: the declared scenario it extends, or NULL */
} whatif;

/* An earlier what-if, and the command that left it behind (for :undo's message). */
typedef struct undo_entry {
    whatif w;
    char *what;              /* ":set exec_coaching.hours" */
} undo_entry;

typedef struct repl {
    tr_lineedit *le;
    char *stdlib;
    char *path;              /* the loaded plan, or NULL */
    tr_source *file;         /* its text as last read */
    decls file_items;
    chunk *chunks;
    size_t nchunks;
    whatif cur;
    undo_entry *undo;        /* earlier states of the what-if, for :undo */
    size_t nundo;
    tr_buf lines;            /* every line typed, each ended by '\n' */
    size_t *line_start;      /* offset of line i+1 in `lines` */
    unsigned line;           /* lines read so far: <repl>:LINE:COL counts them */
    const char *input;       /* the command line being run, as typed (for columns) */
    size_t cmd_at, cmd_len;  /* the command word in it */
    const char *args;        /* the command's arguments (a trimmed copy) */
    size_t args_at;          /* where they start in `input` */
    tr_repl_names names;     /* what Tab completes */
} repl;

/* ---- the session's text, checked ----------------------------------------------------------- */

/* A piece of the checked text that came from what was typed at session offset `to`. */
typedef struct span { uint32_t from, len, to; } span;

typedef struct session {
    tr_source *check;        /* the text checked */
    tr_source *display;      /* "<repl>": the lines typed */
    span *spans;
    size_t nspans;
    uint32_t typed_from;     /* where the typed part of `check` starts */
    tr_checked *checked;
    const tr_plan *plan;     /* NULL when the plan has errors */
    const tr_plan *any_plan; /* the plan even with errors (arrays may be partial) */
    bool has_plan_block;
    tr_diags diags;
} session;

static char *xstrdup(const char *s) {
    char *d = strdup(s);
    if (!d) abort();
    return d;
}

static void decls_free(decls *d) {
    for (size_t i = 0; i < d->n; i++) free(d->v[i].key);
    free(d->v);
    d->v = NULL, d->n = 0;
}

/* The blocks and lets of a parsed text, keyed "KIND NAME" (or "KIND" for a block without a
 * name, such as `plan` or `model`, of which there is one). */
static void collect_decls(const tr_ast *ast, decls *out) {
    for (const tr_node *it = ast->items; it; it = it->next) {
        tr_buf key = {0};
        if (it->kind == TR_N_LET) {
            tr_buf_printf(&key, "let %.*s", (int)it->u.let.name->u.str.len, it->u.let.name->u.str.s);
        } else if (it->kind == TR_N_BLOCK) {
            const tr_node *k = it->u.block.kind, *n = tr_block_name(it);
            tr_buf_printf(&key, "%.*s", (int)k->u.str.len, k->u.str.s);
            if (n && n->kind == TR_N_NAME) tr_buf_printf(&key, " %.*s", (int)n->u.str.len, n->u.str.s);
        } else {
            continue;
        }
        out->v = realloc(out->v, (out->n + 1) * sizeof *out->v);
        if (!out->v) abort();
        out->v[out->n++] = (decl){tr_buf_take(&key), it->begin, it->end};
    }
}

static bool replaced_later(const repl *r, size_t after_chunk, const char *key) {
    for (size_t c = after_chunk; c < r->nchunks; c++)
        for (size_t i = 0; i < r->chunks[c].items.n; i++)
            if (strcmp(r->chunks[c].items.v[i].key, key) == 0) return true;
    return false;
}

/* Append text[0..len) with the declarations that a later chunk replaces blanked (newlines
 * kept, so that lines and columns stay where they were). */
static void put_blanked(tr_buf *b, const char *text, size_t len, const decls *items, const repl *r, size_t after_chunk) {
    size_t at = b->len;
    tr_buf_putn(b, text, len);
    for (size_t i = 0; i < items->n; i++) {
        if (!replaced_later(r, after_chunk, items->v[i].key)) continue;
        for (uint32_t k = items->v[i].begin; k < items->v[i].end && k < len; k++)
            if (b->data[at + k] != '\n') b->data[at + k] = ' ';
    }
}

static uint32_t display_offset(const repl *r, unsigned line, unsigned col) {
    return (uint32_t)(r->line_start[line - 1] + col);
}

static void add_span(session *s, uint32_t from, uint32_t len, uint32_t to) {
    s->spans = realloc(s->spans, (s->nspans + 1) * sizeof *s->spans);
    if (!s->spans) abort();
    s->spans[s->nspans++] = (span){from, len, to};
}

/* The what-if as a scenario block: each override on its own line, mapped to where it was
 * typed. */
static void put_whatif(session *s, tr_buf *b, const repl *r, const whatif *w) {
    tr_buf_puts(b, "scenario " WHATIF_NAME " {\n");
    if (w->base) tr_buf_printf(b, "extends %s\n", w->base);
    for (size_t i = 0; i < w->n; i++) {
        add_span(s, (uint32_t)b->len, (uint32_t)strlen(w->v[i].text), display_offset(r, w->v[i].line, w->v[i].col));
        tr_buf_printf(b, "%s\n", w->v[i].text);
    }
    tr_buf_puts(b, "}\n");
}

static bool whatif_active(const whatif *w) { return w->n > 0 || w->base; }

static void move_pos(const session *s, const tr_source **src, uint32_t *begin, uint32_t *end) {
    if (*src != s->check || *begin < s->typed_from) return;
    const span *best = NULL;
    for (size_t i = 0; i < s->nspans; i++)
        if (s->spans[i].from <= *begin) best = &s->spans[i];
    if (!best) return;
    uint32_t b = *begin - best->from, e = *end >= best->from ? *end - best->from : b;
    if (b > best->len) b = best->len;
    if (e > best->len) e = best->len;
    if (e < b) e = b;
    *src = s->display;
    *begin = best->to + b;
    *end = best->to + e;
}

/* What the checker calls the session's scenario, as the user knows it. */
static void name_the_whatif(tr_diag *d) {
    static const char from[] = "with scenario '" WHATIF_NAME "'", to[] = "with the what-if";
    char *at = strstr(d->message, from);
    if (!at) return;
    memmove(at + sizeof to - 1, at + sizeof from - 1, strlen(at + sizeof from - 1) + 1);
    memcpy(at, to, sizeof to - 1);
}

static void remap(session *s) {
    for (size_t i = 0; i < s->diags.n; i++) {
        tr_diag *d = s->diags.items[i];
        name_the_whatif(d);
        move_pos(s, &d->src, &d->begin, &d->end);
        for (size_t k = 0; k < d->nnotes; k++) move_pos(s, &d->notes[k].src, &d->notes[k].begin, &d->notes[k].end);
    }
}

static bool has_plan_block(const repl *r) {
    for (size_t i = 0; i < r->file_items.n; i++)
        if (strcmp(r->file_items.v[i].key, "plan") == 0) return true;
    for (size_t c = 0; c < r->nchunks; c++)
        for (size_t i = 0; i < r->chunks[c].items.n; i++)
            if (strcmp(r->chunks[c].items.v[i].key, "plan") == 0) return true;
    return false;
}

/* Check the session's plan, with the what-if `w` (NULL: the baseline). */
static void session_open(session *s, const repl *r, const whatif *w) {
    memset(s, 0, sizeof *s);
    tr_buf b = {0};
    if (r->file) {
        put_blanked(&b, r->file->text, r->file->len, &r->file_items, r, 0);
        if (b.len && b.data[b.len - 1] != '\n') tr_buf_putc(&b, '\n');
    }
    s->typed_from = (uint32_t)b.len;
    for (size_t c = 0; c < r->nchunks; c++) {
        const chunk *ch = &r->chunks[c];
        add_span(s, (uint32_t)b.len, (uint32_t)ch->len, display_offset(r, ch->first_line, 0));
        put_blanked(&b, ch->text, ch->len, &ch->items, r, c + 1);
        tr_buf_putc(&b, '\n');
    }
    if (w && whatif_active(w)) put_whatif(s, &b, r, w);
    s->check = tr_source_from_text(r->path ? r->path : "<repl>", b.data ? b.data : "", b.len);
    s->display = tr_source_from_text("<repl>", r->lines.data ? r->lines.data : "", r->lines.len);
    if (!s->check || !s->display) abort();
    tr_buf_free(&b);
    s->has_plan_block = has_plan_block(r);
    const tr_source *roots[] = {s->check};
    tr_check_options co = {r->stdlib, false};
    s->checked = tr_check_sources(roots, 1, &co, &s->diags);
    bool ok = false;
    s->any_plan = tr_checked_plan(s->checked, 0, &ok);
    if (ok && tr_diags_count(&s->diags, TR_SEV_ERROR) == 0) s->plan = s->any_plan;
    remap(s);
}

static void session_close(session *s) {
    tr_diags_free(&s->diags);
    tr_checked_free(s->checked);
    tr_source_free(s->check);
    tr_source_free(s->display);
    free(s->spans);
}

/* ---- printing ------------------------------------------------------------------------------- */

static void print_diags(tr_diags *ds) {
    tr_diags_sort(ds);
    tr_buf out = {0};
    for (size_t i = 0; i < ds->n; i++) tr_diag_render_text(ds->items[i], &out);
    tr_cli_write(stdout, &out);
    tr_buf_free(&out);
}

/* A session without a plan block yet is being built up: "no plan block" would only nag.
 * Errors only: the lints wait for :check. */
static bool shown(const session *s, const tr_diag *d) {
    return d->severity == TR_SEV_ERROR && (s->has_plan_block || strcmp(d->code, "E401") != 0);
}

static void print_session_errors(session *s) {
    tr_diags_sort(&s->diags);
    tr_buf out = {0};
    for (size_t i = 0; i < s->diags.n; i++)
        if (shown(s, s->diags.items[i])) tr_diag_render_text(s->diags.items[i], &out);
    tr_cli_write(stdout, &out);
    tr_buf_free(&out);
}

static size_t session_errors(const session *s) {
    size_t n = 0;
    for (size_t i = 0; i < s->diags.n; i++) {
        n += shown(s, s->diags.items[i]);
    }
    return n;
}

/* An error about the command being run, printed like any diagnostic at <repl>:LINE:COL,
 * from byte `at` of the command's line, `len` bytes long. */
static void command_error(const repl *r, const char *code, size_t at, size_t len, const char *help, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void command_error(const repl *r, const char *code, size_t at, size_t len, const char *help, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tr_source *src = tr_source_from_text("<repl>", r->lines.data ? r->lines.data : "", r->lines.len);
    if (!src) abort();
    uint32_t begin = r->line ? (uint32_t)(r->line_start[r->line - 1] + at) : 0;
    tr_diags ds = {0};
    /* before the first line (the FILE named on the command line) there is nothing to point at */
    tr_diag *d = tr_diag_add(&ds, code, r->line ? src : NULL, begin, begin + (uint32_t)len, "%s", msg);
    if (help) tr_diag_help(d, "%s", help);
    print_diags(&ds);
    tr_diags_free(&ds);
    tr_source_free(src);
}

/* Where an argument starts in the command's line. */
static size_t arg_col(const repl *r, const char *p) { return r->args_at + (size_t)(p - r->args); }

/* The command word itself, or the place just after it where an argument is missing. */
#define AT_COMMAND(r) (r)->cmd_at, (r)->cmd_len
#define AFTER_COMMAND(r) (r)->cmd_at + (r)->cmd_len, 0
#define AT_ARGS(r) (r)->args_at, strlen((r)->args)

static void no_plan_yet(const repl *r) {
    command_error(r, "E401", AT_COMMAND(r), ":load FILE, or type a plan block", "the session has no plan yet");
}

/* Where a command needs a clean plan, say why there is none. */
static bool need_plan(const repl *r, session *s) {
    if (s->plan) return true;
    if (!s->has_plan_block) {
        no_plan_yet(r);
        return false;
    }
    print_session_errors(s);
    command_error(r, "E605", AT_COMMAND(r), "fix them (:check lists them all), or :unset the override that caused them",
                  "the session's plan has errors; nothing was done");
    return false;
}

/* Simulate scenario `sc` (-1: the baseline) of the session's plan. */
static bool simulate(const tr_plan *p, int sc, tr_model *m, tr_sim_result *res) {
    tr_diags diags = {0};
    bool ok = tr_lower_run(p, sc, NULL, m, res, &diags) == 0;
    if (!ok) print_diags(&diags);
    tr_diags_free(&diags);
    return ok;
}

/* ---- completion --------------------------------------------------------------------------- */

/* ---- commands ----------------------------------------------------------------------------- */

typedef struct repl_command {
    const char *name;
    const char *args;
    const char *help;
    int (*run)(repl *r, const char *args);
} repl_command;

static int cmd_help(repl *r, const char *args);
static int cmd_quit(repl *r, const char *args);
static int cmd_load(repl *r, const char *args);
static int cmd_reload(repl *r, const char *args);
static int cmd_check(repl *r, const char *args);
static int cmd_run(repl *r, const char *args);
static int cmd_set(repl *r, const char *args);
static int cmd_unset(repl *r, const char *args);
static int cmd_undo(repl *r, const char *args);
static int cmd_diff(repl *r, const char *args);
static int cmd_show(repl *r, const char *args);
static int cmd_goals(repl *r, const char *args);
static int cmd_budgets(repl *r, const char *args);
static int cmd_scenario(repl *r, const char *args);
static int cmd_save(repl *r, const char *args);

static const repl_command repl_commands[] = {
    {":help", "", "this list", cmd_help},
    {":quit", "", "leave (Ctrl-D too)", cmd_quit},
    {":load", "FILE", "load a plan, replacing the session's", cmd_load},
    {":reload", "", "read the loaded plan again from disk", cmd_reload},
    {":check", "", "diagnostics for the session's plan", cmd_check},
    {":run", "[SCENARIO]", "simulate (the what-if, or a declared scenario) and print the report", cmd_run},
    {":set", "PATH VALUE", "what-if: override an attribute, as in exec_coaching.hours 12 hours per person per year", cmd_set},
    {":unset", "PATH", "drop the what-if override of PATH", cmd_unset},
    {":undo", "", "take back the last :set, :unset or :scenario", cmd_undo},
    {":diff", "", "the what-if against the baseline: goals, measures, spend", cmd_diff},
    {":show", "NAME", "a declaration as written, with its what-if overrides", cmd_show},
    {":goals", "", "each goal: met or missed, and its value at its date", cmd_goals},
    {":budgets", "", "each budget: its amount and what is spent per plan year", cmd_budgets},
    {":scenario", "NAME", "apply a declared scenario's overrides to the what-if", cmd_scenario},
    {":save", "FILE NAME", "append the what-if to FILE as scenario NAME { ... }", cmd_save},
};
enum { NREPL_COMMANDS = sizeof repl_commands / sizeof repl_commands[0] };

static int cmd_help(repl *r, const char *args) {
    (void)r, (void)args;
    puts("Type an expression to evaluate it, a declaration or block to add it to the session's");
    puts("plan (or replace the one with that name), or a command:");
    for (int i = 0; i < NREPL_COMMANDS; i++) {
        char head[64];
        snprintf(head, sizeof head, "%s %s", repl_commands[i].name, repl_commands[i].args);
        printf("  %-22s %s\n", head, repl_commands[i].help);
    }
    return REPL_CONTINUE;
}

static int cmd_quit(repl *r, const char *args) {
    (void)r, (void)args;
    return REPL_QUIT;
}

static void whatif_free(whatif *w) {
    for (size_t i = 0; i < w->n; i++) free(w->v[i].text);
    free(w->v);
    free(w->base);
    memset(w, 0, sizeof *w);
}

static whatif whatif_copy(const whatif *w) {
    whatif c = {calloc(w->n ? w->n : 1, sizeof *c.v), w->n, w->base ? xstrdup(w->base) : NULL};
    if (!c.v) abort();
    for (size_t i = 0; i < w->n; i++) c.v[i] = w->v[i], c.v[i].text = xstrdup(w->v[i].text);
    return c;
}

static void chunks_free(repl *r) {
    for (size_t i = 0; i < r->nchunks; i++) {
        free(r->chunks[i].text);
        decls_free(&r->chunks[i].items);
    }
    free(r->chunks);
    r->chunks = NULL, r->nchunks = 0;
}

static void undo_clear(repl *r) {
    for (size_t i = 0; i < r->nundo; i++) whatif_free(&r->undo[i].w), free(r->undo[i].what);
    free(r->undo);
    r->undo = NULL, r->nundo = 0;
}

/* ---- loading --------------------------------------------------------------------------------- */

/* A plan file read and parsed, not yet the session's. */
typedef struct loaded {
    tr_source *src;
    decls items;
} loaded;

/* Read and parse `path` (named by the argument at `at` of the command line); false after
 * saying why. */
static bool read_plan(const repl *r, const char *path, size_t at, loaded *out) {
    memset(out, 0, sizeof *out);
    out->src = tr_source_read(path);
    if (!out->src) {
        command_error(r, "E604", at, strlen(path), NULL, "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(out->src, &diags);
    if (!ast) abort();
    bool ok = ast->errors == 0;
    print_diags(&diags);
    tr_diags_free(&diags);
    if (ok) collect_decls(ast, &out->items);
    tr_ast_free(ast);
    if (!ok) {
        command_error(r, "E605", at, strlen(path), NULL, "'%s' has syntax errors; the session's plan is unchanged", path);
        tr_source_free(out->src);
        out->src = NULL;
    }
    return ok;
}

/* The session as it would be with file `f` (keeping the typed declarations and the what-if
 * when `keep`): does it check? Its errors are printed when it does not. */
static bool session_would_check(const repl *r, const char *path, const loaded *f, bool keep) {
    repl next = *r;
    next.path = (char *)path;
    next.file = f->src;
    next.file_items = f->items;
    if (!keep) next.nchunks = 0, next.cur = (whatif){0};
    session s;
    session_open(&s, &next, &next.cur);
    bool ok = session_errors(&s) == 0;
    if (!ok) print_session_errors(&s);
    session_close(&s);
    return ok;
}

static void take_file(repl *r, const char *path, loaded *f) {
    char *copy = xstrdup(path);
    tr_source_free(r->file);
    decls_free(&r->file_items);
    free(r->path);
    r->file = f->src;
    r->file_items = f->items;
    r->path = copy;
}

/* After a plan is (re)loaded: its problems, and the names for completion. */
static void report_loaded(repl *r) {
    session s;
    session_open(&s, r, &r->cur);
    if (session_errors(&s)) print_session_errors(&s);
    if (s.plan) tr_repl_names_build(&r->names, s.plan, s.check, r->stdlib, WHATIF_NAME);
    session_close(&s);
}

/* `:load FILE` and `:reload`: the new text becomes the session's only when it checks; a
 * plan with errors is shown and the session goes on with the one it had. */
static bool load_file(repl *r, const char *path, size_t at, bool keep) {
    loaded f;
    if (!read_plan(r, path, at, &f)) return false;
    if (!session_would_check(r, path, &f, keep)) {
        command_error(r, "E605", at, strlen(path), keep ? "fix the file and :reload again" : "fix the file and :load it again", "'%s' has errors; the session's plan is unchanged",
                      path);
        tr_source_free(f.src);
        decls_free(&f.items);
        return false;
    }
    take_file(r, path, &f);
    return true;
}

static int cmd_load(repl *r, const char *args) {
    if (!args[0]) {
        command_error(r, "E602", AFTER_COMMAND(r), "as in :load plans/unified.plan", ":load needs a FILE");
        return REPL_CONTINUE;
    }
    if (load_file(r, args, r->args_at, false)) {
        chunks_free(r);
        whatif_free(&r->cur);
        undo_clear(r);
        printf("loaded %s\n", r->path);
        report_loaded(r);
    }
    return REPL_CONTINUE;
}

static int cmd_reload(repl *r, const char *args) {
    (void)args;
    if (!r->path) {
        command_error(r, "E603", AT_COMMAND(r), "use :load FILE", "no plan is loaded, so there is nothing to reload");
        return REPL_CONTINUE;
    }
    char *path = xstrdup(r->path);
    if (load_file(r, path, r->cmd_at, true)) {
        printf("reloaded %s\n", r->path);
        report_loaded(r);
    }
    free(path);
    return REPL_CONTINUE;
}

static int cmd_check(repl *r, const char *args) {
    (void)args;
    session s;
    session_open(&s, r, &r->cur);
    if (!s.has_plan_block) {
        no_plan_yet(r);
        session_close(&s);
        return REPL_CONTINUE;
    }
    tr_lint_checked(s.checked, &s.diags);
    remap(&s);
    size_t errors = tr_diags_count(&s.diags, TR_SEV_ERROR), warnings = tr_diags_count(&s.diags, TR_SEV_WARNING);
    print_diags(&s.diags);
    printf("%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    session_close(&s);
    return REPL_CONTINUE;
}

/* ---- simulating ------------------------------------------------------------------------------- */

/* E201 for a scenario the plan does not declare, named by the argument `name`. */
static void unknown_scenario(const repl *r, const tr_plan *p, const char *name) {
    tr_buf help = {0};
    const char *names[256] = {0};
    size_t n = 0;
    for (uint32_t i = 0; i < p->nscenarios; i++)
        if (strcmp(p->scenarios[i].e.name, WHATIF_NAME) != 0) {
            tr_buf_printf(&help, "%s%s", n ? ", " : "the plan's scenarios: ", p->scenarios[i].e.name);
            if (n < 256) names[n++] = p->scenarios[i].e.name;
        }
    const char *best = tr_suggest(name, names, n);
    tr_buf msg = {0};
    if (best) tr_buf_printf(&msg, "did you mean '%s'? ", best);
    tr_buf_printf(&msg, "%s; baseline is the plan as written", n ? help.data : "the plan declares no scenario");
    command_error(r, "E201", arg_col(r, name), strlen(name), msg.data, "unknown scenario '%s'", name);
    tr_buf_free(&help);
    tr_buf_free(&msg);
}

/* The scenario to simulate: `name` when given (baseline: the plan as written), else the
 * what-if when there is one; -2 after an error. */
static int pick_scenario(const repl *r, const tr_plan *p, const char *name, bool use_whatif) {
    if (name && *name) {
        if (strcmp(name, "baseline") == 0) return -1;
        int sc = strcmp(name, WHATIF_NAME) == 0 ? -1 : tr_lower_find_scenario(p, name);
        if (sc < 0) unknown_scenario(r, p, name);
        return sc < 0 ? -2 : sc;
    }
    return use_whatif ? tr_lower_find_scenario(p, WHATIF_NAME) : -1;
}

/* A command that takes one word: false after saying so when there are more. */
static bool one_word(const repl *r, const char *args, const char *what) {
    size_t n = strcspn(args, " \t");
    if (!args[n]) return true;
    const char *extra = args + n + strspn(args + n, " \t");
    command_error(r, "E602", arg_col(r, extra), strlen(extra), NULL, "%.*s takes one %s", (int)r->cmd_len, r->input + r->cmd_at, what);
    return false;
}

static int cmd_run(repl *r, const char *args) {
    if (!one_word(r, args, "SCENARIO")) return REPL_CONTINUE;
    session s;
    session_open(&s, r, &r->cur);
    if (need_plan(r, &s)) {
        int sc = pick_scenario(r, s.plan, args, whatif_active(&r->cur));
        tr_model m;
        tr_sim_result res;
        if (sc != -2 && simulate(s.plan, sc, &m, &res)) {
            if (m.scenario && strcmp(m.scenario, WHATIF_NAME) == 0) {   /* the report calls it what it is */
                free(m.scenario);
                m.scenario = xstrdup("what-if");
            }
            tr_buf out = {0};
            tr_report_text(&out, &m, &res);
            tr_cli_write(stdout, &out);
            tr_buf_free(&out);
            tr_model_free(&m);
            tr_sim_result_free(&res);
        }
    }
    session_close(&s);
    return REPL_CONTINUE;
}

/* ---- the what-if -------------------------------------------------------------------------- */

static void push_undo(repl *r, const char *what) {
    r->undo = realloc(r->undo, (r->nundo + 1) * sizeof *r->undo);
    if (!r->undo) abort();
    r->undo[r->nundo++] = (undo_entry){whatif_copy(&r->cur), xstrdup(what)};
}

/* Try the what-if `next` (made by the command `what`): when it checks, it becomes the
 * session's (the old one is kept for :undo); otherwise its errors are printed and nothing
 * changes. */
static bool try_whatif(repl *r, whatif *next, const char *what) {
    session s;
    session_open(&s, r, next);
    bool ok = s.plan != NULL;
    if (!ok) {
        if (!s.has_plan_block) no_plan_yet(r);
        else print_session_errors(&s);
        whatif_free(next);
    } else {
        push_undo(r, what);
        whatif_free(&r->cur);
        r->cur = *next;
    }
    session_close(&s);
    return ok;
}

/* "WORD REST": the length of WORD and where REST starts; false when either is missing. */
static bool split_args(const char *args, size_t *first_len, const char **rest) {
    *first_len = strcspn(args, " \t");
    *rest = args + *first_len;
    *rest += strspn(*rest, " \t");
    return *first_len > 0 && **rest != '\0';
}

static int cmd_set(repl *r, const char *args) {
    size_t plen;
    const char *value;
    if (!split_args(args, &plen, &value)) {
        if (!args[0]) command_error(r, "E602", AFTER_COMMAND(r), "as in :set exec_coaching.hours 12 hours per person per year", ":set needs PATH VALUE");
        else command_error(r, "E602", arg_col(r, args + plen), 0, "as in :set exec_coaching.hours 12 hours per person per year", ":set needs a VALUE after '%.*s'", (int)plen, args);
        return REPL_CONTINUE;
    }
    if (!memchr(args, '.', plen)) {
        command_error(r, "E204", arg_col(r, args), plen, "write NAME.attribute, as in exec_coaching.hours", "'%.*s' is not a path", (int)plen, args);
        return REPL_CONTINUE;
    }
    whatif next = whatif_copy(&r->cur);
    for (size_t i = 0; i < next.n; i++)   /* a path set again replaces its override */
        if (next.v[i].path_len == plen && memcmp(next.v[i].text, args, plen) == 0) {
            free(next.v[i].text);
            memmove(&next.v[i], &next.v[i + 1], (next.n - i - 1) * sizeof *next.v);
            next.n--;
            break;
        }
    next.v = realloc(next.v, (next.n + 1) * sizeof *next.v);
    if (!next.v) abort();
    next.v[next.n++] = (override){xstrdup(args), plen, r->line, (unsigned)arg_col(r, args)};
    char what[300];
    snprintf(what, sizeof what, ":set %.*s", (int)(plen < 250 ? plen : 250), args);
    if (try_whatif(r, &next, what)) printf("set %.*s\n", (int)plen, args);
    return REPL_CONTINUE;
}

/* What the what-if holds, for messages: "2 overrides on scenario lean", "no what-if". */
static void describe_whatif(tr_buf *b, const whatif *w) {
    if (!whatif_active(w)) { tr_buf_puts(b, "no what-if is left"); return; }
    tr_buf_printf(b, "the what-if has %zu override%s", w->n, w->n == 1 ? "" : "s");
    if (w->base) tr_buf_printf(b, " on scenario %s", w->base);
}

static int cmd_unset(repl *r, const char *args) {
    if (!args[0]) {
        command_error(r, "E602", AFTER_COMMAND(r), "as in :unset exec_coaching.hours", ":unset needs the PATH of a what-if override");
        return REPL_CONTINUE;
    }
    size_t plen = strcspn(args, " \t");
    if (!one_word(r, args, "PATH")) return REPL_CONTINUE;
    for (size_t i = 0; i < r->cur.n; i++) {
        if (r->cur.v[i].path_len != plen || memcmp(r->cur.v[i].text, args, plen) != 0) continue;
        char what[300];
        snprintf(what, sizeof what, ":unset %.*s", (int)(plen < 250 ? plen : 250), args);
        push_undo(r, what);
        free(r->cur.v[i].text);
        memmove(&r->cur.v[i], &r->cur.v[i + 1], (r->cur.n - i - 1) * sizeof *r->cur.v);
        r->cur.n--;
        printf("unset %.*s\n", (int)plen, args);
        return REPL_CONTINUE;
    }
    tr_buf help = {0};
    for (size_t i = 0; i < r->cur.n; i++) tr_buf_printf(&help, "%s%.*s", i ? ", " : "the what-if overrides ", (int)r->cur.v[i].path_len, r->cur.v[i].text);
    if (!r->cur.n) tr_buf_puts(&help, "the what-if overrides nothing");
    command_error(r, "E603", arg_col(r, args), plen, help.data, "the what-if does not override '%s'", args);
    tr_buf_free(&help);
    return REPL_CONTINUE;
}

static int cmd_undo(repl *r, const char *args) {
    (void)args;
    if (!r->nundo) {
        command_error(r, "E603", AT_COMMAND(r), NULL, "nothing to undo");
        return REPL_CONTINUE;
    }
    undo_entry *u = &r->undo[--r->nundo];
    whatif_free(&r->cur);
    r->cur = u->w;
    tr_buf b = {0};
    describe_whatif(&b, &r->cur);
    printf("undid %s; %s\n", u->what, b.data);
    tr_buf_free(&b);
    free(u->what);
    return REPL_CONTINUE;
}

static int cmd_scenario(repl *r, const char *args) {
    if (!args[0]) {
        command_error(r, "E602", AFTER_COMMAND(r), "as in :scenario lean", ":scenario needs the NAME of a declared scenario");
        return REPL_CONTINUE;
    }
    if (!one_word(r, args, "NAME")) return REPL_CONTINUE;
    session s;
    session_open(&s, r, NULL);
    if (need_plan(r, &s)) {
        if (strcmp(args, "baseline") == 0 || strcmp(args, WHATIF_NAME) == 0 || tr_lower_find_scenario(s.plan, args) < 0) {
            unknown_scenario(r, s.plan, args);
        } else {
            whatif next = whatif_copy(&r->cur);
            free(next.base);
            next.base = xstrdup(args);
            char what[300];
            snprintf(what, sizeof what, ":scenario %.250s", args);
            if (try_whatif(r, &next, what)) printf("applied scenario %s\n", args);
        }
    }
    session_close(&s);
    return REPL_CONTINUE;
}

static int cmd_diff(repl *r, const char *args) {
    (void)args;
    if (!whatif_active(&r->cur)) {
        puts("no what-if yet: :set PATH VALUE or :scenario NAME makes one");
        return REPL_CONTINUE;
    }
    session s;
    session_open(&s, r, &r->cur);
    if (need_plan(r, &s)) {
        tr_model m[2];
        tr_sim_result res[2];
        int sc = tr_lower_find_scenario(s.plan, WHATIF_NAME);
        if (simulate(s.plan, -1, &m[0], &res[0])) {
            if (simulate(s.plan, sc, &m[1], &res[1])) {
                tr_whatif_run runs[2] = {{"baseline", &m[0], &res[0]}, {"what-if", &m[1], &res[1]}};
                tr_whatif_table t;
                tr_whatif_table_build(&t, runs, 2);
                tr_buf out = {0};
                if (!tr_whatif_render_change(&out, &t, TR_WHATIF_TEXT)) tr_buf_puts(&out, "no change in spend, goals or measures\n");
                tr_cli_write(stdout, &out);
                tr_buf_free(&out);
                tr_whatif_table_free(&t);
                tr_model_free(&m[1]);
                tr_sim_result_free(&res[1]);
            }
            tr_model_free(&m[0]);
            tr_sim_result_free(&res[0]);
        }
    }
    session_close(&s);
    return REPL_CONTINUE;
}

/* ---- :show --------------------------------------------------------------------------------- */

/* The what-if's overrides under `prefix` ("exec_coaching", "model"). */
static void show_overrides(const repl *r, const char *prefix) {
    size_t len = strlen(prefix);
    for (size_t i = 0; i < r->cur.n; i++)
        if (r->cur.v[i].path_len > len && strncmp(r->cur.v[i].text, prefix, len) == 0 && r->cur.v[i].text[len] == '.')
            printf("# what-if: %s\n", r->cur.v[i].text);
}

/* A declaration by name: every kind that has it, as written. */
static bool show_entity(const repl *r, session *s, const char *name) {
    const tr_plan *p = s->any_plan;
    bool found = false;
    for (int k = 0; p && k < TR_E_COUNT; k++)
        for (uint32_t i = 0; i < tr_plan_count(p, (tr_entity_kind)k); i++) {
            const tr_entity *e = tr_plan_entity(p, (tr_entity_kind)k, i);
            if (!e->name || strcmp(e->name, name) != 0 || !e->node || !e->src) continue;
            const tr_source *src = e->src;
            uint32_t b = e->node->begin, en = e->node->end;
            move_pos(s, &src, &b, &en);
            printf("%.*s\n", (int)(en - b), src->text + b);
            found = true;
        }
    if (found) show_overrides(r, name);
    return found;
}

/* A constant: `let NAME = VALUE` as written. */
static bool show_let(const repl *r, session *s, const char *name) {
    if (!s->any_plan) return false;
    tr_plan_lets lets;
    tr_plan_lets_read(&lets, s->any_plan, s->check, r->stdlib);
    bool found = false;
    for (size_t i = 0; i < lets.n && !found; i++)
        if (strcmp(lets.v[i].name, name) == 0) printf("let %s = %s\n", name, lets.v[i].text), found = true;
    tr_plan_lets_free(&lets);
    return found;
}

/* The model's parameters (or one, `model.PARAM`): each value and where it comes from. */
static bool show_model(const repl *r, session *s, const char *name) {
    const char *param = strncmp(name, "model.", 6) == 0 ? name + 6 : NULL;
    if (strcmp(name, "model") != 0 && !param) return false;
    const tr_plan *p = s->any_plan;
    size_t n;
    const tr_param_info *t = tr_model_param_table(&n);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (param && strcmp(param, t[i].name) != 0) continue;
        const tr_attr_spec *a = tr_schema_attr("model", t[i].name, strlen(t[i].name));
        const tr_value *v = p && a && a->offset != (size_t)-1 ? (const tr_value *)((const char *)&p->model + a->offset) : NULL;
        tr_buf b = {0};
        if (v && v->kind != TR_V_NONE) tr_whatif_value_text(&b, p, v);
        else tr_buf_printf(&b, "%g%s", t[i].is_duration ? t[i].fallback : t[i].fallback * 100, t[i].is_duration ? " months" : "%");
        const char *from = !v || v->kind == TR_V_NONE ? "MODEL.md's default" : v->src && strncmp(v->src->path, "std/", 4) == 0 ? v->src->path : "the plan";
        printf("model.%-24s %-12s # %s\n", t[i].name, b.data, from);
        tr_buf_free(&b);
        any = true;
    }
    if (!any) return false;
    show_overrides(r, "model");
    return true;
}

static int cmd_show(repl *r, const char *args) {
    if (!args[0]) {
        command_error(r, "E602", AFTER_COMMAND(r), "as in :show exec_coaching, :show coach_rate or :show model", ":show needs a NAME");
        return REPL_CONTINUE;
    }
    session s;
    session_open(&s, r, NULL);
    if (!show_entity(r, &s, args) && !show_let(r, &s, args) && !show_model(r, &s, args)) {
        const char *cands[4096];
        size_t n = 0;
        for (size_t i = 0; i < r->names.n && n < 4096; i++)
            if (!strchr(r->names.v[i], '.')) cands[n++] = r->names.v[i];
        const char *best = tr_suggest(args, cands, n);
        char help[256];
        snprintf(help, sizeof help, "did you mean '%s'?", best ? best : "");
        command_error(r, "E201", AT_ARGS(r), best ? help : "a declaration, a constant, model or model.PARAM", "nothing is called '%s'", args);
    }
    session_close(&s);
    return REPL_CONTINUE;
}

/* ---- :goals and :budgets ---------------------------------------------------------------------- */

/* Simulate the what-if (or the baseline) for :goals and :budgets. */
static bool simulate_current(repl *r, session *s, tr_model *m, tr_sim_result *res) {
    session_open(s, r, &r->cur);
    if (!need_plan(r, s)) return false;
    return simulate(s->plan, pick_scenario(r, s->plan, NULL, whatif_active(&r->cur)), m, res);
}

static int cmd_goals(repl *r, const char *args) {
    (void)args;
    session s;
    tr_model m;
    tr_sim_result res;
    if (simulate_current(r, &s, &m, &res)) {
        tr_buf out = {0};
        if (!res.ngoals) tr_buf_puts(&out, "the plan has no goals\n");
        for (int g = 0; g < res.ngoals; g++) {
            const tr_goal_outcome *o = &res.goals[g];
            tr_report_unit u = tr_report_expr_unit(&m, m.goals.expr[g]);
            tr_buf_printf(&out, "%s: %s ", m.goals.name[g], o->met ? "met" : "missed");
            tr_report_value(&out, &m, u, o->value);
            tr_buf_puts(&out, " at ");
            tr_report_month(&out, &m, o->by);
            tr_buf_puts(&out, " (target ");
            static const char *const ops[] = {"<", "<=", ">", ">=", "==", "!="};
            tr_buf_printf(&out, "%s ", ops[m.goals.op[g]]);
            tr_report_value(&out, &m, u, m.goals.target[g]);
            tr_buf_puts(&out, ")\n");
        }
        tr_cli_write(stdout, &out);
        tr_buf_free(&out);
        tr_model_free(&m);
        tr_sim_result_free(&res);
    }
    session_close(&s);
    return REPL_CONTINUE;
}

static int cmd_budgets(repl *r, const char *args) {
    (void)args;
    session s;
    tr_model m;
    tr_sim_result res;
    if (simulate_current(r, &s, &m, &res)) {
        tr_buf out = {0};
        if (!res.nbudgets) tr_buf_puts(&out, "the plan has no budgets\n");
        for (int b = 0; b < res.nbudgets; b++) {
            int ok = 1;
            tr_buf_printf(&out, "%s: ", m.budgets.name[b]);
            tr_report_money(&out, tr_money_round(m.budgets.amount[b], m.minor_units, &ok), m.minor_units, m.currency);
            tr_buf_puts(&out, m.budgets.per_year[b] ? " per year" : " in total");
            if (m.budgets.parent[b] >= 0) tr_buf_printf(&out, ", within %s", m.budgets.name[m.budgets.parent[b]]);
            tr_buf_puts(&out, "; spent");
            for (int y = 1; y <= (res.months + 11) / 12; y++) {
                int end = y * 12 < res.months ? y * 12 : res.months;
                tr_buf_puts(&out, y > 1 ? ", " : " ");
                tr_report_money(&out, tr_ledger_budget_sum(&res.ledger, b, (y - 1) * 12 + 1, end), m.minor_units, m.currency);
                tr_buf_puts(&out, " in ");
                tr_report_month(&out, &m, end);
            }
            tr_buf_putc(&out, '\n');
        }
        tr_cli_write(stdout, &out);
        tr_buf_free(&out);
        tr_model_free(&m);
        tr_sim_result_free(&res);
    }
    session_close(&s);
    return REPL_CONTINUE;
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
static void scenario_block(const repl *r, const char *name, tr_buf *out) {
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
static bool declares_scenario(const repl *r, const tr_save_target *t, const char *name) {
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
        uint32_t b = (uint32_t)(r->line_start[r->line - 1] + arg_col(r, name));
        tr_diag *d = tr_diag_add(&ds, "E202", shown, b, b + (uint32_t)strlen(name), "'%s' already declares scenario '%s'; nothing was written", t->path, name);
        tr_diag_note(d, src, found->begin, found->end, "declared here");
        tr_diag_help(d, "choose another NAME, or edit the scenario in the file");
        print_diags(&ds);
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
    if (t->exists) return xstrdup(t->path);
    const char *slash = strrchr(t->path, '/');
    char *dir = slash ? strndup(t->path, (size_t)(slash - t->path) + (slash == t->path)) : xstrdup(".");
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
static bool saved_file_checks(const repl *r, const tr_save_target *t, const tr_buf *add, const char *name) {
    tr_buf all = {0};
    tr_buf_putn(&all, t->old.data ? t->old.data : "", t->old.len);
    tr_buf_putn(&all, add->data, add->len);
    char *at = check_path(t);
    tr_source *src = tr_source_from_text(at, all.data ? all.data : "", all.len);
    if (!src) abort();
    tr_buf_free(&all);
    tr_diags diags = {0};
    const tr_source *roots[] = {src};
    tr_check_options co = {r->stdlib, false};
    tr_checked *c = tr_check_sources(roots, 1, &co, &diags);
    bool ok = tr_diags_count(&diags, TR_SEV_ERROR) == 0;
    if (!ok) {
        print_errors_as(&diags, at, t->path);
        command_error(r, "E605", arg_col(r, r->args), strlen(t->path),
                      "FILE must pass `trellis check` with the scenario: the loaded plan, or a file that imports it",
                      "'%s' would not check with scenario %s; nothing was written", t->path, name);
    }
    tr_checked_free(c);
    tr_diags_free(&diags);
    tr_source_free(src);
    free(at);
    return ok;
}

static bool is_loaded_plan(const repl *r, const tr_save_target *t) {
    if (!r->path || !t->exists) return false;
    char *a = realpath(r->path, NULL);
    bool same = a && strcmp(a, t->real) == 0;
    free(a);
    return same;
}

/* What is appended: a blank line, then (for a new file) the import of the loaded plan, then
 * the scenario block. */
static void saved_text(const repl *r, const tr_save_target *t, const char *name, tr_buf *add) {
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

static int cmd_save(repl *r, const char *args) {
    size_t flen;
    const char *name;
    if (!split_args(args, &flen, &name)) {
        command_error(r, "E602", args[0] ? arg_col(r, args + flen) : r->cmd_at + r->cmd_len, 0, "as in :save plans/unified.plan lean_coaching",
                      ":save needs FILE NAME");
        return REPL_CONTINUE;
    }
    if (!is_identifier(name) || strcmp(name, WHATIF_NAME) == 0) {
        command_error(r, "E602", arg_col(r, name), strlen(name), "letters, digits and _, not starting with a digit", "'%s' cannot name a scenario", name);
        return REPL_CONTINUE;
    }
    if (strcmp(name, "baseline") == 0) {
        command_error(r, "E209", arg_col(r, name), strlen(name), "call it something else, such as current or as_planned",
                      "'baseline' is the plan as written; a scenario cannot take that name");
        return REPL_CONTINUE;
    }
    if (!whatif_active(&r->cur)) {
        command_error(r, "E603", AT_COMMAND(r), ":set PATH VALUE or :scenario NAME makes one", "no what-if to save");
        return REPL_CONTINUE;
    }
    session s;
    session_open(&s, r, &r->cur);
    bool ok = need_plan(r, &s);
    session_close(&s);
    if (!ok) return REPL_CONTINUE;
    char *path = strndup(args, flen);
    if (!path) abort();
    tr_save_target t;
    tr_buf add = {0};
    char why[1024];
    if (!tr_save_target_open(&t, path, why, sizeof why)) command_error(r, "E604", arg_col(r, args), flen, NULL, "%s", why);
    else if (!declares_scenario(r, &t, name)) {
        saved_text(r, &t, name, &add);
        if (saved_file_checks(r, &t, &add, name)) {
            if (!tr_save_write(&t, &add, why, sizeof why)) {
                command_error(r, "E604", arg_col(r, args), flen, "nothing was written", "%s", why);
            } else {
                printf("saved scenario %s to %s\n", name, path);
                if (is_loaded_plan(r, &t) && load_file(r, r->path, r->cmd_at, true)) report_loaded(r);   /* the session knows it now */
            }
        }
    }
    tr_save_target_free(&t);
    tr_buf_free(&add);
    free(path);
    return REPL_CONTINUE;
}

/* ---- the loop ---------------------------------------------------------------------------- */

static const repl_command *find_command(const char *name, size_t len) {
    for (int i = 0; i < NREPL_COMMANDS; i++)
        if (strlen(repl_commands[i].name) == len && memcmp(repl_commands[i].name, name, len) == 0) return &repl_commands[i];
    return NULL;
}

static int run_command(repl *r, const char *line) {
    size_t len = strcspn(line, " \t");
    const char *args = line + len;
    args += strspn(args, " \t");
    r->cmd_at = (size_t)(line - r->input);
    r->cmd_len = len;
    const repl_command *c = find_command(line, len);
    if (!c) {
        const char *names[NREPL_COMMANDS];
        for (int i = 0; i < NREPL_COMMANDS; i++) names[i] = repl_commands[i].name;
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)(len < 63 ? len : 63), line);
        const char *best = tr_suggest(word, names, NREPL_COMMANDS);
        char help[96];
        snprintf(help, sizeof help, "did you mean '%s'? :help lists the commands", best ? best : "");
        command_error(r, "E601", AT_COMMAND(r), best ? help : ":help lists the commands", "unknown command '%s'", word);
        return REPL_CONTINUE;
    }
    char *trimmed = xstrdup(args);   /* commands see their arguments without trailing blanks */
    size_t n = strlen(trimmed);
    while (n && (trimmed[n - 1] == ' ' || trimmed[n - 1] == '\t')) trimmed[--n] = '\0';
    r->args = trimmed;
    r->args_at = (size_t)(args - r->input);
    int status = REPL_CONTINUE;
    if (!c->args[0] && n) command_error(r, "E602", AT_ARGS(r), NULL, "%s takes no arguments", c->name);
    else status = c->run(r, trimmed);
    free(trimmed);
    r->args = NULL;
    return status;
}

/* Does the input start with a word that begins a declaration (a block kind, let, import)? */
static bool is_declaration(const char *text) {
    const char *p = text + strspn(text, " \t\n");
    size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
    if (!n) return false;
    if ((n == 3 && memcmp(p, "let", 3) == 0) || (n == 6 && memcmp(p, "import", 6) == 0)) return true;
    const tr_block_spec *b = tr_schema_block(p, n);
    return b && b->top && p[n] != '.';
}

/* Plan text typed at the prompt: kept when the plan still checks (or no worse than before). */
static void add_declarations(repl *r, tr_source *src, unsigned first_line) {
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(src, &diags);
    if (!ast) abort();
    if (ast->errors) {
        print_diags(&diags);
        tr_diags_free(&diags);
        tr_ast_free(ast);
        return;
    }
    tr_diags_free(&diags);
    session before;
    session_open(&before, r, &r->cur);
    size_t errors_before = session_errors(&before);
    session_close(&before);
    r->chunks = realloc(r->chunks, (r->nchunks + 1) * sizeof *r->chunks);
    if (!r->chunks) abort();
    chunk *c = &r->chunks[r->nchunks++];
    *c = (chunk){malloc(src->len + 1), src->len, first_line, {0}};
    if (!c->text) abort();
    memcpy(c->text, src->text, src->len + 1);
    collect_decls(ast, &c->items);
    tr_ast_free(ast);
    session s;
    session_open(&s, r, &r->cur);
    if (session_errors(&s) > errors_before) {
        print_session_errors(&s);
        free(c->text);
        decls_free(&c->items);
        r->nchunks--;
        session_close(&s);
        return;
    }
    if (s.plan) tr_repl_names_build(&r->names, s.plan, s.check, r->stdlib, WHATIF_NAME);
    session_close(&s);
    c = &r->chunks[r->nchunks - 1];
    for (size_t i = 0; i < c->items.n; i++) {
        bool replaces = false;
        for (size_t k = 0; k < r->file_items.n && !replaces; k++) replaces = strcmp(r->file_items.v[k].key, c->items.v[i].key) == 0;
        for (size_t k = 0; k + 1 < r->nchunks && !replaces; k++)
            for (size_t j = 0; j < r->chunks[k].items.n && !replaces; j++) replaces = strcmp(r->chunks[k].items.v[j].key, c->items.v[i].key) == 0;
        printf("%s %s\n", replaces ? "replaced" : "added", c->items.v[i].key);
    }
}

/* An expression: attribute reads see the session's plan with the what-if written in. */
static void evaluate(repl *r, tr_source *src) {
    tr_diags diags = {0};
    tr_ast *ast = tr_parse_expr(src, &diags);
    if (!ast) abort();
    if (ast->errors || !ast->expr) {
        print_diags(&diags);
    } else {
        session s;
        session_open(&s, r, &r->cur);
        tr_scenario_view v;
        int sc = s.plan && whatif_active(&r->cur) ? tr_lower_find_scenario(s.plan, WHATIF_NAME) : -1;
        int rc = s.plan ? tr_scenario_view_make(&v, s.plan, sc) : 0;
        if (rc == -1) abort();   /* out of memory; -2 (a cycle of extends) cannot pass the check */
        bool viewed = s.plan && rc == 0;
        tr_buf out = {0};
        if (tr_whatif_eval(viewed ? &v.p : s.plan, s.plan ? s.check : NULL, r->stdlib, src, ast->expr, &diags, &out)) {
            tr_buf_putc(&out, '\n');
            tr_cli_write(stdout, &out);
        } else {
            print_diags(&diags);
        }
        if (s.plan) tr_scenario_view_free(&v);
        tr_buf_free(&out);
        session_close(&s);
    }
    tr_diags_free(&diags);
    tr_ast_free(ast);
}

/* Does the text so far need more lines? Decided by the parser. */
static bool input_incomplete(const char *text, size_t len) {
    tr_source *src = tr_source_from_text("<repl>", text, len);
    if (!src) abort();
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(src, &diags);
    bool incomplete = ast && ast->incomplete;
    tr_ast_free(ast);
    tr_diags_free(&diags);
    tr_source_free(src);
    return incomplete;
}

static int handle_input(repl *r, const char *text, size_t len, unsigned first_line) {
    const char *p = text + strspn(text, " \t");
    if (*p == ':') {
        r->input = text;
        return run_command(r, p);
    }
    if (!*p) return REPL_CONTINUE;
    tr_source *src = tr_source_from_text("<repl>", text, len);
    if (!src) abort();
    src->first_line = first_line;
    if (is_declaration(text)) add_declarations(r, src, first_line);
    else evaluate(r, src);
    tr_source_free(src);
    return REPL_CONTINUE;
}

/* Commands at the start of a line; otherwise the session's names (cli/repl_names.c). */
static char **complete_word(const char *word, const char *line, void *ctx) {
    repl *r = ctx;
    size_t wl = strlen(word);
    const char *start = line + strspn(line, " \t");
    if (word[0] == ':' && strncmp(start, word, wl) == 0) {
        const char *names[NREPL_COMMANDS];
        for (int i = 0; i < NREPL_COMMANDS; i++) names[i] = repl_commands[i].name;
        return tr_repl_complete(names, NREPL_COMMANDS, word);
    }
    return tr_repl_names_complete(&r->names, word);
}

static void remember_line(repl *r, const char *line) {
    r->line_start = realloc(r->line_start, (r->line + 1) * sizeof *r->line_start);
    if (!r->line_start) abort();
    r->line_start[r->line] = r->lines.len;
    tr_buf_puts(&r->lines, line);
    tr_buf_putc(&r->lines, '\n');
    r->line++;
}

static int repl_loop(repl *r) {
    tr_buf pending = {0};
    unsigned first_line = 0;
    for (;;) {
        const char *prompt = pending.len ? "...> " : "trellis> ";
        char *line = NULL;
        tr_read_status st = tr_lineedit_read(r->le, prompt, &line);
        if (st == TR_READ_EOF) break;
        if (st == TR_READ_CANCELLED) {   /* Ctrl-C: drop what was being typed */
            tr_buf_free(&pending);
            continue;
        }
        remember_line(r, line);
        if (!pending.len) first_line = r->line;
        if (pending.len) tr_buf_putc(&pending, '\n');
        tr_buf_puts(&pending, line);
        free(line);
        const char *p = pending.data ? pending.data + strspn(pending.data, " \t") : "";
        if (*p != ':' && pending.len && input_incomplete(pending.data, pending.len)) continue;
        if (pending.len) tr_lineedit_remember(r->le, pending.data);
        int status = handle_input(r, pending.data ? pending.data : "", pending.len, first_line);
        tr_buf_free(&pending);
        fflush(stdout);
        if (status == REPL_QUIT) break;
    }
    if (pending.len) handle_input(r, pending.data, pending.len, first_line);   /* reports what is unclosed */
    tr_buf_free(&pending);
    return EXIT_CLEAN;
}

int tr_cmd_repl(int argc, char **argv) {
    if (argc > 2) {
        tr_cli_usage_error("%s", "repl takes at most one FILE");
        return EXIT_USAGE;
    }
    if (argc == 2 && argv[1][0] == '-') {
        tr_cli_usage_error("unknown option '%s' for repl", argv[1]);
        return EXIT_USAGE;
    }
    repl r = {0};
    r.stdlib = tr_cli_find_stdlib();
    bool interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    char *history = interactive ? tr_lineedit_history_path() : NULL;
    r.le = tr_lineedit_open(interactive, history);
    free(history);
    if (!r.le) abort();
    tr_lineedit_set_completer(r.le, complete_word, &r);
    if (argc == 2) {   /* loaded even with errors: there is no other plan to keep */
        loaded f;
        if (read_plan(&r, argv[1], 0, &f)) {
            take_file(&r, argv[1], &f);
            if (interactive) printf("loaded %s\n", r.path);
            report_loaded(&r);
        }
    }
    if (interactive) puts("trellis repl: :help lists the commands, Ctrl-D leaves");
    int status = repl_loop(&r);
    if (interactive) putchar('\n');
    tr_lineedit_close(r.le);
    tr_source_free(r.file);
    free(r.path);
    decls_free(&r.file_items);
    chunks_free(&r);
    whatif_free(&r.cur);
    undo_clear(&r);
    tr_repl_names_free(&r.names);
    tr_buf_free(&r.lines);
    free(r.line_start);
    free(r.stdlib);
    return status;
}
