/* lineedit.c — readline is kept behind these few functions, as SQLite's shell does, with
 * a plain fallback for pipes so that scripted sessions print nothing but their results. */
#include "lineedit.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>

enum { HISTORY_MAX = 1000 };

struct tr_lineedit {
    bool interactive;
    char *history_path;
    tr_completer complete;
    void *complete_ctx;
};

/* Readline's callbacks carry no context: the editor in use (there is one REPL at a time)
 * and the Ctrl-C flag are the only globals, and they live in cli/. */
static tr_lineedit *active;
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
    (void)sig;
    interrupted = 1;
}

/* Readline's key reader, but Ctrl-C empties the line and ends it, so that readline returns
 * and the caller sees the cancelled line (readline would otherwise retry the read). */
static int read_key(FILE *in) {
    for (;;) {
        unsigned char c;
        ssize_t n = read(fileno(in), &c, 1);
        if (n == 1) return c;
        if (n == 0) return EOF;
        if (errno != EINTR) return EOF;
        if (interrupted) {
            rl_replace_line("", 0);
            return '\n';
        }
    }
}

static char *completion_candidate(const char *word, int state) {
    static char **matches;
    static size_t next;
    if (state == 0) {
        if (matches) {
            for (size_t i = next; matches[i]; i++) free(matches[i]);
            free(matches);
        }
        matches = active && active->complete ? active->complete(word, rl_line_buffer, active->complete_ctx) : NULL;
        next = 0;
    }
    if (!matches || !matches[next]) {
        free(matches);
        matches = NULL;
        return NULL;
    }
    return matches[next++];   /* readline frees it */
}

static char **attempt_completion(const char *word, int start, int end) {
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1;   /* never fall back to file names */
    /* a completed name may go on with '.attribute': no space after it (commands get one) */
    if (word[0] != ':') rl_completion_suppress_append = 1;
    return rl_completion_matches(word, completion_candidate);
}

tr_lineedit *tr_lineedit_open(bool interactive, const char *history_path) {
    tr_lineedit *le = calloc(1, sizeof *le);
    if (!le) return NULL;
    le->interactive = interactive;
    if (!interactive) return le;
    active = le;
    rl_readline_name = "trellis";
    rl_catch_signals = 0;
    rl_getc_function = read_key;
    rl_attempted_completion_function = attempt_completion;
    rl_completer_word_break_characters = " \t\n\"'`<>=;|&{(,";
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);   /* no SA_RESTART: the read returns to readline */
    using_history();
    stifle_history(HISTORY_MAX);
    /* A block typed over several lines comes back as one entry in the next session: each
     * entry is written after a timestamp line ("#" and the time), and read_history starts
     * a new entry at each such line. Without the comment character readline writes no
     * timestamps, and reading joins every line of the file into one entry. */
    history_comment_char = '#';
    history_write_timestamps = 1;
    history_multiline_entries = 1;
    if (history_path) {
        le->history_path = strdup(history_path);
        read_history(history_path);
    }
    return le;
}

void tr_lineedit_close(tr_lineedit *le) {
    if (!le) return;
    if (le->interactive && le->history_path) write_history(le->history_path);
    if (active == le) active = NULL;
    free(le->history_path);
    free(le);
}

bool tr_lineedit_interactive(const tr_lineedit *le) { return le->interactive; }

void tr_lineedit_set_completer(tr_lineedit *le, tr_completer complete, void *ctx) {
    le->complete = complete;
    le->complete_ctx = ctx;
}

static tr_read_status read_plain(char **line) {
    size_t cap = 0;
    char *buf = NULL;
    ssize_t n = getline(&buf, &cap, stdin);
    if (n < 0) {
        free(buf);
        return TR_READ_EOF;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = '\0';
    *line = buf;
    return TR_READ_LINE;
}

tr_read_status tr_lineedit_read(tr_lineedit *le, const char *prompt, char **line) {
    *line = NULL;
    if (!le->interactive) return read_plain(line);
    interrupted = 0;
    char *got = readline(prompt);
    if (interrupted) {
        interrupted = 0;
        free(got);
        return TR_READ_CANCELLED;
    }
    if (!got) return TR_READ_EOF;
    *line = got;
    return TR_READ_LINE;
}

void tr_lineedit_remember(tr_lineedit *le, const char *entry) {
    if (!le->interactive || !entry[0]) return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (last && strcmp(last->line, entry) == 0) return;   /* no repeated entries */
    add_history(entry);
}

static int make_dirs(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        int r = mkdir(path, 0700);
        *p = '/';
        if (r != 0 && errno != EEXIST) return -1;
    }
    return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

char *tr_lineedit_history_path(void) {
    const char *state = getenv("XDG_STATE_HOME");
    if (state && state[0] == '/') {
        size_t n = strlen(state) + sizeof "/trellis/history";
        char *path = malloc(n);
        if (!path) return NULL;
        snprintf(path, n, "%s/trellis", state);
        if (make_dirs(path) == 0) {
            snprintf(path, n, "%s/trellis/history", state);
            return path;
        }
        free(path);
    }
    const char *home = getenv("HOME");
    if (!home || !home[0]) return NULL;
    size_t n = strlen(home) + sizeof "/.trellis_history";
    char *path = malloc(n);
    if (path) snprintf(path, n, "%s/.trellis_history", home);
    return path;
}
