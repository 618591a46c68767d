/* cmd_run.c — `trellis run`: check a plan (a plan with errors is never simulated), lower it
 * with its scenario, simulate it (Monte Carlo over threads with --runs/--jobs) and print the
 * report whole, at the end; --svg and --html write charts atomically beside it. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "lint.h"
#include "lower.h"
#include "report.h"
#include "run_chart.h"
#include "sim.h"

typedef enum { RUN_TEXT, RUN_JSON, RUN_CSV } run_format;

typedef struct run_options {
    const char *file, *scenario, *svg, *html;
    run_format format;
    long runs, jobs;
    uint64_t seed;
    bool fail_on_missed, allow_outside;
} run_options;

/* ---- options ---------------------------------------------------------------------------- */

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

static bool parse_seed(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s == '-') return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end) return false;
    *out = (uint64_t)v;
    return true;
}

/* `--name VALUE` or `--name=VALUE`: the value, or NULL (with a usage error) when missing. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (*i + 1 < argc) return argv[++*i];
    tr_cli_usage_error("%s needs a value", name);
    return NULL;
}

static bool is_option(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

static int set_value(run_options *o, const char *name, const char *v)
{
    if (strcmp(name, "--format") == 0) {
        static const char *const names[] = {"text", "json", "csv"};
        for (int f = 0; f < 3; f++)
            if (strcmp(v, names[f]) == 0) { o->format = (run_format)f; return EXIT_CLEAN; }
        tr_cli_usage_error("unknown format '%s' for run: use text, json or csv", v);
    } else if (strcmp(name, "--runs") == 0) {
        if (parse_long(v, 1, 1000000, &o->runs)) return EXIT_CLEAN;
        tr_cli_usage_error("--runs takes a number of runs from 1 to 1,000,000, not '%s'", v);
    } else if (strcmp(name, "--jobs") == 0) {
        if (parse_long(v, 1, 256, &o->jobs)) return EXIT_CLEAN;
        tr_cli_usage_error("--jobs takes a number of threads from 1 to 256, not '%s'", v);
    } else if (strcmp(name, "--seed") == 0) {
        if (parse_seed(v, &o->seed)) return EXIT_CLEAN;
        tr_cli_usage_error("--seed takes a whole number from 0 to 18446744073709551615, not '%s'", v);
    } else if (strcmp(name, "--scenario") == 0) {
        o->scenario = v;
        return EXIT_CLEAN;
    } else if (strcmp(name, "--svg") == 0) {
        o->svg = v;
        return EXIT_CLEAN;
    } else {
        o->html = v;
        return EXIT_CLEAN;
    }
    return EXIT_USAGE;
}

static int parse_run_options(int argc, char **argv, run_options *o)
{
    static const char *const valued[] = {"--format", "--runs", "--jobs", "--seed", "--scenario", "--svg", "--html"};
    memset(o, 0, sizeof *o);
    o->runs = 0;   /* no --runs: the deterministic run alone; --runs N: N stochastic runs */
    o->jobs = 1;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->file) { tr_cli_usage_error("run takes one FILE; '%s' is one too many", a); return EXIT_USAGE; }
            o->file = a;
            continue;
        }
        if (strcmp(a, "--") == 0) { options_done = true; continue; }
        if (strcmp(a, "--fail-on-missed") == 0) { o->fail_on_missed = true; continue; }
        if (strcmp(a, "--allow-outside-imports") == 0) { o->allow_outside = true; continue; }
        size_t k = 0;
        while (k < sizeof valued / sizeof valued[0] && !is_option(a, valued[k])) k++;
        if (k == sizeof valued / sizeof valued[0]) { tr_cli_usage_error("unknown option '%s' for run", a); return EXIT_USAGE; }
        const char *v = option_value(argc, argv, &i, valued[k]);
        if (!v || set_value(o, valued[k], v) != EXIT_CLEAN) return EXIT_USAGE;
    }
    if (!o->file) { tr_cli_usage_error("%s", "run needs a FILE"); return EXIT_USAGE; }
    return EXIT_CLEAN;
}

/* ---- progress (a terminal only) ----------------------------------------------------------- */

