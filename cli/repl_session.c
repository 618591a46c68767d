/* repl_session.c — the session's plan: building the one text that is checked, moving its
 * diagnostics to what was typed, loading a file into the session; and the printing every
 * command shares. See repl_session.h for how the text is made. */
#include "repl_session.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "lower.h"
#include "model.h"
#include "parse.h"
#include "repl_names.h"

char *tr_repl_strdup(const char *s) {
    char *d = strdup(s);
    if (!d) abort();
    return d;
}

void tr_repl_decls_free(tr_repl_decls *d) {
    for (size_t i = 0; i < d->n; i++) free(d->v[i].key);
    free(d->v);
    d->v = NULL, d->n = 0;
}

/* The blocks and lets of a parsed text, keyed "KIND NAME" (or "KIND" for a block without a
 * name, such as `plan` or `model`, of which there is one). */
void tr_repl_decls_collect(const tr_ast *ast, tr_repl_decls *out) {
    for (const tr_node *it = ast->items; it; it = it->next) {
        tr_buf key = {0};
        if (it->kind == TR_N_LET) {
            tr_buf_printf(&key, "let %.*s", (int)it->u.let.name->u.str.len, it->u.let.name->u.str.s);
        } else if (it->kind == TR_N_IMPORT) {   /* the same import typed again stands for the first */
            tr_buf_printf(&key, "import \"%.*s\"", (int)it->u.str.len, it->u.str.s);
        } else if (it->kind == TR_N_BLOCK) {
            const tr_node *k = it->u.block.kind, *n = tr_block_name(it);
            tr_buf_printf(&key, "%.*s", (int)k->u.str.len, k->u.str.s);
            if (n && n->kind == TR_N_NAME) tr_buf_printf(&key, " %.*s", (int)n->u.str.len, n->u.str.s);
        } else {
            continue;
        }
        out->v = realloc(out->v, (out->n + 1) * sizeof *out->v);
        if (!out->v) abort();
        out->v[out->n++] = (tr_repl_decl){tr_buf_take(&key), it->begin, it->end};
    }
}

static bool replaced_later(const tr_repl *r, size_t after_chunk, const char *key) {
    for (size_t c = after_chunk; c < r->nchunks; c++)
        for (size_t i = 0; i < r->chunks[c].items.n; i++)
            if (strcmp(r->chunks[c].items.v[i].key, key) == 0) return true;
    return false;
}

/* Append text[0..len) with the declarations that a later chunk replaces blanked (newlines
 * kept, so that lines and columns stay where they were). */
static void put_blanked(tr_buf *b, const char *text, size_t len, const tr_repl_decls *items, const tr_repl *r, size_t after_chunk) {
    size_t at = b->len;
    tr_buf_putn(b, text, len);
    for (size_t i = 0; i < items->n; i++) {
        if (!replaced_later(r, after_chunk, items->v[i].key)) continue;
        for (uint32_t k = items->v[i].begin; k < items->v[i].end && k < len; k++)
            if (b->data[at + k] != '\n') b->data[at + k] = ' ';
    }
}

uint32_t tr_repl_display_offset(const tr_repl *r, unsigned line, unsigned col) {
    return (uint32_t)(r->line_start[line - 1] + col);
}

static void add_span(tr_repl_session *s, uint32_t from, uint32_t len, uint32_t to) {
    s->spans = realloc(s->spans, (s->nspans + 1) * sizeof *s->spans);
    if (!s->spans) abort();
    s->spans[s->nspans++] = (tr_repl_span){from, len, to};
}

/* The what-if as a scenario block: each override on its own line, mapped to where it was
 * typed. */
static void put_whatif(tr_repl_session *s, tr_buf *b, const tr_repl *r, const tr_repl_whatif *w) {
    tr_buf_puts(b, "scenario " TR_REPL_WHATIF " {\n");
    if (w->base) tr_buf_printf(b, "extends %s\n", w->base);
    for (size_t i = 0; i < w->n; i++) {
        add_span(s, (uint32_t)b->len, (uint32_t)strlen(w->v[i].text), tr_repl_display_offset(r, w->v[i].line, w->v[i].col));
        tr_buf_printf(b, "%s\n", w->v[i].text);
    }
    tr_buf_puts(b, "}\n");
}

