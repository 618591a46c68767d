/* repl_commands.c — the REPL's command table and the commands that load, check, run and
 * change the what-if (:load :reload :check :run :set :unset :undo :scenario :diff);
 * inspecting is in repl_show.c, :save in repl_save.c. */
#include "repl_commands.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "lint.h"
#include "lower.h"
#include "model.h"
#include "repl_save.h"
#include "repl_session.h"
#include "repl_show.h"
#include "report.h"
#include "whatif.h"

typedef struct tr_repl_command {
    const char *name;
    const char *args;
    const char *help;
    int (*run)(tr_repl *r, const char *args);
} tr_repl_command;

static int cmd_help(tr_repl *r, const char *args);
static int cmd_quit(tr_repl *r, const char *args);
static int cmd_load(tr_repl *r, const char *args);
static int cmd_reload(tr_repl *r, const char *args);
static int cmd_check(tr_repl *r, const char *args);
static int cmd_run(tr_repl *r, const char *args);
static int cmd_set(tr_repl *r, const char *args);
static int cmd_unset(tr_repl *r, const char *args);
static int cmd_undo(tr_repl *r, const char *args);
static int cmd_diff(tr_repl *r, const char *args);
static int cmd_scenario(tr_repl *r, const char *args);

static const tr_repl_command repl_commands[] = {
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
    {":show", "NAME", "a declaration as written (or plan, lint, model), with its what-if overrides", tr_repl_cmd_show},
    {":goals", "", "each goal: met or missed, and its value at its date", tr_repl_cmd_goals},
    {":budgets", "", "each budget: its amount and what is spent per plan year", tr_repl_cmd_budgets},
    {":scenario", "NAME", "apply a declared scenario's overrides to the what-if", cmd_scenario},
    {":save", "FILE NAME", "append the what-if to FILE as scenario NAME { ... }", tr_repl_cmd_save},
};
enum { NREPL_COMMANDS = sizeof repl_commands / sizeof repl_commands[0] };

size_t tr_repl_command_count(void) { return NREPL_COMMANDS; }
const char *tr_repl_command_name(size_t i) { return i < NREPL_COMMANDS ? repl_commands[i].name : NULL; }

static int cmd_help(tr_repl *r, const char *args) {
    (void)r, (void)args;
    puts("Type an expression to evaluate it, a declaration or block to add it to the session's");
    puts("plan (or replace the one with that name), or a command:");
    for (int i = 0; i < NREPL_COMMANDS; i++) {
        char head[64];
        snprintf(head, sizeof head, "%s %s", repl_commands[i].name, repl_commands[i].args);
        printf("  %-22s %s\n", head, repl_commands[i].help);
    }
    return TR_REPL_CONTINUE;
}

static int cmd_quit(tr_repl *r, const char *args) {
    (void)r, (void)args;
    return TR_REPL_QUIT;
}

static int cmd_load(tr_repl *r, const char *args) {
    if (!args[0]) {
        tr_repl_error(r, "E602", REPL_AFTER_COMMAND(r), "as in :load plans/unified.plan", ":load needs a FILE");
        return TR_REPL_CONTINUE;
    }
    char *path;
    size_t len;
    if (!tr_repl_file_arg(r, args, false, &path, &len)) return TR_REPL_CONTINUE;
    if (args[len]) {   /* after a quoted FILE */
        const char *extra = args + len + strspn(args + len, " \t");
        tr_repl_error(r, "E602", tr_repl_arg_col(r, extra), strlen(extra), "quote a FILE with blanks in its name as a whole", ":load takes one FILE");
        free(path);
        return TR_REPL_CONTINUE;
    }
    bool loaded = tr_repl_load_file(r, path, r->args_at, len, false);
    free(path);
    if (loaded) {
        tr_repl_chunks_free(r);
        tr_repl_whatif_free(&r->cur);
        tr_repl_undo_clear(r);
        printf("loaded %s\n", r->path);
        tr_repl_report_loaded(r);
    }
    return TR_REPL_CONTINUE;
}

static int cmd_reload(tr_repl *r, const char *args) {
    (void)args;
    if (!r->path) {
        tr_repl_error(r, "E603", REPL_AT_COMMAND(r), "use :load FILE", "no plan is loaded, so there is nothing to reload");
        return TR_REPL_CONTINUE;
    }
    char *path = tr_repl_strdup(r->path);
    if (tr_repl_load_file(r, path, REPL_AT_COMMAND(r), true)) {
        printf("reloaded %s\n", r->path);
        tr_repl_report_loaded(r);
    }
    free(path);
    return TR_REPL_CONTINUE;
}

