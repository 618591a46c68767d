/* main.c — the `trellis` command: finds the subcommand and hands it argv. Only cli/
 * prints, exits or touches readline; exit statuses are chosen here and in cmd_*.c. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repl.h"

/* One option a command takes, as its --help lists it (and the man page documents it:
 * tests/cases/docs_manpage.sh compares the two). */
typedef struct option_doc {
    const char *spelling;   /* "--format text|json|csv", "-q, --quiet" */
    const char *text;
} option_doc;

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *summary;
    const option_doc *options;   /* ended by a row whose spelling is NULL */
    const char *notes;           /* after the options: FILE forms, --name=VALUE; or NULL */
} command;

#define HELP_OPTION {"-h, --help", "this help"}
#define END_OPTIONS {"--", "what follows is a FILE even when it starts with '-'"}
#define OUTSIDE_OPTION {"--allow-outside-imports", "let imports reach outside the directory tree of FILE (and the standard library)"}
#define MONTE_CARLO_OPTIONS \
    {"--runs N", "N stochastic runs (Monte Carlo), 1 to 1,000,000"}, \
    {"--seed S", "the random seed (the same seed gives the same output)"}, \
    {"--jobs J", "simulate on J threads, 1 to 256 (the output does not depend on it)"}

static const option_doc check_options[] = {
    {"--format text|json|sarif|github", "how diagnostics are printed (default text)"},
    {"--werror", "treat warnings as errors"},
    {"-q, --quiet", "report errors only"},
    OUTSIDE_OPTION,
    {"--syntax-only", "parse only: syntax and encoding errors (E1xx), no standard library"},
    {"--dump-ast", "print the syntax tree with positions instead of checking"},
    {"--dump-ast=nopos", "the syntax tree without positions (for comparing trees)"},
    END_OPTIONS, HELP_OPTION, {NULL, NULL},
};
static const option_doc run_options[] = {
    {"--scenario NAME", "simulate a declared scenario (baseline: the plan as written)"},
    {"--format text|json|csv", "the report's format (default text)"},
    MONTE_CARLO_OPTIONS,
    {"--svg OUT.svg", "write a chart of the journey"},
    {"--html OUT.html", "write the whole report as one page with its charts"},
    {"--fail-on-missed", "exit 3 when a goal is missed"},
    OUTSIDE_OPTION, END_OPTIONS, HELP_OPTION, {NULL, NULL},
};
static const option_doc fmt_options[] = {
    {"--check", "change nothing; name the files that would change and exit 1 if any would"},
    {"--diff", "print the changes as a unified diff instead of making them"},
    END_OPTIONS, HELP_OPTION, {NULL, NULL},
};
static const option_doc compare_options[] = {
    {"--format text|markdown|json", "the table's format (default text)"},
    MONTE_CARLO_OPTIONS,
    {"--fail-on-missed", "exit 3 when a goal is missed in any column"},
    OUTSIDE_OPTION, END_OPTIONS, HELP_OPTION, {NULL, NULL},
};
static const option_doc diff_options[] = {
    {"--git", "OLD is a revision: compare FILE as it was there (with its imports) with FILE now"},
    {"--scenario NAME", "simulate that scenario on both sides"},
    {"--format text|markdown|json", "text, a pull-request comment, or JSON (default text)"},
    {"--allow-outside-imports", "let imports reach outside the directory tree of each FILE (with --git, the whole repository is read at REV)"},
    END_OPTIONS, HELP_OPTION, {NULL, NULL},
};
static const option_doc repl_options[] = {
    OUTSIDE_OPTION, END_OPTIONS, HELP_OPTION, {NULL, NULL},
};
static const option_doc explain_options[] = {
    {"--list-markdown", "every code as a Markdown page (docs/diagnostics.md is made so)"},
    HELP_OPTION, {NULL, NULL},
};

#define VALUE_NOTE "An option that takes a value also takes it as --NAME=VALUE."