bool tr_repl_whatif_active(const tr_repl_whatif *w) { return w->n > 0 || w->base; }

void tr_repl_move_pos(const tr_repl_session *s, const tr_source **src, uint32_t *begin, uint32_t *end) {
    if (*src != s->check || *begin < s->typed_from) return;
    const tr_repl_span *best = NULL;
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
    static const char from[] = "with scenario '" TR_REPL_WHATIF "'", to[] = "with the what-if";
    char *at = strstr(d->message, from);
    if (!at) return;
    memmove(at + sizeof to - 1, at + sizeof from - 1, strlen(at + sizeof from - 1) + 1);
    memcpy(at, to, sizeof to - 1);
}

void tr_repl_remap(tr_repl_session *s) {
    for (size_t i = 0; i < s->diags.n; i++) {
        tr_diag *d = s->diags.items[i];
        name_the_whatif(d);
        tr_repl_move_pos(s, &d->src, &d->begin, &d->end);
        for (size_t k = 0; k < d->nnotes; k++) tr_repl_move_pos(s, &d->notes[k].src, &d->notes[k].begin, &d->notes[k].end);
    }
}

static bool has_plan_block(const tr_repl *r) {
    for (size_t i = 0; i < r->file_items.n; i++)
        if (strcmp(r->file_items.v[i].key, "plan") == 0) return true;
    for (size_t c = 0; c < r->nchunks; c++)
        for (size_t i = 0; i < r->chunks[c].items.n; i++)
            if (strcmp(r->chunks[c].items.v[i].key, "plan") == 0) return true;
    return false;
}

/* Check the session's plan, with the what-if `w` (NULL: the baseline). */
void tr_repl_session_open(tr_repl_session *s, const tr_repl *r, const tr_repl_whatif *w) {
    memset(s, 0, sizeof *s);
    tr_buf b = {0};
    if (r->file) {
        put_blanked(&b, r->file->text, r->file->len, &r->file_items, r, 0);
        if (b.len && b.data[b.len - 1] != '\n') tr_buf_putc(&b, '\n');
    }
    s->typed_from = (uint32_t)b.len;
    for (size_t c = 0; c < r->nchunks; c++) {
        const tr_repl_chunk *ch = &r->chunks[c];
        add_span(s, (uint32_t)b.len, (uint32_t)ch->len, tr_repl_display_offset(r, ch->first_line, 0));
        put_blanked(&b, ch->text, ch->len, &ch->items, r, c + 1);
        tr_buf_putc(&b, '\n');
    }
    if (w && tr_repl_whatif_active(w)) put_whatif(s, &b, r, w);
    s->check = tr_source_from_text(r->path ? r->path : "<repl>", b.data ? b.data : "", b.len);
    s->display = tr_source_from_text("<repl>", r->lines.data ? r->lines.data : "", r->lines.len);
    if (!s->check || !s->display) abort();
    tr_buf_free(&b);
    s->has_plan_block = has_plan_block(r);
    const tr_source *roots[] = {s->check};
    tr_check_options co = {r->stdlib, r->allow_outside};
    s->checked = tr_check_sources(roots, 1, &co, &s->diags);
    bool ok = false;
    s->any_plan = tr_checked_plan(s->checked, 0, &ok);
    if (ok && tr_diags_count(&s->diags, TR_SEV_ERROR) == 0) s->plan = s->any_plan;
    tr_repl_remap(s);
}

void tr_repl_session_close(tr_repl_session *s) {
    tr_diags_free(&s->diags);
    tr_checked_free(s->checked);
    tr_source_free(s->check);
    tr_source_free(s->display);
    free(s->spans);
}

/* ---- printing ------------------------------------------------------------------------------- */

void tr_repl_print_diags(tr_diags *ds) {
    tr_diags_sort(ds);
    tr_buf out = {0};
    for (size_t i = 0; i < ds->n; i++) tr_diag_render_text(ds->items[i], &out);
    tr_cli_write(stdout, &out);
    tr_buf_free(&out);
}

/* A session without a plan block yet is being built up: "no plan block" would only nag.
 * Errors only: the lints wait for :check. */
static bool shown(const tr_repl_session *s, const tr_diag *d) {
    return d->severity == TR_SEV_ERROR && (s->has_plan_block || strcmp(d->code, "E401") != 0);
}

