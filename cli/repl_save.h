/* repl_save.h — the REPL's :save FILE NAME, and its file work: find the file a path names
 * (through symbolic links), read it, and write it again atomically beside itself.
 * Ownership: a tr_save_target owns its paths and the old bytes (tr_save_target_free). */
#ifndef TR_REPL_SAVE_H
#define TR_REPL_SAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "repl_session.h"

typedef struct tr_save_target {
    char *path;      /* as typed */
    char *real;      /* the file written: the end of any symbolic links; `path` for a new file */
    bool exists;
    mode_t mode;     /* kept when the file is written again (0644 for a new one) */
    tr_buf old;      /* its bytes now */
} tr_save_target;

/* Find and read the file `path` names. False with the reason in why[0..cap) when it is not a
 * regular file that can be read, or a link to nothing. */
bool tr_save_target_open(tr_save_target *t, const char *path, char *why, size_t cap);
void tr_save_target_free(tr_save_target *t);

/* Write the old bytes and then `add` to a temporary file beside t->real, with t->mode, and
 * rename it over t->real: a reader sees the old file or the new one, never a part, and a
 * link stays a link. False with the reason in why[0..cap); nothing is left behind. */
bool tr_save_write(const tr_save_target *t, const tr_buf *add, char *why, size_t cap);

/* For a new file: the path to import `plan` by, relative to the new file's directory
 * (malloc'd), or NULL when the plan is not inside that directory's tree (an import may not
 * reach out of it). */
char *tr_save_import_path(const char *file, const char *plan);

/* :save FILE NAME: append the what-if to FILE as `scenario NAME { ... }` when FILE with it
 * passes `trellis check`. */
int tr_repl_cmd_save(tr_repl *r, const char *args);

#endif