static int cmd_check(tr_repl *r, const char *args) {
    (void)args;
    tr_repl_session s;
    tr_repl_session_open(&s, r, &r->cur);
    if (!s.has_plan_block) {
        tr_repl_no_plan(r);
        tr_repl_session_close(&s);
        return TR_REPL_CONTINUE;
    }
    tr_lint_checked(s.checked, &s.diags);
    tr_repl_remap(&s);
    size_t errors = tr_diags_count(&s.diags, TR_SEV_ERROR), warnings = tr_diags_count(&s.diags, TR_SEV_WARNING);
    tr_repl_print_diags(&s.diags);
    printf("%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    tr_repl_session_close(&s);
    return TR_REPL_CONTINUE;
}

/* The report's last section, as `trellis run` ends it: the warnings the checker and the
 * lints leave on the session's plan (a plan that simulated has no errors). */
static void append_lints(tr_repl_session *s, tr_buf *out) {
    tr_lint_checked(s->checked, &s->diags);
    tr_repl_remap(s);
    tr_diags_sort(&s->diags);
    if (!s->diags.n) return;
    tr_buf_printf(out, "\nLints that still stand (%zu)\n", s->diags.n);
    tr_diags_render(&s->diags, TR_FORMAT_TEXT, out);
}

static int cmd_run(tr_repl *r, const char *args) {
    if (!tr_repl_one_word(r, args, "SCENARIO")) return TR_REPL_CONTINUE;
    tr_repl_session s;
    tr_repl_session_open(&s, r, &r->cur);
    if (tr_repl_need_plan(r, &s)) {
        int sc = tr_repl_pick_scenario(r, s.plan, args, tr_repl_whatif_active(&r->cur));
        tr_model m;
        tr_sim_result res;
        if (sc != -2 && tr_repl_simulate(s.plan, sc, &m, &res)) {
            if (m.scenario && strcmp(m.scenario, TR_REPL_WHATIF) == 0) {   /* the report calls it what it is */
                free(m.scenario);
                m.scenario = tr_repl_strdup("what-if");
            }
            tr_buf out = {0};
            tr_report_text(&out, &m, &res);
            append_lints(&s, &out);
            tr_cli_write(stdout, &out);
            tr_buf_free(&out);
            tr_model_free(&m);
            tr_sim_result_free(&res);
        }
    }
    tr_repl_session_close(&s);
    return TR_REPL_CONTINUE;
}

/* ---- the what-if -------------------------------------------------------------------------- */

static void push_undo(tr_repl *r, const char *what) {
    r->undo = realloc(r->undo, (r->nundo + 1) * sizeof *r->undo);
    if (!r->undo) abort();
    r->undo[r->nundo++] = (tr_repl_undo){tr_repl_whatif_copy(&r->cur), tr_repl_strdup(what)};
}

/* The what-if `next` was refused: the errors it brings, each at the argument that made it
 * (bytes [at, at+len) of the command's line), even those the checker found at an earlier
 * override; when it brings none, the session had errors already. */
static void refuse_whatif(tr_repl *r, tr_repl_session *s, size_t at, size_t len) {
    tr_repl_session before;
    tr_repl_session_open(&before, r, &r->cur);
    uint32_t from = tr_repl_display_offset(r, r->line, (unsigned)at);
    if (!tr_repl_print_refused(s, &before, from, from + (uint32_t)len, NULL)) tr_repl_need_plan(r, &before);
    tr_repl_session_close(&before);
}

/* Try the what-if `next` (made by the command `what` from its argument at [at, at+len)):
 * when it checks, it becomes the session's (the old one is kept for :undo); otherwise its
 * errors are printed and nothing changes. */
static bool try_whatif(tr_repl *r, tr_repl_whatif *next, const char *what, size_t at, size_t len) {
    tr_repl_session s;
    tr_repl_session_open(&s, r, next);
    bool ok = s.plan != NULL;
    if (!ok) {
        if (!s.has_plan_block) tr_repl_no_plan(r);
        else refuse_whatif(r, &s, at, len);
        tr_repl_whatif_free(next);
    } else {
        push_undo(r, what);
        tr_repl_whatif_free(&r->cur);
        r->cur = *next;
    }
    tr_repl_session_close(&s);
    return ok;
}

static int cmd_set(tr_repl *r, const char *args) {
    size_t plen;
    const char *value;
    if (!tr_repl_split_args(args, &plen, &value)) {
        if (!args[0]) tr_repl_error(r, "E602", REPL_AFTER_COMMAND(r), "as in :set exec_coaching.hours 12 hours per person per year", ":set needs PATH VALUE");
        else tr_repl_error(r, "E602", tr_repl_arg_col(r, args + plen), 0, "as in :set exec_coaching.hours 12 hours per person per year", ":set needs a VALUE after '%.*s'", (int)plen, args);
        return TR_REPL_CONTINUE;
    }
    if (!memchr(args, '.', plen)) {
        tr_repl_error(r, "E204", tr_repl_arg_col(r, args), plen, "write NAME.attribute, as in exec_coaching.hours", "'%.*s' is not a path", (int)plen, args);
        return TR_REPL_CONTINUE;
    }
    tr_repl_whatif next = tr_repl_whatif_copy(&r->cur);
    for (size_t i = 0; i < next.n; i++)   /* a path set again replaces its override */
        if (next.v[i].path_len == plen && memcmp(next.v[i].text, args, plen) == 0) {
            free(next.v[i].text);
            memmove(&next.v[i], &next.v[i + 1], (next.n - i - 1) * sizeof *next.v);
            next.n--;
            break;
        }
    next.v = realloc(next.v, (next.n + 1) * sizeof *next.v);
    if (!next.v) abort();
    next.v[next.n++] = (tr_repl_override){tr_repl_strdup(args), plen, r->line, (unsigned)tr_repl_arg_col(r, args)};
    char what[300];
    snprintf(what, sizeof what, ":set %.*s", (int)(plen < 250 ? plen : 250), args);
    if (try_whatif(r, &next, what, tr_repl_arg_col(r, args), strlen(args))) printf("set %.*s\n", (int)plen, args);
    return TR_REPL_CONTINUE;
}

/* What the what-if holds, for messages: "2 overrides on scenario lean", "no what-if". */
static void describe_whatif(tr_buf *b, const tr_repl_whatif *w) {
    if (!tr_repl_whatif_active(w)) { tr_buf_puts(b, "no what-if is left"); return; }
    tr_buf_printf(b, "the what-if has %zu override%s", w->n, w->n == 1 ? "" : "s");
    if (w->base) tr_buf_printf(b, " on scenario %s", w->base);
}

static int cmd_unset(tr_repl *r, const char *args) {
    if (!args[0]) {
        tr_repl_error(r, "E602", REPL_AFTER_COMMAND(r), "as in :unset exec_coaching.hours", ":unset needs the PATH of a what-if override");
        return TR_REPL_CONTINUE;
    }
    size_t plen = strcspn(args, " \t");
    if (!tr_repl_one_word(r, args, "PATH")) return TR_REPL_CONTINUE;
    for (size_t i = 0; i < r->cur.n; i++) {
        if (r->cur.v[i].path_len != plen || memcmp(r->cur.v[i].text, args, plen) != 0) continue;
        char what[300];
        snprintf(what, sizeof what, ":unset %.*s", (int)(plen < 250 ? plen : 250), args);
        push_undo(r, what);
        free(r->cur.v[i].text);
        memmove(&r->cur.v[i], &r->cur.v[i + 1], (r->cur.n - i - 1) * sizeof *r->cur.v);
        r->cur.n--;
        printf("unset %.*s\n", (int)plen, args);
        return TR_REPL_CONTINUE;
    }
    tr_buf help = {0};
    for (size_t i = 0; i < r->cur.n; i++) tr_buf_printf(&help, "%s%.*s", i ? ", " : "the what-if overrides ", (int)r->cur.v[i].path_len, r->cur.v[i].text);
    if (!r->cur.n) tr_buf_puts(&help, "the what-if overrides nothing");
    tr_repl_error(r, "E603", tr_repl_arg_col(r, args), plen, help.data, "the what-if does not override '%s'", args);
    tr_buf_free(&help);
    return TR_REPL_CONTINUE;
}

static int cmd_undo(tr_repl *r, const char *args) {
    (void)args;
    if (!r->nundo) {
        tr_repl_error(r, "E603", REPL_AT_COMMAND(r), NULL, "nothing to undo");
        return TR_REPL_CONTINUE;
    }
    tr_repl_undo *u = &r->undo[--r->nundo];
    tr_repl_whatif_free(&r->cur);
    r->cur = u->w;
    tr_buf b = {0};
    describe_whatif(&b, &r->cur);
    printf("undid %s; %s\n", u->what, b.data);
    tr_buf_free(&b);
    free(u->what);
    return TR_REPL_CONTINUE;
}

static int cmd_scenario(tr_repl *r, const char *args) {
    if (!args[0]) {
        tr_repl_error(r, "E602", REPL_AFTER_COMMAND(r), "as in :scenario lean", ":scenario needs the NAME of a declared scenario");
        return TR_REPL_CONTINUE;
    }
    if (!tr_repl_one_word(r, args, "NAME")) return TR_REPL_CONTINUE;
    tr_repl_session s;
    tr_repl_session_open(&s, r, NULL);
    if (tr_repl_need_plan(r, &s)) {
        if (strcmp(args, "baseline") == 0 || strcmp(args, TR_REPL_WHATIF) == 0 || tr_lower_find_scenario(s.plan, args) < 0) {
            tr_repl_unknown_scenario(r, s.plan, args);
        } else {
            tr_repl_whatif next = tr_repl_whatif_copy(&r->cur);
            free(next.base);
            next.base = tr_repl_strdup(args);
            char what[300];
            snprintf(what, sizeof what, ":scenario %.250s", args);
            if (try_whatif(r, &next, what, tr_repl_arg_col(r, args), strlen(args))) printf("applied scenario %s\n", args);
        }
    }
    tr_repl_session_close(&s);
    return TR_REPL_CONTINUE;
}

static int cmd_diff(tr_repl *r, const char *args) {
    (void)args;
    tr_repl_session s;
    tr_repl_session_open(&s, r, &r->cur);
    if (tr_repl_need_plan(r, &s) && !tr_repl_whatif_active(&r->cur)) {
        puts("no what-if yet: :set PATH VALUE or :scenario NAME makes one");
    } else if (s.plan) {
        tr_model m[2];
        tr_sim_result res[2];
        int sc = tr_lower_find_scenario(s.plan, TR_REPL_WHATIF);
        if (tr_repl_simulate(s.plan, -1, &m[0], &res[0])) {
            if (tr_repl_simulate(s.plan, sc, &m[1], &res[1])) {
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
    tr_repl_session_close(&s);
    return TR_REPL_CONTINUE;
}


static const tr_repl_command *find_command(const char *name, size_t len) {
    for (int i = 0; i < NREPL_COMMANDS; i++)
        if (strlen(repl_commands[i].name) == len && memcmp(repl_commands[i].name, name, len) == 0) return &repl_commands[i];
    return NULL;
}

int tr_repl_run_command(tr_repl *r, const char *line) {
    size_t len = strcspn(line, " \t");
    const char *args = line + len;
    args += strspn(args, " \t");
    r->cmd_at = (size_t)(line - r->input);
    r->cmd_len = len;
    const tr_repl_command *c = find_command(line, len);
    if (!c) {
        const char *names[NREPL_COMMANDS];
        for (int i = 0; i < NREPL_COMMANDS; i++) names[i] = repl_commands[i].name;
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)(len < 63 ? len : 63), line);
        const char *best = tr_suggest(word, names, NREPL_COMMANDS);
        char help[96];
        snprintf(help, sizeof help, "did you mean '%s'? :help lists the commands", best ? best : "");
        tr_repl_error(r, "E601", REPL_AT_COMMAND(r), best ? help : ":help lists the commands", "unknown command '%s'", word);
        return TR_REPL_CONTINUE;
    }
    char *trimmed = tr_repl_strdup(args);   /* commands see their arguments without trailing blanks */
    size_t n = strlen(trimmed);
    while (n && (trimmed[n - 1] == ' ' || trimmed[n - 1] == '\t')) trimmed[--n] = '\0';
    r->args = trimmed;
    r->args_at = (size_t)(args - r->input);
    int status = TR_REPL_CONTINUE;
    if (!c->args[0] && n) tr_repl_error(r, "E602", REPL_AT_ARGS(r), NULL, "%s takes no arguments", c->name);
    else status = c->run(r, trimmed);
    free(trimmed);
    r->args = NULL;
    return status;
}