void tr_repl_print_session_errors(tr_repl_session *s) {
    tr_diags_sort(&s->diags);
    tr_buf out = {0};
    for (size_t i = 0; i < s->diags.n; i++)
        if (shown(s, s->diags.items[i])) tr_diag_render_text(s->diags.items[i], &out);
    tr_cli_write(stdout, &out);
    tr_buf_free(&out);
}

size_t tr_repl_session_errors(const tr_repl_session *s) {
    size_t n = 0;
    for (size_t i = 0; i < s->diags.n; i++) {
        n += shown(s, s->diags.items[i]);
    }
    return n;
}

/* An error about the command being run, printed like any diagnostic at <repl>:LINE:COL,
 * from byte `at` of the command's line, `len` bytes long. */
static void error_at(const tr_repl *r, const char *code, uint32_t begin, uint32_t end, const char *help, const char *msg) {
    tr_source *src = tr_source_from_text("<repl>", r->lines.data ? r->lines.data : "", r->lines.len);
    if (!src) abort();
    tr_diags ds = {0};
    /* before the first line (the FILE named on the command line) there is nothing to point at */
    tr_diag *d = tr_diag_add(&ds, code, r->line ? src : NULL, begin, end, "%s", msg);
    if (help) tr_diag_help(d, "%s", help);
    tr_repl_print_diags(&ds);
    tr_diags_free(&ds);
    tr_source_free(src);
}

static void error_va(const tr_repl *r, const char *code, uint32_t begin, uint32_t end, const char *help, const char *fmt, va_list ap) {
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    error_at(r, code, begin, end, help, msg);
}

void tr_repl_error(const tr_repl *r, const char *code, size_t at, size_t len, const char *help, const char *fmt, ...) {
    uint32_t begin = r->line ? (uint32_t)(r->line_start[r->line - 1] + at) : 0;
    va_list ap;
    va_start(ap, fmt);
    error_va(r, code, begin, begin + (uint32_t)len, help, fmt, ap);
    va_end(ap);
}

void tr_repl_error_at(const tr_repl *r, const char *code, uint32_t begin, uint32_t end, const char *help, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    error_va(r, code, begin, end, help, fmt, ap);
    va_end(ap);
}

/* ---- refusals ---- */

/* The same finding in two sessions (positions are comparable: the file's text and the lines
 * typed only ever grow at their ends, and replaced declarations are blanked in place). */
static bool same_diag(const tr_diag *a, const tr_diag *b) {
    const char *pa = a->src ? a->src->path : "", *pb = b->src ? b->src->path : "";
    return strcmp(a->code, b->code) == 0 && strcmp(pa, pb) == 0 && a->begin == b->begin && strcmp(a->message, b->message) == 0;
}

static bool found_before(const tr_repl_session *before, const tr_diag *d) {
    for (size_t i = 0; before && i < before->diags.n; i++)
        if (same_diag(before->diags.items[i], d)) return true;
    return false;
}

static void note_first(tr_diag *d, const tr_source *src, uint32_t begin, uint32_t end, const char *msg) {
    tr_diag_note(d, src, begin, end, "%s", msg);
    tr_note last = d->notes[d->nnotes - 1];
    memmove(d->notes + 1, d->notes, (d->nnotes - 1) * sizeof *d->notes);
    d->notes[0] = last;
}

/* "with scenario 'lean', X" under "with this declaration" reads "with this declaration and
 * scenario 'lean', X". */
static void say_as(tr_diag *d, const char *as) {
    tr_buf b = {0};
    if (strncmp(d->message, "with ", 5) == 0) tr_buf_printf(&b, "%s and %s", as, d->message + 5);
    else tr_buf_printf(&b, "%s, %s", as, d->message);
    free(d->message);
    d->message = tr_buf_take(&b);
}

/* An error the input brought about elsewhere is told at the input: that is what was
 * refused. Where the checker found it becomes the first note. */
static void point_at_input(const tr_repl_session *s, tr_diag *d, uint32_t from, uint32_t to, const char *as) {
    if (d->src == s->display && d->begin >= from && d->begin < to) return;   /* already there */
    if (d->src)
        note_first(d, d->src, d->begin, d->end, d->src == s->display ? "together with this, typed before" : "where it shows in the plan");
    if (as) say_as(d, as);
    d->src = s->display;
    d->begin = from;
    d->end = to;
}

