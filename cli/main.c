/* main.c — the `trellis` command: finds the subcommand and hands it argv. Only cli/
 * prints, exits or touches readline; exit statuses are chosen here and in cmd_*.c. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repl.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *summary;
} command;

/* Every subcommand: one row each, in the order `trellis --help` lists them. */
static const command commands[] = {
    {"check", tr_cmd_check, "trellis check [--format text|json|sarif|github] [--werror] [--quiet] [--syntax-only] [--dump-ast] FILE...",
     "parse, resolve, type-check, validate and lint plan files"},
    {"run", tr_cmd_run, "trellis run FILE [--scenario NAME] [--format text|json|csv] [--runs N --seed S] [--jobs J] [--svg OUT.svg] [--html OUT.html] [--fail-on-missed]",
     "check, then simulate a plan month by month over its horizon and report"},
    {"fmt", tr_cmd_fmt, "trellis fmt [--check|--diff] [FILE...]",
     "rewrite plan files in the one canonical layout, keeping every comment"},
    {"compare", tr_cmd_compare, "trellis compare FILE [baseline] SCENARIO... [--format text|markdown|json] [--runs N --seed S] [--jobs J] [--fail-on-missed]",
     "simulate scenarios side by side: goals, measures, spend and ROI with differences"},
    {"diff", tr_cmd_diff, "trellis diff OLD.plan NEW.plan [--scenario NAME] [--format text|markdown|json], or trellis diff --git REV FILE",
     "what a change to a plan does: entities added, removed and changed, and the change in outcomes"},
    {"repl", tr_cmd_repl, "trellis repl [FILE]", "interactive what-if session"},
    {"explain", tr_cmd_explain, "trellis explain CODE-or-NAME",
     "the long explanation of a diagnostic code or lint name"},
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
    fputs("\n'trellis COMMAND --help' shows a command's options; 'trellis --version' the version.\n", out);
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
        print_help(stdout);
        return finish_stdout(EXIT_CLEAN);
    }
    for (int i = 0; i < NCOMMANDS; i++) {
        if (strcmp(commands[i].name, name) != 0) continue;
        if (wants_help(argc - 1, argv + 1)) {
            printf("usage: %s\n\n%s\n", commands[i].usage, commands[i].summary);
            return finish_stdout(EXIT_CLEAN);
        }
        return finish_stdout(commands[i].run(argc - 1, argv + 1));
    }
    tr_cli_usage_error(name[0] == '-' ? "unknown option '%s'" : "unknown command '%s'", name);
    return EXIT_USAGE;
}
