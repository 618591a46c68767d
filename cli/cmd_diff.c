/* cmd_diff.c — `trellis diff OLD NEW` and `trellis diff --git REV FILE`: what a change to a
 * plan does — entities added, removed and changed, then the change in spend per budget and
 * year, in each goal and in each measure — as text, a markdown review comment or JSON.
 * With --git the old version is FILE's directory tree at REV (imports can reach nothing
 * outside it), extracted with `git archive` into a temporary directory. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diff.h"
#include "lower.h"
#include "whatif.h"

typedef struct diff_args {
    const char *old_path, *new_path;   /* with --git: old_path is REV */
    const char *scenario;
    bool git, allow_outside;
    tr_whatif_format format;
} diff_args;

static int parse_args(int argc, char **argv, diff_args *a) {
    const char *files[2];
    int nfiles = 0;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *v = NULL;
        if (options_done || s[0] != '-' || !s[1]) {
            if (nfiles == 2) { tr_cli_usage_error("%s", "diff takes two FILEs, or --git REV FILE"); return EXIT_USAGE; }
            files[nfiles++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) { options_done = true; continue; }
        if (strcmp(s, "--git") == 0) { a->git = true; continue; }
        if (strcmp(s, "--allow-outside-imports") == 0) { a->allow_outside = true; continue; }
        if (strcmp(s, "--format") == 0 || strcmp(s, "--scenario") == 0) {
            if (i + 1 >= argc) { tr_cli_usage_error("%s needs a value", s); return EXIT_USAGE; }
            v = argv[++i];
        } else if (strncmp(s, "--format=", 9) == 0) v = s + 9, s = "--format";
        else if (strncmp(s, "--scenario=", 11) == 0) v = s + 11, s = "--scenario";
        if (v && strcmp(s, "--scenario") == 0) { a->scenario = v; continue; }
        if (v) {
            if (!tr_cli_whatif_format(v, &a->format)) { tr_cli_usage_error("unknown format '%s': use text, markdown or json", v); return EXIT_USAGE; }
            continue;
        }
        tr_cli_usage_error("unknown option '%s' for diff", s);
        return EXIT_USAGE;
    }
    if (nfiles != 2) { tr_cli_usage_error("%s", a->git ? "diff --git needs a REV and a FILE" : "diff needs OLD and NEW plan files"); return EXIT_USAGE; }
    a->old_path = files[0];
    a->new_path = files[1];
    return EXIT_CLEAN;
}

/* ---- the old version from git ----------------------------------------------------------- */

/* Run argv with stdout into `out` (NULL: inherited) and stderr into tmpdir/err (NULL:
 * /dev/null), so that git's own words never reach the user's terminal; true when it
 * exits 0. */
static bool run(char *const *argv, const char *out, const char *tmpdir) {
    char err[PATH_MAX + 16];
    snprintf(err, sizeof err, "%s/err", tmpdir ? tmpdir : "");
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        int fd = tmpdir ? open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600) : open("/dev/null", O_WRONLY);
        if (fd < 0 || dup2(fd, STDERR_FILENO) < 0) _exit(127);
        close(fd);
        if (out) {
            fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) _exit(127);
            close(fd);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return false;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* The first line of a file, malloc'd without its newline; NULL when there is none. */
static char *first_line(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    char line[PATH_MAX];
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    unlink(path);
    if (!got) return NULL;
    line[strcspn(line, "\n")] = '\0';
    return line[0] ? strdup(line) : NULL;
}

/* What git said on stderr last, without its "fatal: " (for one line of our own). */
static char *git_said(const char *tmpdir) {
    char err[PATH_MAX + 16];
    snprintf(err, sizeof err, "%s/err", tmpdir);
    char *line = first_line(err);
    if (line && strncmp(line, "fatal: ", 7) == 0) memmove(line, line + 7, strlen(line + 7) + 1);
    return line;
}

/* The first line a command prints; NULL when it fails. */
static char *run_line(char *const *argv, const char *tmpdir) {
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/out", tmpdir);
    if (!run(argv, path, tmpdir)) { unlink(path); return NULL; }
    return first_line(path);
}

static void remove_tree(const char *dir) {
    char *argv[] = {"rm", "-rf", (char *)dir, NULL};
    run(argv, NULL, NULL);
}