size_t tr_repl_print_refused(tr_repl_session *s, const tr_repl_session *before, uint32_t from, uint32_t to, const char *as) {
    for (size_t i = 0; i < s->diags.n; i++) {
        tr_diag *d = s->diags.items[i];
        if (shown(s, d) && !found_before(before, d)) point_at_input(s, d, from, to, as);
    }
    tr_diags_sort(&s->diags);
    tr_buf out = {0};
    size_t n = 0;
    for (size_t i = 0; i < s->diags.n; i++) {
        const tr_diag *d = s->diags.items[i];
        if (!shown(s, d) || found_before(before, d)) continue;
        tr_diag_render_text(d, &out);
        n++;
    }
    tr_cli_write(stdout, &out);
    tr_buf_free(&out);
    return n;
}

/* Where an argument starts in the command's line. */
size_t tr_repl_arg_col(const tr_repl *r, const char *p) { return r->args_at + (size_t)(p - r->args); }

void tr_repl_no_plan(const tr_repl *r) {
    tr_repl_error(r, "E401", REPL_AT_COMMAND(r), ":load FILE, or type a plan block", "the session has no plan yet");
}

/* Where a command needs a clean plan, say why there is none. */
bool tr_repl_need_plan(const tr_repl *r, tr_repl_session *s) {
    if (s->plan) return true;
    if (!s->has_plan_block) {
        tr_repl_no_plan(r);
        return false;
    }
    tr_repl_print_session_errors(s);
    tr_repl_error(r, "E605", REPL_AT_COMMAND(r), "fix them (:check lists them all), or :unset the override that caused them",
                  "the session's plan has errors; nothing was done");
    return false;
}

/* Simulate scenario `sc` (-1: the baseline) of the session's plan. */
bool tr_repl_simulate(const tr_plan *p, int sc, tr_model *m, tr_sim_result *res) {
    tr_diags diags = {0};
    bool ok = tr_lower_run(p, sc, NULL, m, res, &diags) == 0;
    if (!ok) tr_repl_print_diags(&diags);
    tr_diags_free(&diags);
    return ok;
}

void tr_repl_whatif_free(tr_repl_whatif *w) {
    for (size_t i = 0; i < w->n; i++) free(w->v[i].text);
    free(w->v);
    free(w->base);
    memset(w, 0, sizeof *w);
}

tr_repl_whatif tr_repl_whatif_copy(const tr_repl_whatif *w) {
    tr_repl_whatif c = {calloc(w->n ? w->n : 1, sizeof *c.v), w->n, w->base ? tr_repl_strdup(w->base) : NULL};
    if (!c.v) abort();
    for (size_t i = 0; i < w->n; i++) c.v[i] = w->v[i], c.v[i].text = tr_repl_strdup(w->v[i].text);
    return c;
}

void tr_repl_chunks_free(tr_repl *r) {
    for (size_t i = 0; i < r->nchunks; i++) {
        free(r->chunks[i].text);
        tr_repl_decls_free(&r->chunks[i].items);
    }
    free(r->chunks);
    r->chunks = NULL, r->nchunks = 0;
}

void tr_repl_undo_clear(tr_repl *r) {
    for (size_t i = 0; i < r->nundo; i++) tr_repl_whatif_free(&r->undo[i].w), free(r->undo[i].what);
    free(r->undo);
    r->undo = NULL, r->nundo = 0;
}

/* ---- loading --------------------------------------------------------------------------------- */

/* Read and parse `path` (named by the argument at `at` of the command line); false after
 * saying why. */
bool tr_repl_read_plan(const tr_repl *r, const char *path, size_t at, size_t len, tr_repl_loaded *out) {
    memset(out, 0, sizeof *out);
    out->src = tr_source_read(path);
    if (!out->src) {
        tr_repl_error(r, "E604", at, len, NULL, "cannot read '%s': %s", path, strerror(errno));
        return false;
    }
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(out->src, &diags);
    if (!ast) abort();
    bool ok = ast->errors == 0;
    tr_repl_print_diags(&diags);
    tr_diags_free(&diags);
    if (ok) tr_repl_decls_collect(ast, &out->items);
    tr_ast_free(ast);
    if (!ok) {
        tr_repl_error(r, "E605", at, len, NULL, "'%s' has syntax errors; the session's plan is unchanged", path);
        tr_source_free(out->src);
        out->src = NULL;
    }
    return ok;
}

