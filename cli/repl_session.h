/* repl_session.h — the REPL's state and its plan as checked: the loaded file, the
 * declarations typed, the what-if overrides; the one text built from them and checked like a
 * file; and the helpers every command uses to print at <repl>:LINE:COL.
 *
 * How the session is checked: one text is built from the loaded file (with the blocks that
 * a typed declaration replaces blanked out, so every position in it stays true), then each
 * declaration typed, then — for the what-if — a synthesized `scenario` block holding the
 * overrides as typed. That text is checked like any file, with the file's path, so its
 * imports resolve as they would in `trellis check`. Diagnostics inside the typed part are
 * moved to a second source, "<repl>", whose lines are the lines typed in the session, so
 * they print as <repl>:LINE:COL pointing at what the user wrote.
 *
 * Ownership: a tr_repl owns the loaded plan's text, the declarations and overrides typed,
 * their history for :undo and every line read; a tr_repl_session owns the text it checked,
 * the checked plan and its diagnostics until tr_repl_session_close. */
#ifndef TR_REPL_SESSION_H
#define TR_REPL_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "buf.h"
#include "check.h"
#include "diag.h"
#include "lineedit.h"
#include "model.h"
#include "repl_names.h"
#include "sim.h"
#include "source.h"

enum { TR_REPL_CONTINUE, TR_REPL_QUIT };

/* The scenario the session's overrides are checked and simulated as. */
#define TR_REPL_WHATIF "__whatif__"

/* A declaration (block or let) in a piece of text: what it replaces is found by key. */
typedef struct tr_repl_decl {
    char *key;               /* "role manager", "let coach_rate" */
    uint32_t begin, end;
} tr_repl_decl;

typedef struct tr_repl_decls { tr_repl_decl *v; size_t n; } tr_repl_decls;

/* Declarations typed in the session, in order. */
typedef struct tr_repl_chunk {
    char *text;
    size_t len;
    unsigned first_line;
    tr_repl_decls items;
} tr_repl_chunk;

/* One `:set PATH VALUE`: the text from PATH to the end of the line, where it was typed. */
typedef struct tr_repl_override {
    char *text;              /* "exec_coaching.hours 12 hours per person per year" */
    size_t path_len;
    unsigned line, col;      /* session line, byte offset of PATH in it */
} tr_repl_override;

typedef struct tr_repl_whatif {
    tr_repl_override *v;
    size_t n;
    char *base;              /* :scenario NAME: the declared scenario it extends, or NULL */
} tr_repl_whatif;

/* An earlier what-if, and the command that left it behind (for :undo's message). */
typedef struct tr_repl_undo {
    tr_repl_whatif w;
    char *what;              /* ":set exec_coaching.hours" */
} tr_repl_undo;

typedef struct tr_repl {
    tr_lineedit *le;
    char *stdlib;
    char *path;              /* the loaded plan, or NULL */
    tr_source *file;         /* its text as last read */
    tr_repl_decls file_items;
    tr_repl_chunk *chunks;
    size_t nchunks;
    tr_repl_whatif cur;
    tr_repl_undo *undo;        /* earlier states of the what-if, for :undo */
    size_t nundo;
    tr_buf lines;            /* every line typed, each ended by '\n' */
    size_t *line_start;      /* offset of line i+1 in `lines` */
    unsigned line;           /* lines read so far: <repl>:LINE:COL counts them */
    const char *input;       /* the command line being run, as typed (for columns) */
    size_t cmd_at, cmd_len;  /* the command word in it */
    const char *args;        /* the command's arguments (a trimmed copy) */
    size_t args_at;          /* where they start in `input` */
    tr_repl_names names;     /* what Tab completes */
    bool allow_outside;      /* --allow-outside-imports: imports may leave the file's tree */
} tr_repl;

/* ---- the session's text, checked ----------------------------------------------------------- */

/* A piece of the checked text that came from what was typed at session offset `to`. */
typedef struct tr_repl_span { uint32_t from, len, to; } tr_repl_span;

typedef struct tr_repl_session {
    tr_source *check;        /* the text checked */
    tr_source *display;      /* "<repl>": the lines typed */
    tr_repl_span *spans;
    size_t nspans;
    uint32_t typed_from;     /* where the typed part of `check` starts */
    tr_checked *checked;
    const tr_plan *plan;     /* NULL when the plan has errors */
    const tr_plan *any_plan; /* the plan even with errors (arrays may be partial) */
    bool has_plan_block;
    tr_diags diags;
} tr_repl_session;

/* The command word itself, or the place just after it where an argument is missing. */
#define REPL_AT_COMMAND(r) (r)->cmd_at, (r)->cmd_len
#define REPL_AFTER_COMMAND(r) (r)->cmd_at + (r)->cmd_len, 0
#define REPL_AT_ARGS(r) (r)->args_at, strlen((r)->args)

/* A plan file read and parsed, not yet the session's. */
typedef struct tr_repl_loaded {
    tr_source *src;
    tr_repl_decls items;
} tr_repl_loaded;

char *tr_repl_strdup(const char *s);   /* aborts when out of memory */

