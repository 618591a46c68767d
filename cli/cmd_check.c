/* cmd_check.c — `trellis check`: read, parse and check files, print their diagnostics. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "lint.h"
#include "parse.h"

/* ---- check ------------------------------------------------------------------------------ */

typedef struct check_options {
    tr_format format;
    bool werror, quiet, dump_ast, dump_positions, allow_outside, syntax_only;
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
        else if (strcmp(a, "--allow-outside-imports") == 0) o->allow_outside = true;
        else if (strcmp(a, "--dump-ast") == 0) o->dump_ast = o->dump_positions = true;
        else if (strcmp(a, "--dump-ast=nopos") == 0) o->dump_ast = true;   /* for comparing trees */
        else if (strcmp(a, "--syntax-only") == 0) o->syntax_only = true;   /* editors, the parse bench */
        else if (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0) {
            const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) { tr_cli_usage_error("%s needs a value: text, json, sarif or github", a); return EXIT_USAGE; }
            if (!parse_format(v, &o->format)) { tr_cli_usage_error("unknown format '%s': use text, json, sarif or github", v); return EXIT_USAGE; }
        } else {
            tr_cli_usage_error("unknown option '%s' for check", a);
            return EXIT_USAGE;
        }
    }
    if (o->nfiles == 0) { tr_cli_usage_error("%s", "check needs at least one FILE"); return EXIT_USAGE; }
    return EXIT_CLEAN;
}

/* --quiet keeps the errors only. */
static bool is_error(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx) {
    (void)ds, (void)from, (void)kept, (void)ctx;
    return d->severity == TR_SEV_ERROR;
}

static bool has_prelude(const char *dir) {
    char path[PATH_MAX];
    struct stat st;
    return snprintf(path, sizeof path, "%s/prelude.plan", dir) < (int)sizeof path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where the standard library may be, in order: $TRELLIS_STDLIB alone when it is set, else
 * stdlib/ next to the binary (the source tree), then ../share/trellis/stdlib from it (an
 * installed prefix). Fills dirs[0..2) and returns how many. */
static size_t stdlib_candidates(char dirs[2][PATH_MAX]) {
    const char *env = getenv("TRELLIS_STDLIB");
    if (env && *env) return snprintf(dirs[0], PATH_MAX, "%s", env) < PATH_MAX;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return 0;
    *slash = '\0';
    static const char *const below[] = {"/stdlib", "/../share/trellis/stdlib"};
    size_t k = 0;
    for (size_t i = 0; i < sizeof below / sizeof below[0]; i++)
        if (snprintf(dirs[k], PATH_MAX, "%s%s", exe, below[i]) < PATH_MAX) k++;
    return k;
}

char *tr_cli_find_stdlib(void) {
    char dirs[2][PATH_MAX];
    size_t n = stdlib_candidates(dirs);
    for (size_t i = 0; i < n; i++)
        if (has_prelude(dirs[i])) {
            char *d = strdup(dirs[i]);
            if (!d) abort();
            return d;
        }
    return NULL;
}

void tr_cli_stdlib_missing(void) {
    char dirs[2][PATH_MAX];
    size_t n = stdlib_candidates(dirs);
    const char *env = getenv("TRELLIS_STDLIB");
    if (env && *env) {
        fprintf(stderr, "trellis: cannot find the standard library: TRELLIS_STDLIB is '%s', which holds no prelude.plan\n", env);
        return;
    }
    fputs("trellis: cannot find the standard library: no prelude.plan in ", stderr);
    for (size_t i = 0; i < n; i++) fprintf(stderr, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "", dirs[i]);
    if (!n) fputs("the directory of this program (it cannot be found)", stderr);
    fputs("; set TRELLIS_STDLIB to the directory that holds it\n", stderr);
}

int tr_cmd_check(int argc, char **argv) {
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
        if (!o.dump_ast && !o.syntax_only) continue;
        /* --dump-ast and --syntax-only show the parser's view only: no semantic checks */
        tr_ast *ast = tr_parse(sources[i], &diags);
        if (!ast) abort();
        if (o.dump_ast) tr_ast_dump(ast, &dump, o.dump_positions);
        tr_ast_free(ast);
    }
    tr_checked *checked = NULL;
    char *stdlib = NULL;
    if (status == EXIT_CLEAN && !o.dump_ast && !o.syntax_only) {
        stdlib = tr_cli_find_stdlib();
        if (!stdlib) {
            tr_cli_stdlib_missing();
            status = EXIT_USAGE;
        } else {
            tr_check_options co = {stdlib, o.allow_outside};
            checked = tr_check_sources((const tr_source *const *)sources, (size_t)o.nfiles, &co, &diags);
            tr_lint_checked(checked, &diags);   /* plans that checked without errors only */
        }
    }
    if (status == EXIT_CLEAN) {
        if (o.werror) tr_diags_promote_warnings(&diags);
        if (o.quiet) tr_diags_filter(&diags, 0, is_error, NULL);   /* --quiet keeps the errors */
        tr_diags_sort(&diags);
        tr_buf out = {0};
        tr_diags_render(&diags, o.format, &out);
        tr_cli_write(stdout, &dump);
        tr_cli_write(stdout, &out);
        tr_buf_free(&out);
        status = tr_diags_count(&diags, TR_SEV_ERROR) ? EXIT_ERRORS : EXIT_CLEAN;
    }
    tr_buf_free(&dump);
    tr_diags_free(&diags);
    tr_checked_free(checked);
    free(stdlib);
    for (int i = 0; i < o.nfiles; i++) tr_source_free(sources[i]);
    free(sources);
    free(o.files);
    return status;
}