/* The session as it would be with file `f` (keeping the typed declarations and the what-if
 * when `keep`): does it check? Its errors are printed when it does not. */
static bool session_would_check(const tr_repl *r, const char *path, const tr_repl_loaded *f, bool keep) {
    tr_repl next = *r;
    next.path = (char *)path;
    next.file = f->src;
    next.file_items = f->items;
    if (!keep) next.nchunks = 0, next.cur = (tr_repl_whatif){0};
    tr_repl_session s;
    tr_repl_session_open(&s, &next, &next.cur);
    bool ok = tr_repl_session_errors(&s) == 0;
    if (!ok) tr_repl_print_session_errors(&s);
    tr_repl_session_close(&s);
    return ok;
}

void tr_repl_take_file(tr_repl *r, const char *path, tr_repl_loaded *f) {
    char *copy = tr_repl_strdup(path);
    tr_source_free(r->file);
    tr_repl_decls_free(&r->file_items);
    free(r->path);
    r->file = f->src;
    r->file_items = f->items;
    r->path = copy;
}

/* After a plan is (re)loaded: its problems, and the names for completion. */
void tr_repl_report_loaded(tr_repl *r) {
    tr_repl_session s;
    tr_repl_session_open(&s, r, &r->cur);
    if (tr_repl_session_errors(&s)) tr_repl_print_session_errors(&s);
    if (s.plan) tr_repl_names_build(&r->names, s.plan, s.check, r->stdlib, TR_REPL_WHATIF);
    tr_repl_session_close(&s);
}

/* `:load FILE` and `:reload`: the new text becomes the session's only when it checks; a
 * plan with errors is shown and the session goes on with the one it had. */
bool tr_repl_load_file(tr_repl *r, const char *path, size_t at, size_t len, bool keep) {
    tr_repl_loaded f;
    if (!tr_repl_read_plan(r, path, at, len, &f)) return false;
    if (!session_would_check(r, path, &f, keep)) {
        tr_repl_error(r, "E605", at, len, keep ? "fix the file and :reload again" : "fix the file and :load it again", "'%s' has errors; the session's plan is unchanged",
                      path);
        tr_source_free(f.src);
        tr_repl_decls_free(&f.items);
        return false;
    }
    tr_repl_take_file(r, path, &f);
    return true;
}

/* ---- simulating ------------------------------------------------------------------------------- */

/* E201 for a scenario the plan does not declare, named by the argument `name`. */
void tr_repl_unknown_scenario(const tr_repl *r, const tr_plan *p, const char *name) {
    tr_buf help = {0};
    const char *names[256] = {0};
    size_t n = 0;
    for (uint32_t i = 0; i < p->nscenarios; i++)
        if (strcmp(p->scenarios[i].e.name, TR_REPL_WHATIF) != 0) {
            tr_buf_printf(&help, "%s%s", n ? ", " : "the plan's scenarios: ", p->scenarios[i].e.name);
            if (n < 256) names[n++] = p->scenarios[i].e.name;
        }
    const char *best = tr_suggest(name, names, n);
    tr_buf msg = {0};
    if (best) tr_buf_printf(&msg, "did you mean '%s'? ", best);
    tr_buf_printf(&msg, "%s; baseline is the plan as written", n ? help.data : "the plan declares no scenario");
    tr_repl_error(r, "E201", tr_repl_arg_col(r, name), strlen(name), msg.data, "unknown scenario '%s'", name);
    tr_buf_free(&help);
    tr_buf_free(&msg);
}

/* The scenario to simulate: `name` when given (baseline: the plan as written), else the
 * what-if when there is one; -2 after an error. */
int tr_repl_pick_scenario(const tr_repl *r, const tr_plan *p, const char *name, bool use_whatif) {
    if (name && *name) {
        if (strcmp(name, "baseline") == 0) return -1;
        int sc = strcmp(name, TR_REPL_WHATIF) == 0 ? -1 : tr_lower_find_scenario(p, name);
        if (sc < 0) tr_repl_unknown_scenario(r, p, name);
        return sc < 0 ? -2 : sc;
    }
    return use_whatif ? tr_lower_find_scenario(p, TR_REPL_WHATIF) : -1;
}