/* One line for a git step that failed: ours, with git's reason when it gave one. */
static void git_failed(const char *tmpdir, const char *what) {
    char *said = git_said(tmpdir);
    fprintf(stderr, "trellis: %s%s%s%s\n", what, said ? " (git: " : "", said ? said : "", said ? ")" : "");
    free(said);
}

/* FILE has no repository: one line of ours. git's words are kept only when they say
 * something else (it could not run, or refused the repository it found). */
static void not_in_repository(const char *tmpdir, const char *file) {
    char *said = git_said(tmpdir);
    if (!said || strstr(said, "not a git repository"))
        fprintf(stderr, "trellis: '%s' is not inside a git repository%s\n", file,
                said ? "" : " (or git could not be run)");
    else
        fprintf(stderr, "trellis: '%s' is not inside a git work tree (git: %s)\n", file, said);
    free(said);
}

/* Extract FILE's directory at REV into tmpdir (the whole repository when `whole`, for
 * --allow-outside-imports: an import of ../shared.plan is then read at REV too); returns the
 * old file's path there (malloc'd) and sets *shown to REV:PATH (PATH from the repository's
 * top, as git writes it), or returns NULL after saying why in one line. */
static char *checkout_old(const char *rev, const char *file, bool whole, const char *tmpdir, char **shown) {
    char *real = realpath(file, NULL);
    if (!real) { fprintf(stderr, "trellis: cannot read '%s': %s\n", file, strerror(errno)); return NULL; }
    char *dir = strdup(real);
    if (!dir) abort();
    *strrchr(dir, '/') = '\0';
    char *top_argv[] = {"git", "-C", dir[0] ? dir : "/", "rev-parse", "--show-toplevel", NULL};
    char *top = run_line(top_argv, tmpdir);
    char *top_real = top ? realpath(top, NULL) : NULL;
    char *result = NULL;
    size_t n = top_real ? strlen(top_real) : 0;
    char msg[PATH_MAX * 2 + 64];
    if (!top_real || strncmp(real, top_real, n) != 0 || real[n] != '/') {
        not_in_repository(tmpdir, file);
        goto done;
    }
    const char *rel = real + n + 1;
    char spec[PATH_MAX * 2];
    snprintf(spec, sizeof spec, "%s^{commit}", rev);
    char *rev_argv[] = {"git", "-C", top_real, "rev-parse", "--verify", "--quiet", spec, NULL};
    char *commit = run_line(rev_argv, tmpdir);
    if (!commit) {
        unlink(strcat(strcpy(msg, tmpdir), "/err"));
        fprintf(stderr, "trellis: '%s' is not a revision of the repository at %s\n", rev, top_real);
        goto done;
    }
    free(commit);
    snprintf(spec, sizeof spec, "%s:%s", rev, rel);
    char *exists_argv[] = {"git", "-C", top_real, "cat-file", "-e", spec, NULL};
    if (!run(exists_argv, NULL, tmpdir)) {
        unlink(strcat(strcpy(msg, tmpdir), "/err"));
        fprintf(stderr, "trellis: '%s' does not exist at revision '%s'\n", rel, rev);
        goto done;
    }
    char tar[PATH_MAX + 16], reldir[PATH_MAX];
    snprintf(tar, sizeof tar, "%s/old.tar", tmpdir);
    snprintf(reldir, sizeof reldir, "%s", rel);
    char *slash = strrchr(reldir, '/');
    if (slash && !whole) *slash = '\0';
    else snprintf(reldir, sizeof reldir, ".");
    char *archive_argv[] = {"git", "-C", top_real, "archive", "--format=tar", (char *)rev, "--", reldir, NULL};
    char tree[PATH_MAX + 16];
    snprintf(tree, sizeof tree, "%s/tree", tmpdir);
    mkdir(tree, 0700);
    char *tar_argv[] = {"tar", "-xf", tar, "-C", tree, NULL};
    if (!run(archive_argv, tar, tmpdir) || !run(tar_argv, NULL, tmpdir)) {
        snprintf(msg, sizeof msg, "cannot extract '%s' at revision '%s'", reldir, rev);
        git_failed(tmpdir, msg);
        goto done;
    }
    size_t len = strlen(tree) + strlen(rel) + 2;
    result = malloc(len);
    *shown = malloc(strlen(rev) + strlen(rel) + 2);
    if (!result || !*shown) abort();
    snprintf(result, len, "%s/%s", tree, rel);
    sprintf(*shown, "%s:%s", rev, rel);
done:
    free(real);
    free(dir);
    free(top);
    free(top_real);
    return result;
}