/* Every subcommand: one row each, in the order `trellis --help` lists them. */
static const command commands[] = {
    {"check", tr_cmd_check, "trellis check [--format text|json|sarif|github] [--werror] [--quiet] [--allow-outside-imports] [--syntax-only] [--dump-ast] FILE...",
     "parse, resolve, type-check, validate and lint plan files", check_options,
     "A FILE of - reads standard input. " VALUE_NOTE},
    {"run", tr_cmd_run, "trellis run FILE [--scenario NAME] [--format text|json|csv] [--runs N --seed S] [--jobs J] [--svg OUT.svg] [--html OUT.html] [--fail-on-missed] [--allow-outside-imports]",
     "check, then simulate a plan month by month over its horizon and report", run_options,
     "A FILE of - reads standard input. " VALUE_NOTE},
    {"fmt", tr_cmd_fmt, "trellis fmt [--check|--diff] [FILE...]",
     "rewrite plan files in the one canonical layout, keeping every comment", fmt_options,
     "With no FILE, or a FILE of -, standard input is formatted to standard output."},
    {"compare", tr_cmd_compare, "trellis compare FILE [baseline] SCENARIO... [--format text|markdown|json] [--runs N --seed S] [--jobs J] [--fail-on-missed] [--allow-outside-imports]",
     "simulate scenarios side by side: goals, measures, spend and ROI with differences", compare_options,
     "baseline is the plan as written. A FILE of - reads standard input. " VALUE_NOTE},
    {"diff", tr_cmd_diff, "trellis diff OLD.plan NEW.plan [--scenario NAME] [--format text|markdown|json] [--allow-outside-imports], or trellis diff --git REV FILE",
     "what a change to a plan does: entities added, removed and changed, and the change in outcomes", diff_options, VALUE_NOTE},
    {"repl", tr_cmd_repl, "trellis repl [--allow-outside-imports] [FILE]", "interactive what-if session", repl_options,
     "Commands are read from standard input (:help lists them)."},
    {"explain", tr_cmd_explain, "trellis explain CODE-or-NAME, or trellis explain --list-markdown",
     "the long explanation of a diagnostic code or lint name", explain_options, NULL},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

void tr_cli_usage_error(const char *fmt, const char *arg) {
    fputs("trellis: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see 'trellis --help')\n", stderr);
}

/* Why the first failed write to stdout through tr_cli_write failed (0: none did). */
static int stdout_errno;

/* A failed write sets the stream's error flag, which stays set: finish_stdout reports it
 * once for every command, so no caller needs to check (and none can forget to). Standard
 * output is flushed here, while errno still says why a write failed. */
void tr_cli_write(FILE *out, const tr_buf *b) {
    if (!b->len || ferror(out)) return;
    bool ok = fwrite(b->data, 1, b->len, out) == b->len;
    if (out != stdout) return;
    if (ok) ok = fflush(out) == 0;
    if (!ok && !stdout_errno) stdout_errno = errno;
}

/* Flush and close standard output, so that what the command wrote and the buffer still
 * held (a report to a full disk, a diff to a closed descriptor) cannot fail unseen: exit 2
 * with a message then, whatever the command's own status. A stdout closed before we
 * started, that nothing was written to, is no error (as with coreutils' close_stdout). */
static int finish_stdout(int status) {
    bool failed = ferror(stdout) != 0;
    int err = stdout_errno;
    if (fflush(stdout) != 0) {
        failed = true;
        if (!err) err = errno;
    }
    if (fclose(stdout) != 0 && errno != EBADF && !failed) {
        failed = true;
        err = errno;
    }
    if (!failed) return status;
    if (err) fprintf(stderr, "trellis: cannot write standard output: %s\n", strerror(err));
    else fputs("trellis: cannot write standard output\n", stderr);
    return EXIT_USAGE;
}

static void print_help(FILE *out) {
    fputs("usage: trellis COMMAND [OPTIONS] [FILE...]\n\ncommands:\n", out);
    for (int i = 0; i < NCOMMANDS; i++) fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\noptions:\n"
          "  -h, --help     this list (also 'trellis help'; 'trellis help COMMAND' is 'trellis COMMAND --help')\n"
          "  --version      the version (also 'trellis version')\n"
          "\n'trellis COMMAND --help' shows a command's options.\n", out);
}

static void print_command_help(const command *c) {
    printf("usage: %s\n\n%s\n\noptions:\n", c->usage, c->summary);
    for (const option_doc *o = c->options; o->spelling; o++) printf("  %-33s %s\n", o->spelling, o->text);
    if (c->notes) printf("\n%s\n", c->notes);
}

static const command *find_command(const char *name) {
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

static bool wants_help(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) return false;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return true;
    }
    return false;
}

int main(int argc, char **argv) {
    if (argc < 2) { print_help(stderr); return EXIT_USAGE; }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("trellis %s\n", TR_VERSION);
        return finish_stdout(EXIT_CLEAN);
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        if (argc > 3 || (argc == 3 && strcmp(name, "help") != 0)) {
            tr_cli_usage_error("%s", "help takes at most one COMMAND");
            return EXIT_USAGE;
        }
        const command *c = argc == 3 ? find_command(argv[2]) : NULL;
        if (argc == 3 && !c) {
            tr_cli_usage_error("unknown command '%s'", argv[2]);
            return EXIT_USAGE;
        }
        if (c) print_command_help(c);
        else print_help(stdout);
        return finish_stdout(EXIT_CLEAN);
    }
    const command *c = find_command(name);
    if (c) {
        if (wants_help(argc - 1, argv + 1)) {
            print_command_help(c);
            return finish_stdout(EXIT_CLEAN);
        }
        return finish_stdout(c->run(argc - 1, argv + 1));
    }
    tr_cli_usage_error(name[0] == '-' ? "unknown option '%s'" : "unknown command '%s'", name);
    return EXIT_USAGE;
}
