/* diag.h — diagnostics: collected by every stage, sorted, rendered as text, JSON, SARIF
 * or GitHub workflow commands.
 * Ownership: a tr_diags owns its diagnostics and their strings; it points into, but does
 * not own, the sources they refer to, which must outlive it. Nothing here prints. */
#ifndef TR_DIAG_H
#define TR_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "source.h"

typedef enum tr_severity { TR_SEV_NOTE, TR_SEV_WARNING, TR_SEV_ERROR } tr_severity;

typedef struct tr_note {
    const tr_source *src;
    uint32_t begin, end;
    char *message;
} tr_note;

typedef struct tr_diag {
    tr_severity severity;
    const char *code;     /* "E104", "W101": static */
    const char *name;     /* kebab-case name of the code: static */
    const char *summary;  /* the code's one-line description (SARIF's rule text): static */
    char *message, *help; /* help may be NULL */
    const tr_source *src; /* NULL for a diagnostic about no file in particular */
    uint32_t begin, end;
    tr_note *notes;       /* secondary places: "first declared here" */
    size_t nnotes;
    size_t seq;           /* order of arrival, to keep sorting stable */
} tr_diag;

typedef struct tr_diags {
    tr_diag **items;
    size_t n, cap;
} tr_diags;

typedef enum tr_format {
    TR_FORMAT_TEXT, TR_FORMAT_JSON, TR_FORMAT_SARIF, TR_FORMAT_GITHUB
} tr_format;

/* One known code: the table behind `trellis explain` and docs/diagnostics.md. */
typedef struct tr_code_info {
    const char *code, *name;
    tr_severity severity;
    const char *summary;      /* one line */
    const char *explanation;  /* paragraphs for `explain` */
    const char *example;      /* a plan fragment that triggers it */
} tr_code_info;

void tr_diags_free(tr_diags *ds);
/* Add a diagnostic with code `code` (its name and default severity come from the code
 * table); returns it so that help and notes can be attached. */
tr_diag *tr_diag_add(tr_diags *ds, const char *code, const tr_source *src, uint32_t begin,
                     uint32_t end, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same, with severity and name given by the caller (lints carry their own table). */
tr_diag *tr_diag_add_as(tr_diags *ds, tr_severity sev, const char *code, const char *name,
                        const tr_source *src, uint32_t begin, uint32_t end, const char *fmt,
                        ...) __attribute__((format(printf, 8, 9)));
void tr_diag_help(tr_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tr_diag_note(tr_diag *d, const tr_source *src, uint32_t begin, uint32_t end,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

size_t tr_diags_count(const tr_diags *ds, tr_severity sev);
/* --werror: every warning becomes an error. */
void tr_diags_promote_warnings(tr_diags *ds);
/* By file name, then position, then arrival. */
void tr_diags_sort(tr_diags *ds);
/* Keep, from index `from` on, the diagnostics keep() accepts, in order; free the others.
 * keep() sees the ones kept so far as ds->items[from, kept). */
typedef bool (*tr_diag_keep_fn)(const tr_diags *ds, size_t from, size_t kept, const tr_diag *d, void *ctx);
void tr_diags_filter(tr_diags *ds, size_t from, tr_diag_keep_fn keep, void *ctx);
/* Append everything in `from` to `to`, leaving `from` empty. */
void tr_diags_move(tr_diags *to, tr_diags *from);

void tr_diags_render(const tr_diags *ds, tr_format format, tr_buf *out);
void tr_diag_render_text(const tr_diag *d, tr_buf *out);

const tr_code_info *tr_code_find(const char *code_or_name);
/* The whole table, ended by an entry whose code is NULL. */
const tr_code_info *tr_code_table(void);

/* Edit distance, capped: used for every "did you mean". */
unsigned tr_edit_distance(const char *a, const char *b);
/* The candidate closest to `word`, or NULL if none is close enough to suggest. */
const char *tr_suggest(const char *word, const char *const *candidates, size_t n);

#endif
