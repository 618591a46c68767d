/* lineedit.h — reading the REPL's lines: GNU readline on a terminal (editing, history,
 * completion, Ctrl-C cancels the line), plain reads otherwise (no prompt, no history).
 * Ownership: the editor owns its history; each line it returns is the caller's to free(). */
#ifndef TR_LINEEDIT_H
#define TR_LINEEDIT_H

#include <stdbool.h>

typedef struct tr_lineedit tr_lineedit;

/* Candidates for a word being completed; returns a NULL-terminated malloc'd array of
 * malloc'd strings (or NULL for none). `line` is the whole line typed so far. */
typedef char **(*tr_completer)(const char *word, const char *line, void *ctx);

/* interactive: stdin is a terminal. history_path may be NULL (no history). */
tr_lineedit *tr_lineedit_open(bool interactive, const char *history_path);
void tr_lineedit_close(tr_lineedit *le);   /* saves the history */
bool tr_lineedit_interactive(const tr_lineedit *le);
void tr_lineedit_set_completer(tr_lineedit *le, tr_completer complete, void *ctx);

typedef enum tr_read_status { TR_READ_LINE, TR_READ_CANCELLED, TR_READ_EOF } tr_read_status;
/* One line without its newline; *line is NULL unless TR_READ_LINE. */
tr_read_status tr_lineedit_read(tr_lineedit *le, const char *prompt, char **line);
void tr_lineedit_remember(tr_lineedit *le, const char *entry);

/* $XDG_STATE_HOME/trellis/history (creating the directory), else ~/.trellis_history;
 * malloc'd, NULL when neither can be had. */
char *tr_lineedit_history_path(void);

#endif
