/* cmd_compare.c — `trellis compare FILE [baseline] SCENARIO...`: simulate the baseline and
 * each scenario, show goals, measures, spend and ROI side by side with the differences from
 * the first column. Also the helpers the what-if commands share (declared in cli.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "lower.h"
#include "whatif.h"

/* ---- shared by compare, diff and the REPL ------------------------------------------------- */

bool tr_cli_whatif_format(const char *s, tr_whatif_format *f) {
    static const struct { const char *name; tr_whatif_format format; } formats[] = {
        {"text", TR_WHATIF_TEXT}, {"markdown", TR_WHATIF_MARKDOWN}, {"json", TR_WHATIF_JSON},
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(s, formats[i].name) == 0) { *f = formats[i].format; return true; }
    return false;
}

tr_checked *tr_cli_check_one(const tr_source *src, const char *stdlib, bool allow_outside, tr_diags *diags, const tr_plan **plan) {
    tr_check_options co = {stdlib, allow_outside};
    tr_checked *c = tr_check_sources(&src, 1, &co, diags);
    bool ok = false;
    const tr_plan *p = tr_checked_plan(c, 0, &ok);
    *plan = ok && tr_diags_count(diags, TR_SEV_ERROR) == 0 ? p : NULL;
    return c;
}

void tr_cli_print_errors(tr_diags *diags) {
    tr_diags_sort(diags);
    tr_buf out = {0};
    for (size_t i = 0; i < diags->n; i++)
        if (diags->items[i]->severity == TR_SEV_ERROR) tr_diag_render_text(diags->items[i], &out);
    tr_cli_write(stderr, &out);
    tr_buf_free(&out);
}

void tr_cli_unknown_scenario(const tr_plan *p, const char *name, const char *file) {
    tr_buf b = {0};
    tr_buf_printf(&b, "trellis: no scenario '%s' in %s", name, file);
    for (uint32_t i = 0; i < p->nscenarios; i++) tr_buf_printf(&b, "%s%s", i ? ", " : " (it has: ", p->scenarios[i].e.name);
    tr_buf_puts(&b, p->nscenarios ? ")\n" : "; it declares none\n");
    tr_cli_write(stderr, &b);
    tr_buf_free(&b);
}

/* ---- compare -------------------------------------------------------------------------------- */

typedef struct compare_args {
    const char *file;
    const char **columns;      /* "baseline" or a scenario's name */
    int ncolumns;
    tr_whatif_format format;
    bool fail_on_missed, allow_outside;
    long runs, jobs;
    unsigned long long seed;
} compare_args;

