/* repl.c — the what-if session: reads commands and plan text, keeps the session's plan,
 * prints results. A block typed over several lines is read until the parser says it is
 * complete (not by counting braces, which could be inside strings). */
#include "repl.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "lineedit.h"
#include "parse.h"

enum { REPL_CONTINUE, REPL_QUIT };

typedef struct repl {
    tr_lineedit *le;
    char *path;            /* the loaded plan, or NULL */
    tr_source *file;       /* its text as last read */
    tr_buf typed;          /* declarations typed in the session, in order */
    unsigned line;         /* lines read so far: <repl>:LINE:COL counts them */
} repl;

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

static const repl_command repl_commands[] = {
    {":help", "", "this list", cmd_help},
    {":quit", "", "leave (Ctrl-D too)", cmd_quit},
    {":load", "FILE", "load a plan, replacing the session's", cmd_load},
    {":reload", "", "read the loaded plan again from disk", cmd_reload},
    {":check", "", "diagnostics for the session's plan", cmd_check},
};
enum { NREPL_COMMANDS = sizeof repl_commands / sizeof repl_commands[0] };

static void print_diags(tr_diags *ds) {
    tr_diags_sort(ds);
    tr_buf out = {0};
    for (size_t i = 0; i < ds->n; i++) tr_diag_render_text(ds->items[i], &out);
    tr_cli_write(stdout, &out);
    tr_buf_free(&out);
}

static int cmd_help(repl *r, const char *args) {
    (void)r;
    (void)args;
    puts("Type a declaration or block to add it to the session's plan, or a command:");
    for (int i = 0; i < NREPL_COMMANDS; i++) {
        char head[64];
        snprintf(head, sizeof head, "%s %s", repl_commands[i].name, repl_commands[i].args);
        printf("  %-22s %s\n", head, repl_commands[i].help);
    }
    return REPL_CONTINUE;
}

static int cmd_quit(repl *r, const char *args) {
    (void)r;
    (void)args;
    return REPL_QUIT;
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
    bool ok = ast && ast->errors == 0;
    print_diags(&diags);
    tr_diags_free(&diags);
    tr_ast_free(ast);
    if (!ok) {
        printf("'%s' has errors; the session's plan is unchanged\n", path);
        tr_source_free(src);
        return false;
    }
    char *copy = strdup(path);
    if (!copy) abort();
    tr_source_free(r->file);
    free(r->path);
    r->file = src;
    r->path = copy;
    return true;
}

static int cmd_load(repl *r, const char *args) {
    if (!args[0]) {
        puts("error: :load needs a FILE");
        return REPL_CONTINUE;
    }
    if (repl_read_file(r, args)) {
        tr_buf_free(&r->typed);
        printf("loaded %s\n", r->path);
    }
    return REPL_CONTINUE;
}

static int cmd_reload(repl *r, const char *args) {
    (void)args;
    if (!r->path) {
        puts("error: no plan loaded; use :load FILE");
        return REPL_CONTINUE;
    }
    char *path = strdup(r->path);
    if (!path) abort();
    if (repl_read_file(r, path)) printf("reloaded %s\n", r->path);
    free(path);
    return REPL_CONTINUE;
}

static int cmd_check(repl *r, const char *args) {
    (void)args;
    tr_diags diags = {0};
    if (r->file) tr_ast_free(tr_parse(r->file, &diags));
    size_t errors = tr_diags_count(&diags, TR_SEV_ERROR), warnings = tr_diags_count(&diags, TR_SEV_WARNING);
    print_diags(&diags);
    printf("%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    tr_diags_free(&diags);
    return REPL_CONTINUE;
}

static const repl_command *find_command(const char *name, size_t len) {
    for (int i = 0; i < NREPL_COMMANDS; i++)
        if (strlen(repl_commands[i].name) == len && memcmp(repl_commands[i].name, name, len) == 0)
            return &repl_commands[i];
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
    return c->run(r, args);
}

/* Plan text typed at the prompt: checked at once, kept when it parses. */
static void add_declarations(repl *r, tr_source *src) {
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(src, &diags);
    if (ast && ast->errors == 0) {
        tr_buf_putn(&r->typed, src->text, src->len);
        tr_buf_putc(&r->typed, '\n');
    }
    print_diags(&diags);
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
    if (*p == ':') return run_command(r, p);
    if (!*p) return REPL_CONTINUE;
    tr_source *src = tr_source_from_text("<repl>", text, len);
    if (!src) abort();
    src->first_line = first_line;
    add_declarations(r, src);
    tr_source_free(src);
    return REPL_CONTINUE;
}

static char **complete_word(const char *word, const char *line, void *ctx) {
    (void)ctx;
    (void)line;
    size_t n = 0, wl = strlen(word);
    char **out = calloc(NREPL_COMMANDS + 1, sizeof *out);
    if (!out) return NULL;
    for (int i = 0; i < NREPL_COMMANDS; i++)
        if (strncmp(repl_commands[i].name, word, wl) == 0) out[n++] = strdup(repl_commands[i].name);
    return out;
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
        r->line++;
        if (!pending.len) first_line = r->line;
        if (pending.len) tr_buf_putc(&pending, '\n');
        tr_buf_puts(&pending, line);
        free(line);
        const char *p = pending.data + strspn(pending.data, " \t");
        if (*p != ':' && input_incomplete(pending.data, pending.len)) continue;
        tr_lineedit_remember(r->le, pending.data);
        int status = handle_input(r, pending.data, pending.len, first_line);
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
    bool interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    char *history = interactive ? tr_lineedit_history_path() : NULL;
    r.le = tr_lineedit_open(interactive, history);
    free(history);
    if (!r.le) abort();
    tr_lineedit_set_completer(r.le, complete_word, &r);
    if (argc == 2 && repl_read_file(&r, argv[1]) && interactive) printf("loaded %s\n", r.path);
    if (interactive) puts("trellis repl: :help lists the commands, Ctrl-D leaves");
    int status = repl_loop(&r);
    if (interactive) putchar('\n');
    tr_lineedit_close(r.le);
    tr_source_free(r.file);
    free(r.path);
    tr_buf_free(&r.typed);
    return status;
}
