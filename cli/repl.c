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
 * they print as <repl>:LINE:COL pointing at what the user wrote. */
#include "repl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "lineedit.h"
#include "lint.h"
#include "lower.h"
#include "parse.h"
#include "report.h"
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

typedef struct repl {
    tr_lineedit *le;
    char *stdlib;
    char *path;              /* the loaded plan, or NULL */
    tr_source *file;         /* its text as last read */
    decls file_items;
    chunk *chunks;
    size_t nchunks;
    whatif cur;
    whatif *undo;            /* earlier states of the what-if, for :undo */
    size_t nundo;
    tr_buf lines;            /* every line typed, each ended by '\n' */
    size_t *line_start;      /* offset of line i+1 in `lines` */
    unsigned line;           /* lines read so far: <repl>:LINE:COL counts them */
    const char *input;       /* the command line being run, as typed (for :set's columns) */
    char **names;            /* declared names and their attribute paths, for completion */
    size_t nnames;
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

static void remap(session *s) {
    for (size_t i = 0; i < s->diags.n; i++) {
        tr_diag *d = s->diags.items[i];
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

/* Where a simulation needs a clean plan, say why there is none. */
static bool need_plan(session *s) {
    if (s->plan) return true;
    if (!s->has_plan_block) {
        puts("error: the session has no plan yet; :load FILE, or type a plan block");
        return false;
    }
    print_session_errors(s);
    puts("error: the session's plan has errors; nothing was simulated");
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

static void names_free(repl *r) {
    for (size_t i = 0; i < r->nnames; i++) free(r->names[i]);
    free(r->names);
    r->names = NULL, r->nnames = 0;
}

static void names_add(repl *r, const char *s) {
    r->names = realloc(r->names, (r->nnames + 1) * sizeof *r->names);
    if (!r->names) abort();
    r->names[r->nnames++] = xstrdup(s);
}

static const char *const kind_words[TR_E_COUNT] = {"role", "skill", "program", "budget", "milestone", "measure", "goal", "scenario"};

/* After each successful check: the names declared outside the standard library, and
 * NAME.attribute for every attribute the schema gives their kind. */
static void names_refresh(repl *r, const tr_plan *p) {
    if (!p) return;
    names_free(r);
    const char *attrs[64];
    for (int k = 0; k < TR_E_COUNT; k++)
        for (uint32_t i = 0; i < tr_plan_count(p, (tr_entity_kind)k); i++) {
            const tr_entity *e = tr_plan_entity(p, (tr_entity_kind)k, i);
            if ((e->src && strncmp(e->src->path, "std/", 4) == 0) || strcmp(e->name, WHATIF_NAME) == 0) continue;
            names_add(r, e->name);
            size_t n = tr_schema_attr_names(kind_words[k], attrs, 64);
            for (size_t a = 0; a < n; a++) {
                const tr_attr_spec *s = tr_schema_attr(kind_words[k], attrs[a], strlen(attrs[a]));
                if (!s || s->offset == (size_t)-1) continue;
                tr_buf b = {0};
                tr_buf_printf(&b, "%s.%s", e->name, attrs[a]);
                names_add(r, b.data);
                tr_buf_free(&b);
            }
        }
}

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
    for (size_t i = 0; i < r->nundo; i++) whatif_free(&r->undo[i]);
    free(r->undo);
    r->undo = NULL, r->nundo = 0;
}

/* Read path into the session; on failure the session keeps what it had. */
static bool repl_read_file(repl *r, const char *path) {
    tr_source *src = tr_source_read(path);
    if (!src) {
        printf("error: cannot read '%s': %s\n", path, strerror(errno));
        return false;
    }
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(src, &diags);
    if (!ast) abort();
    bool ok = ast->errors == 0;
    print_diags(&diags);
    tr_diags_free(&diags);
    if (!ok) {
        printf("'%s' has errors; the session's plan is unchanged\n", path);
        tr_ast_free(ast);
        tr_source_free(src);
        return false;
    }
    decls_free(&r->file_items);
    collect_decls(ast, &r->file_items);
    tr_ast_free(ast);
    char *copy = xstrdup(path);
    tr_source_free(r->file);
    free(r->path);
    r->file = src;
    r->path = copy;
    return true;
}

/* After a plan is (re)loaded: its problems, and the names for completion. */
static void report_loaded(repl *r) {
    session s;
    session_open(&s, r, &r->cur);
    if (session_errors(&s)) print_session_errors(&s);
    names_refresh(r, s.plan);
    session_close(&s);
}

static int cmd_load(repl *r, const char *args) {
    if (!args[0]) {
        puts("error: :load needs a FILE");
        return REPL_CONTINUE;
    }
    if (repl_read_file(r, args)) {
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
        puts("error: no plan loaded; use :load FILE");
        return REPL_CONTINUE;
    }
    char *path = xstrdup(r->path);
    if (repl_read_file(r, path)) {
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
        puts("error: the session has no plan yet; :load FILE, or type a plan block");
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

/* The scenario to simulate: `name` when given, else the what-if when there is one. */
static int pick_scenario(const tr_plan *p, const char *name, bool use_whatif) {
    if (name && *name) {
        int sc = strcmp(name, "baseline") == 0 ? -1 : tr_lower_find_scenario(p, name);
        if (sc < 0 && strcmp(name, "baseline") != 0) {
            printf("error: no scenario '%s'", name);
            int listed = 0;
            for (uint32_t i = 0; i < p->nscenarios; i++)
                if (strcmp(p->scenarios[i].e.name, WHATIF_NAME) != 0) printf("%s%s", listed++ ? ", " : " (the plan has: ", p->scenarios[i].e.name);
            puts(listed ? ")" : "; the plan declares none");
            return -2;
        }
        return sc;
    }
    return use_whatif ? tr_lower_find_scenario(p, WHATIF_NAME) : -1;
}

static int cmd_run(repl *r, const char *args) {
    session s;
    session_open(&s, r, &r->cur);
    if (need_plan(&s)) {
        int sc = pick_scenario(s.plan, args, whatif_active(&r->cur));
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

static void push_undo(repl *r) {
    r->undo = realloc(r->undo, (r->nundo + 1) * sizeof *r->undo);
    if (!r->undo) abort();
    r->undo[r->nundo++] = whatif_copy(&r->cur);
}

/* Try the what-if `next`: when it checks, it becomes the session's (the old one is kept
 * for :undo); otherwise its errors are printed and nothing changes. */
static bool try_whatif(repl *r, whatif *next) {
    session s;
    session_open(&s, r, next);
    bool ok = s.plan != NULL;
    if (!ok) {
        if (!s.has_plan_block) puts("error: the session has no plan yet; :load FILE, or type a plan block");
        else print_session_errors(&s);
        whatif_free(next);
    } else {
        push_undo(r);
        whatif_free(&r->cur);
        r->cur = *next;
    }
    session_close(&s);
    return ok;
}

/* `:set PATH VALUE`, typed on session line r->line: `args` points into that line. */
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
        puts("error: :set needs PATH VALUE, as in :set exec_coaching.hours 12 hours per person per year");
        return REPL_CONTINUE;
    }
    if (!memchr(args, '.', plen)) {
        printf("error: '%.*s' is not a path: write NAME.attribute\n", (int)plen, args);
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
    next.v[next.n++] = (override){xstrdup(args), plen, r->line, (unsigned)(args - r->input)};
    if (try_whatif(r, &next)) printf("set %.*s\n", (int)plen, args);
    return REPL_CONTINUE;
}

static int cmd_unset(repl *r, const char *args) {
    size_t plen = strcspn(args, " \t");
    for (size_t i = 0; i < r->cur.n; i++) {
        if (r->cur.v[i].path_len != plen || memcmp(r->cur.v[i].text, args, plen) != 0) continue;
        push_undo(r);
        free(r->cur.v[i].text);
        memmove(&r->cur.v[i], &r->cur.v[i + 1], (r->cur.n - i - 1) * sizeof *r->cur.v);
        r->cur.n--;
        printf("unset %.*s\n", (int)plen, args);
        return REPL_CONTINUE;
    }
    printf("error: no what-if override of '%.*s'%s\n", (int)plen, args, r->cur.n ? "" : " (there are none)");
    return REPL_CONTINUE;
}

static int cmd_undo(repl *r, const char *args) {
    (void)args;
    if (!r->nundo) {
        puts("error: nothing to undo");
        return REPL_CONTINUE;
    }
    whatif_free(&r->cur);
    r->cur = r->undo[--r->nundo];
    size_t n = r->cur.n;
    printf("undone: %zu override%s%s%s\n", n, n == 1 ? "" : "s", r->cur.base ? " on scenario " : "", r->cur.base ? r->cur.base : "");
    return REPL_CONTINUE;
}

static int cmd_scenario(repl *r, const char *args) {
    if (!args[0]) {
        puts("error: :scenario needs the NAME of a declared scenario");
        return REPL_CONTINUE;
    }
    session s;
    session_open(&s, r, NULL);
    if (need_plan(&s)) {
        if (tr_lower_find_scenario(s.plan, args) < 0 || strcmp(args, WHATIF_NAME) == 0) {
            pick_scenario(s.plan, args, false);
        } else {
            whatif next = whatif_copy(&r->cur);
            free(next.base);
            next.base = xstrdup(args);
            if (try_whatif(r, &next)) printf("applied scenario %s\n", args);
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
    if (need_plan(&s)) {
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

static int cmd_show(repl *r, const char *args) {
    if (!args[0]) {
        puts("error: :show needs a NAME");
        return REPL_CONTINUE;
    }
    session s;
    session_open(&s, r, NULL);
    const tr_plan *p = s.any_plan;
    bool found = false;
    for (int k = 0; p && k < TR_E_COUNT; k++)
        for (uint32_t i = 0; i < tr_plan_count(p, (tr_entity_kind)k); i++) {
            const tr_entity *e = tr_plan_entity(p, (tr_entity_kind)k, i);
            if (!e->name || strcmp(e->name, args) != 0 || !e->node || !e->src) continue;
            const tr_source *src = e->src;
            uint32_t b = e->node->begin, en = e->node->end;
            move_pos(&s, &src, &b, &en);
            printf("%.*s\n", (int)(en - b), src->text + b);
            found = true;
        }
    size_t len = strlen(args);
    for (size_t i = 0; i < r->cur.n && found; i++)
        if (r->cur.v[i].path_len > len && strncmp(r->cur.v[i].text, args, len) == 0 && r->cur.v[i].text[len] == '.')
            printf("# what-if: %s\n", r->cur.v[i].text);
    if (!found) printf("error: nothing is called '%s'\n", args);
    session_close(&s);
    return REPL_CONTINUE;
}

/* Simulate the what-if (or the baseline) for :goals and :budgets. */
static bool simulate_current(repl *r, session *s, tr_model *m, tr_sim_result *res) {
    session_open(s, r, &r->cur);
    if (!need_plan(s)) return false;
    return simulate(s->plan, pick_scenario(s->plan, NULL, whatif_active(&r->cur)), m, res);
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

/* Write `old` then `add` to a temporary file beside `path`, with path's mode, and rename it
 * over path: a reader sees the old file or the new one, never a part. */
static bool append_atomically(const char *path, const tr_buf *old, const tr_buf *add, mode_t mode) {
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) abort();
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    const tr_buf *parts[] = {old, add};
    for (int i = 0; i < 2 && ok; i++) {
        size_t done = 0;
        while (ok && done < parts[i]->len) {
            ssize_t w = write(fd, parts[i]->data + done, parts[i]->len - done);
            if (w < 0 && errno == EINTR) continue;
            ok = w > 0;
            if (ok) done += (size_t)w;
        }
    }
    ok = ok && fchmod(fd, mode) == 0 && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0) ok = false;
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        printf("error: cannot write '%s': %s\n", path, strerror(errno));
        if (fd >= 0) unlink(tmp);
    }
    free(tmp);
    return ok;
}

static bool read_all(const char *path, tr_buf *out, mode_t *mode) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return errno == ENOENT;   /* a new file */
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (ok) *mode = st.st_mode & 07777;
    char buf[65536];
    for (ssize_t n; ok && (n = read(fd, buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) ok = false;
        else tr_buf_putn(out, buf, (size_t)n);
    }
    close(fd);
    return ok;
}

static bool is_loaded_plan(const repl *r, const char *path) {
    if (!r->path) return false;
    char *a = realpath(path, NULL), *b = realpath(r->path, NULL);
    bool same = a && b && strcmp(a, b) == 0;
    free(a);
    free(b);
    return same;
}

/* Saving into the loaded plan: the file as it would be written must check (it may have
 * changed on disk since it was loaded, or already name the scenario). */
static bool saved_plan_checks(const repl *r, const char *path, const tr_buf *old, const tr_buf *add) {
    tr_buf all = {0};
    tr_buf_putn(&all, old->data ? old->data : "", old->len);
    tr_buf_putn(&all, add->data, add->len);
    tr_source *src = tr_source_from_text(path, all.data, all.len);
    if (!src) abort();
    tr_buf_free(&all);
    tr_diags diags = {0};
    const tr_source *roots[] = {src};
    tr_check_options co = {r->stdlib, false};
    tr_checked *c = tr_check_sources(roots, 1, &co, &diags);
    bool ok = tr_diags_count(&diags, TR_SEV_ERROR) == 0;
    if (!ok) {
        print_diags(&diags);
        printf("error: '%s' would not check with the scenario; nothing was written\n", path);
    }
    tr_checked_free(c);
    tr_diags_free(&diags);
    tr_source_free(src);
    return ok;
}

static int cmd_save(repl *r, const char *args) {
    size_t flen;
    const char *name;
    if (!split_args(args, &flen, &name)) {
        puts("error: :save needs FILE NAME, as in :save plan.plan lean_coaching");
        return REPL_CONTINUE;
    }
    if (!is_identifier(name) || strcmp(name, WHATIF_NAME) == 0) {
        printf("error: '%s' cannot name a scenario: use letters, digits and _\n", name);
        return REPL_CONTINUE;
    }
    if (!whatif_active(&r->cur)) {
        puts("error: no what-if to save: :set PATH VALUE makes one");
        return REPL_CONTINUE;
    }
    session s;
    session_open(&s, r, &r->cur);
    bool ok = need_plan(&s);
    if (ok && tr_lower_find_scenario(s.plan, name) >= 0) {
        printf("error: the plan already has a scenario '%s'\n", name);
        ok = false;
    }
    session_close(&s);
    if (!ok) return REPL_CONTINUE;
    char *path = strndup(args, flen);
    if (!path) abort();
    tr_buf old = {0}, add = {0};
    mode_t mode = 0644;
    if (!read_all(path, &old, &mode)) {
        printf("error: cannot read '%s': %s\n", path, strerror(errno));
    } else {
        if (old.len && old.data[old.len - 1] != '\n') tr_buf_putc(&add, '\n');
        tr_buf_printf(&add, "%sscenario %s {\n", old.len ? "\n" : "", name);
        if (r->cur.base) tr_buf_printf(&add, "  extends %s\n", r->cur.base);
        for (size_t i = 0; i < r->cur.n; i++) tr_buf_printf(&add, "  %s\n", r->cur.v[i].text);
        tr_buf_puts(&add, "}\n");
        bool same_file = is_loaded_plan(r, path);
        if ((!same_file || saved_plan_checks(r, path, &old, &add)) && append_atomically(path, &old, &add, mode)) {
            printf("saved scenario %s to %s\n", name, path);
            if (same_file && repl_read_file(r, r->path)) report_loaded(r);   /* the session knows it now */
        }
    }
    tr_buf_free(&old);
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
    const repl_command *c = find_command(line, len);
    if (!c) {
        printf("error: unknown command '%.*s' (:help lists them)\n", (int)len, line);
        return REPL_CONTINUE;
    }
    char *trimmed = xstrdup(args);   /* commands see their arguments without trailing blanks */
    size_t n = strlen(trimmed);
    while (n && (trimmed[n - 1] == ' ' || trimmed[n - 1] == '\t')) trimmed[--n] = '\0';
    /* :set reports positions in the line as typed: hand it the line itself */
    int status = c->run(r, c->run == cmd_set ? args : trimmed);
    free(trimmed);
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
    names_refresh(r, s.plan);
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

static void evaluate(repl *r, tr_source *src) {
    tr_diags diags = {0};
    tr_ast *ast = tr_parse_expr(src, &diags);
    if (!ast) abort();
    if (ast->errors || !ast->expr) {
        print_diags(&diags);
    } else {
        session s;
        session_open(&s, r, &r->cur);
        tr_buf out = {0};
        if (tr_whatif_eval(s.plan, s.plan ? s.check : NULL, r->stdlib, src, ast->expr, &diags, &out)) {
            tr_buf_putc(&out, '\n');
            tr_cli_write(stdout, &out);
        } else {
            print_diags(&diags);
        }
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

static void completion_add(char ***out, size_t *n, const char *s) {
    *out = realloc(*out, (*n + 2) * sizeof **out);
    if (!*out) abort();
    (*out)[(*n)++] = xstrdup(s);
    (*out)[*n] = NULL;
}

/* Commands at the start of a line; otherwise declared names and NAME.attribute paths. */
static char **complete_word(const char *word, const char *line, void *ctx) {
    repl *r = ctx;
    size_t n = 0, wl = strlen(word);
    char **out = calloc(1, sizeof *out);
    if (!out) return NULL;
    const char *start = line + strspn(line, " \t");
    if (word[0] == ':' && strncmp(start, word, wl) == 0) {
        for (int i = 0; i < NREPL_COMMANDS; i++)
            if (strncmp(repl_commands[i].name, word, wl) == 0) completion_add(&out, &n, repl_commands[i].name);
        return out;
    }
    bool path = strchr(word, '.') != NULL;
    for (size_t i = 0; i < r->nnames; i++)
        if (strncmp(r->names[i], word, wl) == 0 && (path || !strchr(r->names[i], '.'))) completion_add(&out, &n, r->names[i]);
    return out;
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
    if (argc == 2 && repl_read_file(&r, argv[1])) {
        if (interactive) printf("loaded %s\n", r.path);
        report_loaded(&r);
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
    names_free(&r);
    tr_buf_free(&r.lines);
    free(r.line_start);
    free(r.stdlib);
    return status;
}