static void show_progress(void *ctx, int done, int runs)
{
    int *last = ctx;
    int pct = (int)(100LL * done / runs);
    if (pct == *last && done != runs) return;
    *last = pct;
    fprintf(stderr, "\rtrellis: simulating %d/%d runs (%d%%)", done, runs, pct);
    if (done == runs) fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* ---- output ----------------------------------------------------------------------------- */

/* The lints that stand (every diagnostic left is a warning or a note: errors stop earlier). */
static void append_lints_text(tr_buf *out, const tr_diags *lints)
{
    if (!lints->n) return;
    tr_buf_printf(out, "\nLints that still stand (%zu)\n", lints->n);
    tr_diags_render(lints, TR_FORMAT_TEXT, out);
}

/* The JSON report with "lints": the diagnostics as `check --format json` gives them. */
static int add_lints_json(tr_buf *report, const tr_diags *lints)
{
    tr_buf rendered = {0};
    tr_diags_render(lints, TR_FORMAT_JSON, &rendered);
    json_error_t e;
    json_t *doc = json_loadb(report->data, report->len, 0, &e);
    json_t *arr = rendered.len ? json_loadb(rendered.data, rendered.len, 0, &e) : json_array();
    tr_buf_free(&rendered);
    if (!doc || !json_is_array(arr)) { json_decref(doc); json_decref(arr); return -1; }
    json_object_set_new(doc, "lints", arr);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(12) | JSON_ENSURE_ASCII);
    json_decref(doc);
    if (!text) return -1;
    report->len = 0;
    tr_buf_puts(report, text);
    tr_buf_putc(report, '\n');
    free(text);
    return 0;
}

/* Write `b` to `path` through a temporary file in the same directory and a rename, so a
 * reader never sees half a file. */
static int write_atomic(const char *path, const tr_buf *b)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 32);
    if (!tmp) return -1;
    snprintf(tmp, n + 32, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    int ok = f != NULL;
    if (ok && b->len) ok = fwrite(b->data, 1, b->len, f) == b->len;
    if (f && fclose(f) != 0) ok = 0;
    if (ok && rename(tmp, path) != 0) ok = 0;
    if (!ok) {
        int saved = errno;
        remove(tmp);
        errno = saved;
    }
    free(tmp);
    return ok ? 0 : -1;
}

static int write_charts(const run_options *o, const tr_model *m, const tr_sim_result *r, const tr_buf *text)
{
    static const struct { int html; } kinds[] = {{0}, {1}};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *path = kinds[k].html ? o->html : o->svg;
        if (!path) continue;
        tr_buf b = {0};
        if (kinds[k].html) tr_chart_html(&b, m, r, text);
        else tr_chart_svg(&b, m, r);
        int rc = write_atomic(path, &b);
        tr_buf_free(&b);
        if (rc) {
            fprintf(stderr, "trellis: cannot write '%s': %s\n", path, strerror(errno));
            return EXIT_USAGE;
        }
    }
    return EXIT_CLEAN;
}

/* With --fail-on-missed: a goal missed at its date (deterministic), or met in fewer than
 * half of the runs (Monte Carlo). */
static bool any_missed(const tr_sim_result *r)
{
    for (int g = 0; g < r->ngoals; g++) {
        if (r->runs > 0 ? r->goals[g].probability < 0.5 : !r->goals[g].met) return true;
    }
    return false;
}

/* Render the report for the chosen format into `out` (nothing is printed yet). */
static int render(const run_options *o, const tr_model *m, const tr_sim_result *r, const tr_diags *lints,
                  tr_buf *out, tr_buf *text)
{
    int rc = tr_report_text(text, m, r);
    append_lints_text(text, lints);
    if (rc) return -1;
    if (o->format == RUN_TEXT) {
        tr_buf_putn(out, text->data ? text->data : "", text->len);
        return 0;
    }
    if (o->format == RUN_CSV) return tr_report_csv(out, m, r);
    if (tr_report_json(out, m, r)) return -1;
    return add_lints_json(out, lints);
}

/* ---- the command -------------------------------------------------------------------------- */

