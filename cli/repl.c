/* repl.c — `trellis repl [FILE]`: reads commands, expressions and plan text and hands each
 * to its place: commands to the table (repl_commands.c), declarations to the session's plan,
 * expressions to the evaluator. A block typed over several lines is read until the parser
 * says it is complete (not by counting braces, which could be inside strings).
 *
 * Where the rest lives: the session's state and its checked text in repl_session.c, the
 * commands in repl_commands.c, repl_show.c and repl_save.c (with :save's file work), the
 * names Tab completes in repl_names.c, reading lines in lineedit.c. */
#include "repl.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "lineedit.h"
#include "lower.h"
#include "parse.h"
#include "repl_commands.h"
#include "repl_names.h"
#include "repl_session.h"
#include "scenario.h"
#include "schema.h"
#include "whatif.h"

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
/* Declarations that would give the plan errors: each error it brought is told at what was
 * typed ("with this declaration, ..."), then that it was not added. */
static void refuse_declarations(const tr_repl *r, tr_repl_session *s, const tr_repl_session *before, const tr_repl_chunk *c) {
    uint32_t at = tr_repl_display_offset(r, c->first_line, 0), from = UINT32_MAX, to = 0;
    tr_buf keys = {0};
    for (size_t i = 0; i < c->items.n; i++) {
        if (c->items.v[i].begin < from) from = c->items.v[i].begin;
        if (c->items.v[i].end > to) to = c->items.v[i].end;
        const char *key = c->items.v[i].key;   /* "role manager"; a block of which there is one: "plan" */
        tr_buf_printf(&keys, strchr(key, ' ') ? "%s%s" : "%sthe %s block", i ? ", " : "", key);
    }
    if (from > to) from = to = 0;
    tr_repl_print_refused(s, before, at + from, at + to, "with this declaration");
    tr_repl_error_at(r, "E605", at + from, at + to, "change it so that the plan checks (the errors above say where), or leave it out",
                     "%s %s not added: the plan has errors with %s; the session's plan is unchanged", keys.data ? keys.data : "the input",
                     c->items.n == 1 ? "was" : "were", c->items.n == 1 ? "it" : "them");
    tr_buf_free(&keys);
}

static void add_declarations(tr_repl *r, tr_source *src, unsigned first_line) {
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(src, &diags);
    if (!ast) abort();
    if (ast->errors) {
        tr_repl_print_diags(&diags);
        tr_diags_free(&diags);
        tr_ast_free(ast);
        return;
    }
    tr_diags_free(&diags);
    tr_repl_session before;
    tr_repl_session_open(&before, r, &r->cur);
    size_t errors_before = tr_repl_session_errors(&before);
    r->chunks = realloc(r->chunks, (r->nchunks + 1) * sizeof *r->chunks);
    if (!r->chunks) abort();
    tr_repl_chunk *c = &r->chunks[r->nchunks++];
    *c = (tr_repl_chunk){malloc(src->len + 1), src->len, first_line, {0}};
    if (!c->text) abort();
    memcpy(c->text, src->text, src->len + 1);
    tr_repl_decls_collect(ast, &c->items);
    tr_ast_free(ast);
    tr_repl_session s;
    tr_repl_session_open(&s, r, &r->cur);
    if (tr_repl_session_errors(&s) > errors_before) {
        refuse_declarations(r, &s, &before, c);
        free(c->text);
        tr_repl_decls_free(&c->items);
        r->nchunks--;
        tr_repl_session_close(&s);
        tr_repl_session_close(&before);
        return;
    }
    tr_repl_session_close(&before);
    if (s.plan) tr_repl_names_build(&r->names, s.plan, s.check, r->stdlib, TR_REPL_WHATIF);
    tr_repl_session_close(&s);
    c = &r->chunks[r->nchunks - 1];
    for (size_t i = 0; i < c->items.n; i++) {
        bool replaces = false;
        for (size_t k = 0; k < r->file_items.n && !replaces; k++) replaces = strcmp(r->file_items.v[k].key, c->items.v[i].key) == 0;
        for (size_t k = 0; k + 1 < r->nchunks && !replaces; k++)
            for (size_t j = 0; j < r->chunks[k].items.n && !replaces; j++) replaces = strcmp(r->chunks[k].items.v[j].key, c->items.v[i].key) == 0;
        bool import = strncmp(c->items.v[i].key, "import ", 7) == 0;
        printf("%s %s\n", !replaces ? "added" : import ? "already have" : "replaced", c->items.v[i].key);
    }
}