/* The blocks, lets and imports of a parsed text, keyed "KIND NAME" (or "KIND" for a block
 * without a name, such as `plan` or `model`, of which there is one; `import "PATH"`). */
void tr_repl_decls_collect(const tr_ast *ast, tr_repl_decls *out);
void tr_repl_decls_free(tr_repl_decls *d);

bool tr_repl_whatif_active(const tr_repl_whatif *w);
tr_repl_whatif tr_repl_whatif_copy(const tr_repl_whatif *w);
void tr_repl_whatif_free(tr_repl_whatif *w);
void tr_repl_chunks_free(tr_repl *r);
void tr_repl_undo_clear(tr_repl *r);

/* The offset in the "<repl>" source of column `col` (from 0) of session line `line`. */
uint32_t tr_repl_display_offset(const tr_repl *r, unsigned line, unsigned col);

/* Check the session's plan, with the what-if `w` (NULL: the baseline). */
void tr_repl_session_open(tr_repl_session *s, const tr_repl *r, const tr_repl_whatif *w);
void tr_repl_session_close(tr_repl_session *s);
/* Move a position in the checked text to where it was typed ("<repl>"), when it was. */
void tr_repl_move_pos(const tr_repl_session *s, const tr_source **src, uint32_t *begin, uint32_t *end);
/* Move every diagnostic (and note) of the session to what the user typed, and call the
 * session's scenario what it is to them. */
void tr_repl_remap(tr_repl_session *s);

/* ---- printing ---- */

void tr_repl_print_diags(tr_diags *ds);
/* The errors a command or a typed line would leave (a session still without a plan block
 * is not told it has none); and how many. */
void tr_repl_print_session_errors(tr_repl_session *s);
size_t tr_repl_session_errors(const tr_repl_session *s);
/* An error about the command being run, printed like any diagnostic at <repl>:LINE:COL,
 * from byte `at` of the command's line, `len` bytes long. */
void tr_repl_error(const tr_repl *r, const char *code, size_t at, size_t len, const char *help, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* The same, from display offset `begin` to `end` of "<repl>" (any line typed). */
void tr_repl_error_at(const tr_repl *r, const char *code, uint32_t begin, uint32_t end, const char *help, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* A typed input (at display offsets [from, to) of s->display) was refused because the
 * session `s` has errors with it: print the errors that `before` (the session without it)
 * did not have, each at the input — where the checker found it, in the file or at an
 * earlier line, becomes a note — with `as` ("with this declaration") before the messages of
 * those it moved, when not NULL. Returns how many it printed. */
size_t tr_repl_print_refused(tr_repl_session *s, const tr_repl_session *before, uint32_t from, uint32_t to, const char *as);
/* Where an argument (a pointer into r->args) starts in the command's line. */
size_t tr_repl_arg_col(const tr_repl *r, const char *p);
void tr_repl_no_plan(const tr_repl *r);
/* Where a command needs a clean plan, say why there is none. */
bool tr_repl_need_plan(const tr_repl *r, tr_repl_session *s);

/* ---- arguments ---- */

/* "WORD REST": the length of WORD and where REST starts; false when either is missing. */
bool tr_repl_split_args(const char *args, size_t *first_len, const char **rest);
/* A FILE argument at the start of `args` (a pointer into r->args): a string written as in
 * the language ("my plans/a.plan", with \" \\ \n \t \u{XXXX}), or else the text up to the
 * next blank (`word`) or to the end. *path is malloc'd and *len the bytes it took in args;
 * false after saying what is wrong (an unterminated string, an unknown escape). */
bool tr_repl_file_arg(const tr_repl *r, const char *args, bool word, char **path, size_t *len);
/* A command that takes one word: false after saying so when there are more. */
bool tr_repl_one_word(const tr_repl *r, const char *args, const char *what);

/* ---- loading ---- */

/* Read and parse `path` (named by the `len` bytes at `at` of the command line); false after
 * saying why. */
bool tr_repl_read_plan(const tr_repl *r, const char *path, size_t at, size_t len, tr_repl_loaded *out);
/* Make `f` the session's file (taking its text and declarations). */
void tr_repl_take_file(tr_repl *r, const char *path, tr_repl_loaded *f);
/* After a plan is (re)loaded: its problems, and the names for completion. */
void tr_repl_report_loaded(tr_repl *r);
/* `:load FILE` and `:reload`: the new text becomes the session's only when it checks; a
 * plan with errors is shown and the session goes on with the one it had. */
bool tr_repl_load_file(tr_repl *r, const char *path, size_t at, size_t len, bool keep);

/* ---- simulating ---- */

/* Simulate scenario `sc` (-1: the baseline) of the session's plan; false after printing why. */
bool tr_repl_simulate(const tr_plan *p, int sc, tr_model *m, tr_sim_result *res);
/* E201 for a scenario the plan does not declare, named by the argument `name`. */
void tr_repl_unknown_scenario(const tr_repl *r, const tr_plan *p, const char *name);
/* The scenario to simulate: `name` when given (baseline: the plan as written), else the
 * what-if when there is one; -2 after an error. */
int tr_repl_pick_scenario(const tr_repl *r, const tr_plan *p, const char *name, bool use_whatif);

#endif