/* Check the file; on success *plan is the checked plan and `lints` holds its warnings. */
static int check_file(const run_options *o, tr_source *src, tr_checked **checked, const tr_plan **plan, tr_diags *lints)
{
    char *stdlib = tr_cli_find_stdlib();
    if (!stdlib) {
        tr_cli_stdlib_missing();
        return EXIT_USAGE;
    }
    tr_check_options co = {stdlib, o->allow_outside};
    const tr_source *roots[1] = {src};
    *checked = tr_check_sources(roots, 1, &co, lints);
    tr_lint_checked(*checked, lints);
    free(stdlib);
    bool ok = false;
    *plan = tr_checked_count(*checked) ? tr_checked_plan(*checked, 0, &ok) : NULL;
    tr_diags_sort(lints);
    if (ok && *plan && !tr_diags_count(lints, TR_SEV_ERROR)) return EXIT_CLEAN;
    tr_buf out = {0};
    tr_diags_render(lints, TR_FORMAT_TEXT, &out);
    tr_cli_write(stderr, &out);
    tr_buf_free(&out);
    fprintf(stderr, "trellis: '%s' has errors; it was not simulated\n", o->file);
    return EXIT_ERRORS;
}

static int unknown_scenario(const run_options *o, const tr_plan *p)
{
    fprintf(stderr, "trellis: unknown scenario '%s' in '%s'", o->scenario, o->file);
    if (!p->nscenarios) fputs(": it declares none\n", stderr);
    else {
        fputs("; its scenarios are: ", stderr);
        for (uint32_t i = 0; i < p->nscenarios; i++) fprintf(stderr, "%s%s", i ? ", " : "", p->scenarios[i].e.name);
        fputc('\n', stderr);
    }
    return EXIT_USAGE;
}

static int simulate(const run_options *o, const tr_plan *p, tr_diags *lints)
{
    int scenario = -1;
    /* `baseline` is the plan as written, as compare and the REPL read it */
    if (o->scenario && strcmp(o->scenario, "baseline") != 0 && (scenario = tr_lower_find_scenario(p, o->scenario)) < 0) return unknown_scenario(o, p);
    int last_pct = -1;
    tr_sim_options so = {
        .runs = (int)o->runs, .seed = o->seed, .jobs = (int)o->jobs,
        .record_skills = o->format == RUN_JSON,
        .progress = o->runs > 0 && isatty(STDERR_FILENO) ? show_progress : NULL,
        .progress_ctx = &last_pct,
    };
    tr_model m;
    tr_sim_result r;
    tr_diags errs = {0};
    if (tr_lower_run(p, scenario, &so, &m, &r, &errs)) {
        tr_buf out = {0};
        tr_diags_render(&errs, TR_FORMAT_TEXT, &out);
        tr_cli_write(stderr, &out);
        tr_buf_free(&out);
        tr_diags_free(&errs);
        return EXIT_ERRORS;
    }
    tr_diags_free(&errs);
    tr_buf out = {0}, text = {0};
    int status = EXIT_CLEAN;
    if (render(o, &m, &r, lints, &out, &text)) {
        fputs("trellis: out of memory while rendering the report\n", stderr);
        status = EXIT_USAGE;
    } else {
        status = write_charts(o, &m, &r, &text);
    }
    if (status == EXIT_CLEAN) {
        tr_cli_write(stdout, &out);
        if (o->format == RUN_CSV && lints->n) {   /* CSV stays a table: lints go beside it */
            tr_buf l = {0};
            tr_diags_render(lints, TR_FORMAT_TEXT, &l);
            tr_cli_write(stderr, &l);
            tr_buf_free(&l);
        }
        if (fflush(stdout) != 0) status = EXIT_USAGE;
        else if (o->fail_on_missed && any_missed(&r)) status = EXIT_MISSED;
    }
    tr_buf_free(&out);
    tr_buf_free(&text);
    tr_sim_result_free(&r);
    tr_model_free(&m);
    return status;
}

int tr_cmd_run(int argc, char **argv)
{
    run_options o;
    int status = parse_run_options(argc, argv, &o);
    if (status != EXIT_CLEAN) return status;
    tr_source *src = tr_source_read(o.file);
    if (!src) {
        fprintf(stderr, "trellis: cannot read '%s': %s\n", o.file, strerror(errno));
        return EXIT_USAGE;
    }
    tr_checked *checked = NULL;
    const tr_plan *plan = NULL;
    tr_diags lints = {0};
    status = check_file(&o, src, &checked, &plan, &lints);
    if (status == EXIT_CLEAN) status = simulate(&o, plan, &lints);
    tr_diags_free(&lints);
    tr_checked_free(checked);
    tr_source_free(src);
    return status;
}
