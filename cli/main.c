/* main.c — the `trellis` command: arguments, output streams and exit statuses. The only
 * place (with repl.c) that prints or exits. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "parse.h"

enum { EXIT_CLEAN = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *summary;
} command;

static int cmd_check(int argc, char **argv);
static int cmd_explain(int argc, char **argv);

static const command commands[] = {
    {"check", cmd_check, "trellis check [--format text|json|sarif|github] [--werror] [--quiet] [--dump-ast] FILE...",
     "parse, resolve, type-check, validate and lint plan files"},
    {"explain", cmd_explain, "trellis explain CODE-or-NAME",
     "the long explanation of a diagnostic code or lint name"},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void usage_error(const char *fmt, const char *arg) {
    fputs("trellis: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see 'trellis --help')\n", stderr);
}

static void print_help(FILE *out) {
    fputs("usage: trellis COMMAND [OPTIONS] [FILE...]\n\ncommands:\n", out);
    for (int i = 0; i < NCOMMANDS; i++) fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'trellis COMMAND --help' shows a command's options; 'trellis --version' the version.\n", out);
}

static bool wants_help(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) return false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return true;
    }
    return false;
}

static void write_buf(FILE *out, const tr_buf *b) {
    if (b->len) fwrite(b->data, 1, b->len, out);
}

/* ---- check ------------------------------------------------------------------------------ */

typedef struct check_options {
    tr_format format;
    bool werror, quiet, dump_ast;
    int nfiles;
    char **files;
} check_options;

static bool parse_format(const char *s, tr_format *f) {
    static const struct { const char *name; tr_format format; } formats[] = {
        {"text", TR_FORMAT_TEXT}, {"json", TR_FORMAT_JSON},
        {"sarif", TR_FORMAT_SARIF}, {"github", TR_FORMAT_GITHUB},
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(s, formats[i].name) == 0) { *f = formats[i].format; return true; }
    return false;
}

static int parse_check_options(int argc, char **argv, check_options *o) {
    memset(o, 0, sizeof *o);
    o->files = calloc((size_t)argc, sizeof *o->files);
    if (!o->files) abort();
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) { o->files[o->nfiles++] = argv[i]; continue; }
        if (strcmp(a, "--") == 0) options_done = true;
        else if (strcmp(a, "--werror") == 0) o->werror = true;
        else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) o->quiet = true;
        else if (strcmp(a, "--dump-ast") == 0) o->dump_ast = true;
        else if (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0) {
            const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) { usage_error("%s needs a value: text, json, sarif or github", a); return EXIT_USAGE; }
            if (!parse_format(v, &o->format)) { usage_error("unknown format '%s': use text, json, sarif or github", v); return EXIT_USAGE; }
        } else {
            usage_error("unknown option '%s' for check", a);
            return EXIT_USAGE;
        }
    }
    if (o->nfiles == 0) { usage_error("%s", "check needs at least one FILE"); return EXIT_USAGE; }
    return EXIT_CLEAN;
}

/* --quiet keeps the errors only. */
static void drop_warnings(tr_diags *ds) {
    size_t kept = 0;
    tr_diags gone = {0};
    for (size_t i = 0; i < ds->n; i++) {
        if (ds->items[i]->severity == TR_SEV_ERROR) ds->items[kept++] = ds->items[i];
        else {
            tr_diags one = {&ds->items[i], 1, 1};
            tr_diags_move(&gone, &one);
            one.items = NULL;
        }
    }
    ds->n = kept;
    tr_diags_free(&gone);
}

static int cmd_check(int argc, char **argv) {
    check_options o;
    int status = parse_check_options(argc, argv, &o);
    if (status != EXIT_CLEAN) { free(o.files); return status; }
    tr_source **sources = calloc((size_t)o.nfiles, sizeof *sources);
    if (!sources) abort();
    tr_diags diags = {0};
    tr_buf dump = {0};
    for (int i = 0; i < o.nfiles && status == EXIT_CLEAN; i++) {
        sources[i] = tr_source_read(o.files[i]);
        if (!sources[i]) {
            fprintf(stderr, "trellis: cannot read '%s': %s\n", o.files[i], strerror(errno));
            status = EXIT_USAGE;
            break;
        }
        tr_ast *ast = tr_parse(sources[i], &diags);
        if (!ast) abort();
        if (o.dump_ast) tr_ast_dump(ast, &dump, true);
        tr_ast_free(ast);
    }
    if (status == EXIT_CLEAN) {
        if (o.werror) tr_diags_promote_warnings(&diags);
        if (o.quiet) drop_warnings(&diags);
        tr_diags_sort(&diags);
        tr_buf out = {0};
        tr_diags_render(&diags, o.format, &out);
        write_buf(stdout, &dump);
        write_buf(stdout, &out);
        tr_buf_free(&out);
        status = tr_diags_count(&diags, TR_SEV_ERROR) ? EXIT_ERRORS : EXIT_CLEAN;
    }
    tr_buf_free(&dump);
    tr_diags_free(&diags);
    for (int i = 0; i < o.nfiles; i++) tr_source_free(sources[i]);
    free(sources);
    free(o.files);
    return status;
}

/* ---- explain ---------------------------------------------------------------------------- */

static int cmd_explain(int argc, char **argv) {
    if (argc != 2) { usage_error("%s", "explain needs one CODE or lint name, such as E104"); return EXIT_USAGE; }
    const tr_code_info *c = tr_code_find(argv[1]);
    if (!c) {
        fprintf(stderr, "trellis: no diagnostic called '%s'\n", argv[1]);
        return EXIT_USAGE;
    }
    printf("%s (%s): %s\n\n%s\n\nExample:\n", c->code, c->name, c->summary, c->explanation);
    for (const char *p = c->example; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        printf("    %.*s\n", (int)len, p);
        p += len + (nl != NULL);
    }
    return EXIT_CLEAN;
}

int main(int argc, char **argv) {
    if (argc < 2) { print_help(stderr); return EXIT_USAGE; }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("trellis %s\n", TR_VERSION);
        return EXIT_CLEAN;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_help(stdout);
        return EXIT_CLEAN;
    }
    for (int i = 0; i < NCOMMANDS; i++) {
        if (strcmp(commands[i].name, name) != 0) continue;
        if (wants_help(argc - 1, argv + 1)) {
            printf("usage: %s\n\n%s\n", commands[i].usage, commands[i].summary);
            return EXIT_CLEAN;
        }
        return commands[i].run(argc - 1, argv + 1);
    }
    usage_error("unknown command '%s'", name);
    return EXIT_USAGE;
}