static bool parse_number(const char *s, unsigned long long lo, unsigned long long hi, unsigned long long *out) {
    char *end;
    errno = 0;
    if (!s || *s == '-' || *s == '+') return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

/* --runs, --seed, --jobs as `run` takes them: the value or NULL after a usage error. */
static const struct { const char *name; unsigned long long lo, hi; const char *what; } numbered[] = {
    {"--runs", 1, 1000000, "--runs takes a number of runs from 1 to 1,000,000, not '%s'"},
    {"--jobs", 1, 256, "--jobs takes a number of threads from 1 to 256, not '%s'"},
    {"--seed", 0, 18446744073709551615ULL, "--seed takes a whole number from 0 to 18446744073709551615, not '%s'"},
};

static int numbered_option(int argc, char **argv, int *i, compare_args *a) {
    const char *s = argv[*i];
    for (size_t k = 0; k < sizeof numbered / sizeof numbered[0]; k++) {
        size_t n = strlen(numbered[k].name);
        if (strncmp(s, numbered[k].name, n) != 0 || (s[n] && s[n] != '=')) continue;
        const char *v = s[n] == '=' ? s + n + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
        unsigned long long x;
        if (!v) { tr_cli_usage_error("%s needs a value", numbered[k].name); return EXIT_USAGE; }
        if (!parse_number(v, numbered[k].lo, numbered[k].hi, &x)) { tr_cli_usage_error(numbered[k].what, v); return EXIT_USAGE; }
        if (k == 0) a->runs = (long)x;
        else if (k == 1) a->jobs = (long)x;
        else a->seed = x;
        return EXIT_CLEAN;
    }
    return -1;
}

static int parse_args(int argc, char **argv, compare_args *a) {
    a->columns = calloc((size_t)argc, sizeof *a->columns);
    if (!a->columns) abort();
    a->runs = 0;   /* deterministic unless --runs N: then N stochastic runs, one included */
    a->jobs = 1;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int rc;
        if (options_done || s[0] != '-' || !s[1]) {
            if (!a->file) a->file = s;
            else a->columns[a->ncolumns++] = s;
        } else if (strcmp(s, "--") == 0) {
            options_done = true;
        } else if (strcmp(s, "--allow-outside-imports") == 0) {
            a->allow_outside = true;
        } else if (strcmp(s, "--format") == 0 || strncmp(s, "--format=", 9) == 0) {
            const char *v = s[8] == '=' ? s + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !tr_cli_whatif_format(v, &a->format)) {
                tr_cli_usage_error("%s: use text, markdown or json", v ? v : "--format");
                return EXIT_USAGE;
            }
        } else if (strcmp(s, "--fail-on-missed") == 0) {
            a->fail_on_missed = true;
        } else if ((rc = numbered_option(argc, argv, &i, a)) >= 0) {
            if (rc != EXIT_CLEAN) return rc;
        } else {
            tr_cli_usage_error("unknown option '%s' for compare", s);
            return EXIT_USAGE;
        }
    }
    if (!a->file || a->ncolumns == 0) {
        tr_cli_usage_error("%s", "compare needs a FILE and at least one scenario (or baseline)");
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

/* Simulate every column; on a failure its diagnostics are printed and 1 returned. */
static int simulate(const tr_plan *p, const compare_args *a, tr_model *models, tr_sim_result *results, tr_whatif_run *runs, int *done) {
    tr_sim_options so = {.runs = (int)a->runs, .seed = a->seed, .jobs = (int)a->jobs};
    for (int i = 0; i < a->ncolumns; i++) {
        int sc = -1;
        if (strcmp(a->columns[i], "baseline") != 0) {
            sc = tr_lower_find_scenario(p, a->columns[i]);
            if (sc < 0) { tr_cli_unknown_scenario(p, a->columns[i], a->file); return EXIT_USAGE; }
        }
        tr_diags diags = {0};
        if (tr_lower_run(p, sc, a->runs > 0 ? &so : NULL, &models[i], &results[i], &diags) != 0) {
            tr_cli_print_errors(&diags);
            tr_diags_free(&diags);
            return EXIT_ERRORS;
        }
        tr_diags_free(&diags);
        runs[i] = (tr_whatif_run){a->columns[i], &models[i], &results[i]};
        (*done)++;
    }
    return EXIT_CLEAN;
}

/* --fail-on-missed: a goal missed in any column (Monte Carlo: met in under half the runs). */
static bool any_missed(const tr_whatif_table *t) {
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t j = 0; t->rows[i].section == TR_WS_GOAL && j < t->nruns; j++)
            if (t->rows[i].cells[j].present && !t->rows[i].cells[j].met) return true;
    return false;
}

int tr_cmd_compare(int argc, char **argv) {
    compare_args a = {0};
    int status = parse_args(argc, argv, &a);
    if (status != EXIT_CLEAN) { free(a.columns); return status; }
    tr_source *src = tr_source_read(a.file);
    char *stdlib = tr_cli_find_stdlib();
    if (!src || !stdlib) {
        if (!src) fprintf(stderr, "trellis: cannot read '%s': %s\n", a.file, strerror(errno));
        else tr_cli_stdlib_missing();
        tr_source_free(src);
        free(stdlib);
        free(a.columns);
        return EXIT_USAGE;
    }
    tr_diags diags = {0};
    const tr_plan *plan = NULL;
    tr_checked *checked = tr_cli_check_one(src, stdlib, a.allow_outside, &diags, &plan);
    if (!plan) {
        tr_cli_print_errors(&diags);
        status = EXIT_ERRORS;
    } else {
        tr_model *models = calloc((size_t)a.ncolumns, sizeof *models);
        tr_sim_result *results = calloc((size_t)a.ncolumns, sizeof *results);
        tr_whatif_run *runs = calloc((size_t)a.ncolumns, sizeof *runs);
        if (!models || !results || !runs) abort();
        int done = 0;
        status = simulate(plan, &a, models, results, runs, &done);
        if (status == EXIT_CLEAN) {
            tr_whatif_table t;
            tr_whatif_table_build(&t, runs, (size_t)a.ncolumns);
            tr_buf out = {0};
            if (a.format == TR_WHATIF_TEXT) tr_buf_printf(&out, "Plan: %s\n", plan->e.title ? plan->e.title : "(untitled)");
            tr_whatif_render_compare(&out, &t, a.format);
            tr_cli_write(stdout, &out);
            if (a.fail_on_missed && any_missed(&t)) status = EXIT_MISSED;
            tr_buf_free(&out);
            tr_whatif_table_free(&t);
        }
        for (int i = 0; i < done; i++) {
            tr_model_free(&models[i]);
            tr_sim_result_free(&results[i]);
        }
        free(models);
        free(results);
        free(runs);
    }
    tr_diags_free(&diags);
    tr_checked_free(checked);
    tr_source_free(src);
    free(stdlib);
    free(a.columns);
    return status;
}