/* Diagnostics name the old version's files REV:PATH, never the temporary copy. */
static void print_errors(tr_diags *diags, const char *tree, const char *rev) {
    tr_diags_sort(diags);
    tr_buf out = {0}, renamed = {0};
    for (size_t i = 0; i < diags->n; i++)
        if (diags->items[i]->severity == TR_SEV_ERROR) tr_diag_render_text(diags->items[i], &out);
    size_t n = tree ? strlen(tree) : 0;
    for (size_t i = 0; i < out.len;) {
        if (n && out.len - i >= n && memcmp(out.data + i, tree, n) == 0) {
            tr_buf_printf(&renamed, "%s:", rev);
            i += n;
        } else {
            tr_buf_putc(&renamed, out.data[i++]);
        }
    }
    tr_cli_write(stderr, &renamed);
    tr_buf_free(&out);
    tr_buf_free(&renamed);
}

/* ---- the report ------------------------------------------------------------------------------ */

typedef struct side {
    const char *shown;          /* the name the report gives it */
    tr_source *src;
    tr_checked *checked;
    const tr_plan *plan;
    tr_model model;
    tr_sim_result result;
    bool simulated;
} side;

static void render(tr_buf *out, const diff_args *a, side *s, const tr_plan_diff *d, tr_whatif_table *t) {
    const char *scenario = a->scenario;
    switch (a->format) {
    case TR_WHATIF_JSON:
        tr_whatif_json_write(out, json_pack("{s:s, s:s, s:o, s:o, s:o}", "old", s[0].shown, "new", s[1].shown, "scenario",
                                            scenario ? json_string(scenario) : json_null(), "entities", tr_plan_diff_json(d),
                                            "outcomes", tr_whatif_change_json(t)));
        break;
    case TR_WHATIF_MARKDOWN:
        tr_buf_printf(out, "### Trellis: what this change to `%s` does%s%s%s\n\n", s[1].shown, scenario ? " (scenario `" : "",
                      scenario ? scenario : "", scenario ? "`)" : "");
        tr_buf_puts(out, "**Plan changes**\n\n");
        if (d->n) tr_plan_diff_render(out, d, TR_WHATIF_MARKDOWN);
        else tr_buf_puts(out, "No entity changed.\n");
        tr_buf_puts(out, "\n**Effect on outcomes**\n\n");
        if (!tr_whatif_render_change(out, t, TR_WHATIF_MARKDOWN)) tr_buf_puts(out, "No change in spend, goals or measures.\n");
        break;
    case TR_WHATIF_TEXT:
        tr_buf_printf(out, "diff %s -> %s%s%s\n\nPlan changes\n", s[0].shown, s[1].shown, scenario ? ", scenario " : "", scenario ? scenario : "");
        if (d->n) tr_plan_diff_render(out, d, TR_WHATIF_TEXT);
        else tr_buf_puts(out, "  none\n");
        tr_buf_puts(out, "\nEffect on outcomes\n");
        if (!tr_whatif_render_change(out, t, TR_WHATIF_TEXT)) tr_buf_puts(out, "  no change in spend, goals or measures\n");
        break;
    }
}

static int load_side(side *s, const char *path, const char *stdlib, bool allow_outside, tr_diags *diags) {
    s->src = tr_source_read(path);
    if (!s->src) { fprintf(stderr, "trellis: cannot read '%s': %s\n", path, strerror(errno)); return EXIT_USAGE; }
    s->checked = tr_cli_check_one(s->src, stdlib, allow_outside, diags, &s->plan);
    return s->plan ? EXIT_CLEAN : EXIT_ERRORS;
}