/* A command that takes one word: false after saying so when there are more. */
bool tr_repl_one_word(const tr_repl *r, const char *args, const char *what) {
    size_t n = strcspn(args, " \t");
    if (!args[n]) return true;
    const char *extra = args + n + strspn(args + n, " \t");
    tr_repl_error(r, "E602", tr_repl_arg_col(r, extra), strlen(extra), NULL, "%.*s takes one %s", (int)r->cmd_len, r->input + r->cmd_at, what);
    return false;
}


/* Append code point `c` as UTF-8; false for one that is not a character. */
static bool put_utf8(tr_buf *b, unsigned long c) {
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
    if (c < 0x80) tr_buf_putc(b, (char)c);
    else if (c < 0x800) tr_buf_putc(b, (char)(0xC0 | c >> 6)), tr_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    else if (c < 0x10000) tr_buf_putc(b, (char)(0xE0 | c >> 12)), tr_buf_putc(b, (char)(0x80 | (c >> 6 & 0x3F))), tr_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    else tr_buf_putc(b, (char)(0xF0 | c >> 18)), tr_buf_putc(b, (char)(0x80 | (c >> 12 & 0x3F))), tr_buf_putc(b, (char)(0x80 | (c >> 6 & 0x3F))), tr_buf_putc(b, (char)(0x80 | (c & 0x3F)));
    return true;
}

/* One escape after the backslash at s[0]: its bytes appended, its length in *n; false when
 * it is not one of the language's. */
static bool put_escape(tr_buf *b, const char *s, size_t *n) {
    static const char from[] = "\"\\nt", to[] = "\"\\\n\t";
    const char *k = s[1] ? strchr(from, s[1]) : NULL;
    if (k) {
        tr_buf_putc(b, to[k - from]);
        *n = 2;
        return true;
    }
    if (s[1] != 'u' || s[2] != '{') return false;
    char *end;
    unsigned long c = strtoul(s + 3, &end, 16);
    if (end == s + 3 || end - (s + 3) > 6 || *end != '}' || !isxdigit((unsigned char)s[3])) return false;
    *n = (size_t)(end + 1 - s);
    return put_utf8(b, c);
}

bool tr_repl_file_arg(const tr_repl *r, const char *args, bool word, char **path, size_t *len) {
    if (args[0] != '"') {
        *len = word ? strcspn(args, " \t") : strlen(args);
        *path = strndup(args, *len);
        if (!*path) abort();
        return true;
    }
    tr_buf b = {0};
    size_t i = 1;
    while (args[i] && args[i] != '"') {
        size_t n = 1;
        if (args[i] != '\\') tr_buf_putc(&b, args[i]);
        else if (!put_escape(&b, args + i, &n)) {
            const char *close = args[i + 1] == 'u' ? strchr(args + i, '}') : NULL;   /* underline \u{...} whole */
            size_t bad = close && !memchr(args + i, '"', (size_t)(close - (args + i))) ? (size_t)(close + 1 - (args + i)) : 2;
            tr_repl_error(r, "E602", tr_repl_arg_col(r, args + i), bad, "write \\\" \\\\ \\n \\t or \\u{XXXX}", "this escape cannot be in a FILE");
            tr_buf_free(&b);
            return false;
        }
        i += n;
    }
    if (!args[i]) {
        tr_repl_error(r, "E602", tr_repl_arg_col(r, args), i, "end it with '\"'", "the FILE's string is not closed");
        tr_buf_free(&b);
        return false;
    }
    if (!b.len) {
        tr_repl_error(r, "E602", tr_repl_arg_col(r, args), i + 1, NULL, "the FILE's string is empty");
        tr_buf_free(&b);
        return false;
    }
    *len = i + 1;
    *path = tr_buf_take(&b);
    return true;
}

/* "WORD REST": the length of WORD and where REST starts; false when either is missing. */
bool tr_repl_split_args(const char *args, size_t *first_len, const char **rest) {
    *first_len = strcspn(args, " \t");
    *rest = args + *first_len;
    *rest += strspn(*rest, " \t");
    return *first_len > 0 && **rest != '\0';
}