/* An expression: attribute reads see the session's plan with the what-if written in. */
static void evaluate(tr_repl *r, tr_source *src) {
    tr_diags diags = {0};
    tr_ast *ast = tr_parse_expr(src, &diags);
    if (!ast) abort();
    if (ast->errors || !ast->expr) {
        tr_repl_print_diags(&diags);
    } else {
        tr_repl_session s;
        tr_repl_session_open(&s, r, &r->cur);
        tr_scenario_view v;
        int sc = s.plan && tr_repl_whatif_active(&r->cur) ? tr_lower_find_scenario(s.plan, TR_REPL_WHATIF) : -1;
        int rc = s.plan ? tr_scenario_view_make(&v, s.plan, sc) : 0;
        if (rc == -1) abort();   /* out of memory; -2 (a cycle of extends) cannot pass the check */
        bool viewed = s.plan && rc == 0;
        tr_buf out = {0};
        if (tr_whatif_eval(viewed ? &v.p : s.plan, s.plan ? s.check : NULL, r->stdlib, src, ast->expr, &diags, &out)) {
            tr_buf_putc(&out, '\n');
            tr_cli_write(stdout, &out);
        } else {
            tr_repl_print_diags(&diags);
        }
        if (s.plan) tr_scenario_view_free(&v);
        tr_buf_free(&out);
        tr_repl_session_close(&s);
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

static int handle_input(tr_repl *r, const char *text, size_t len, unsigned first_line) {
    const char *p = text + strspn(text, " \t");
    if (*p == ':') {
        r->input = text;
        return tr_repl_run_command(r, p);
    }
    if (!*p) return TR_REPL_CONTINUE;
    tr_source *src = tr_source_from_text("<repl>", text, len);
    if (!src) abort();
    src->first_line = first_line;
    if (is_declaration(text)) add_declarations(r, src, first_line);
    else evaluate(r, src);
    tr_source_free(src);
    return TR_REPL_CONTINUE;
}

/* Commands at the start of a line; otherwise the session's names (cli/repl_names.c). */
static char **complete_word(const char *word, const char *line, void *ctx) {
    tr_repl *r = ctx;
    size_t wl = strlen(word);
    const char *start = line + strspn(line, " \t");
    if (word[0] == ':' && strncmp(start, word, wl) == 0) {
        size_t n = tr_repl_command_count();
        const char *names[64];
        for (size_t i = 0; i < n && i < 64; i++) names[i] = tr_repl_command_name(i);
        return tr_repl_complete(names, n < 64 ? n : 64, word);
    }
    return tr_repl_names_complete(&r->names, word);
}

static void remember_line(tr_repl *r, const char *line) {
    r->line_start = realloc(r->line_start, (r->line + 1) * sizeof *r->line_start);
    if (!r->line_start) abort();
    r->line_start[r->line] = r->lines.len;
    tr_buf_puts(&r->lines, line);
    tr_buf_putc(&r->lines, '\n');
    r->line++;
}

static int repl_loop(tr_repl *r) {
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
        if (status == TR_REPL_QUIT) break;
    }
    if (pending.len) handle_input(r, pending.data, pending.len, first_line);   /* reports what is unclosed */
    tr_buf_free(&pending);
    return EXIT_CLEAN;
}

/* `repl [--allow-outside-imports] [--] [FILE]`: the FILE (or NULL) after a usage error. */
static int parse_args(int argc, char **argv, tr_repl *r, const char **file) {
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-") == 0) {
            tr_cli_usage_error("%s", "repl reads its commands from standard input: FILE cannot be -");
            return EXIT_USAGE;
        }
        if (options_done || a[0] != '-') {
            if (*file) {
                tr_cli_usage_error("repl takes at most one FILE; '%s' is one too many", a);
                return EXIT_USAGE;
            }
            *file = a;
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "--allow-outside-imports") == 0) {
            r->allow_outside = true;
        } else {
            tr_cli_usage_error("unknown option '%s' for repl", a);
            return EXIT_USAGE;
        }
    }
    return EXIT_CLEAN;
}

int tr_cmd_repl(int argc, char **argv) {
    tr_repl r = {0};
    const char *file = NULL;
    if (parse_args(argc, argv, &r, &file) != EXIT_CLEAN) return EXIT_USAGE;
    r.stdlib = tr_cli_find_stdlib();
    if (!r.stdlib) {
        tr_cli_stdlib_missing();
        return EXIT_USAGE;
    }
    bool interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    char *history = interactive ? tr_lineedit_history_path() : NULL;
    r.le = tr_lineedit_open(interactive, history);
    free(history);
    if (!r.le) abort();
    tr_lineedit_set_completer(r.le, complete_word, &r);
    if (file) {   /* loaded even with errors: there is no other plan to keep */
        tr_repl_loaded f;
        if (tr_repl_read_plan(&r, file, 0, 0, &f)) {
            tr_repl_take_file(&r, file, &f);
            if (interactive) printf("loaded %s\n", r.path);
            tr_repl_report_loaded(&r);
        }
    }
    if (interactive) puts("trellis repl: :help lists the commands, Ctrl-D leaves");
    int status = repl_loop(&r);
    if (interactive) putchar('\n');
    tr_lineedit_close(r.le);
    tr_source_free(r.file);
    free(r.path);
    tr_repl_decls_free(&r.file_items);
    tr_repl_chunks_free(&r);
    tr_repl_whatif_free(&r.cur);
    tr_repl_undo_clear(&r);
    tr_repl_names_free(&r.names);
    tr_buf_free(&r.lines);
    free(r.line_start);
    free(r.stdlib);
    return status;
}