static int simulate_side(side *s, const char *scenario, const char *tree, const char *rev) {
    int sc = -1;
    if (scenario && (sc = tr_lower_find_scenario(s->plan, scenario)) < 0) {
        tr_cli_unknown_scenario(s->plan, scenario, s->shown);
        return EXIT_USAGE;
    }
    tr_diags diags = {0};
    int rc = tr_lower_run(s->plan, sc, NULL, &s->model, &s->result, &diags);
    if (rc != 0) print_errors(&diags, tree, rev);
    tr_diags_free(&diags);
    s->simulated = rc == 0;
    return rc == 0 ? EXIT_CLEAN : EXIT_ERRORS;
}

int tr_cmd_diff(int argc, char **argv) {
    diff_args a = {0};
    int status = parse_args(argc, argv, &a);
    if (status != EXIT_CLEAN) return status;
    char *stdlib = tr_cli_find_stdlib();
    if (!stdlib) { tr_cli_stdlib_missing(); return EXIT_USAGE; }
    side s[2] = {{.shown = a.old_path}, {.shown = a.new_path}};
    const char *tmp_root = getenv("TMPDIR");
    char tmpdir[PATH_MAX];
    snprintf(tmpdir, sizeof tmpdir, "%s/trellis-diff-XXXXXX", tmp_root && *tmp_root ? tmp_root : "/tmp");
    char *old_file = NULL, *shown_old = NULL, tree[PATH_MAX + 16] = "";
    bool have_tmp = false;
    if (a.git) {
        if (!mkdtemp(tmpdir)) { fprintf(stderr, "trellis: cannot make a temporary directory: %s\n", strerror(errno)); free(stdlib); return EXIT_USAGE; }
        have_tmp = true;
        snprintf(tree, sizeof tree, "%s/tree/", tmpdir);
        old_file = checkout_old(a.old_path, a.new_path, a.allow_outside, tmpdir, &shown_old);
        s[0].shown = shown_old;
        if (!old_file) status = EXIT_USAGE;
    }
    const char *rev = a.git ? a.old_path : NULL;
    tr_diags diags = {0};
    if (status == EXIT_CLEAN) {
        int o = load_side(&s[0], a.git ? old_file : a.old_path, stdlib, a.allow_outside, &diags);
        int n = o == EXIT_USAGE ? EXIT_USAGE : load_side(&s[1], a.new_path, stdlib, a.allow_outside, &diags);
        status = o == EXIT_USAGE || n == EXIT_USAGE ? EXIT_USAGE : o != EXIT_CLEAN || n != EXIT_CLEAN ? EXIT_ERRORS : EXIT_CLEAN;
        if (status == EXIT_ERRORS) print_errors(&diags, a.git ? tree : NULL, rev);
    }
    if (status == EXIT_CLEAN) status = simulate_side(&s[0], a.scenario, a.git ? tree : NULL, rev);
    if (status == EXIT_CLEAN) status = simulate_side(&s[1], a.scenario, NULL, NULL);
    if (status == EXIT_CLEAN) {
        tr_plan_lets lets[2];
        for (int i = 0; i < 2; i++) tr_plan_lets_read(&lets[i], s[i].plan, s[i].src, stdlib);
        tr_plan_diff d;
        tr_plan_diff_build(&d, s[0].plan, s[1].plan, &lets[0], &lets[1]);
        tr_whatif_run runs[2] = {{"old", &s[0].model, &s[0].result}, {"new", &s[1].model, &s[1].result}};
        tr_whatif_table t;
        tr_whatif_table_build(&t, runs, 2);
        tr_buf out = {0};
        render(&out, &a, s, &d, &t);
        tr_cli_write(stdout, &out);
        tr_buf_free(&out);
        tr_whatif_table_free(&t);
        tr_plan_diff_free(&d);
        for (int i = 0; i < 2; i++) tr_plan_lets_free(&lets[i]);
    }
    for (int i = 0; i < 2; i++) {
        if (s[i].simulated) {
            tr_model_free(&s[i].model);
            tr_sim_result_free(&s[i].result);
        }
        tr_checked_free(s[i].checked);
        tr_source_free(s[i].src);
    }
    tr_diags_free(&diags);
    if (have_tmp) remove_tree(tmpdir);
    free(old_file);
    free(shown_old);
    free(stdlib);
    return status;
}
