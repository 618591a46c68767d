/* repl_save.c — :save's files: a path resolved through its links, read whole, and written
 * again by a temporary file and a rename in the directory of the file itself. */
#include "repl_save.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *xstrdup(const char *s) {
    char *d = strdup(s);
    if (!d) abort();
    return d;
}

static bool read_fd(int fd, tr_buf *out) {
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0) return true;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        tr_buf_putn(out, buf, (size_t)n);
    }
}

/* The mode a new file gets: what open(2) would give with the process's umask. */
static mode_t new_file_mode(void) {
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

bool tr_save_target_open(tr_save_target *t, const char *path, char *why, size_t cap) {
    memset(t, 0, sizeof *t);
    t->path = xstrdup(path);
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT) { snprintf(why, cap, "cannot read '%s': %s", path, strerror(errno)); return false; }
        t->real = xstrdup(path);   /* a new file, in a directory that must exist */
        t->mode = new_file_mode();
        char *dir = xstrdup(path), *slash = strrchr(dir, '/');
        if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
        struct stat ds;
        bool there = !slash || (stat(dir, &ds) == 0 && S_ISDIR(ds.st_mode));
        if (!there) snprintf(why, cap, "cannot write '%s': its directory does not exist", path);
        free(dir);
        return there;
    }
    t->real = realpath(path, NULL);
    if (!t->real) {
        snprintf(why, cap, S_ISLNK(st.st_mode) ? "'%s' is a symbolic link to a file that does not exist" : "cannot read '%s': %s", path,
                 strerror(errno));
        return false;
    }
    int fd = open(t->real, O_RDONLY);
    if (fd < 0) { snprintf(why, cap, "cannot read '%s': %s", path, strerror(errno)); return false; }
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (!ok) snprintf(why, cap, "'%s' is not a regular file", path);
    else if (!(ok = read_fd(fd, &t->old))) snprintf(why, cap, "cannot read '%s': %s", path, strerror(errno));
    close(fd);
    t->exists = true;
    t->mode = st.st_mode & 07777;
    return ok;
}

void tr_save_target_free(tr_save_target *t) {
    free(t->path);
    free(t->real);
    tr_buf_free(&t->old);
    memset(t, 0, sizeof *t);
}

static bool write_all(int fd, const tr_buf *b) {
    for (size_t done = 0; done < b->len;) {
        ssize_t w = write(fd, b->data + done, b->len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        done += (size_t)w;
    }
    return true;
}

bool tr_save_write(const tr_save_target *t, const tr_buf *add, char *why, size_t cap) {
    size_t n = strlen(t->real) + 16;
    char *tmp = malloc(n);
    if (!tmp) abort();
    snprintf(tmp, n, "%s.XXXXXX", t->real);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0 && write_all(fd, &t->old) && write_all(fd, add) && fchmod(fd, t->mode) == 0 && fsync(fd) == 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && ok) ok = false, saved = errno;
    if (ok && rename(tmp, t->real) != 0) ok = false, saved = errno;
    if (!ok) {
        snprintf(why, cap, "cannot write '%s': %s", t->path, strerror(saved));
        if (fd >= 0) unlink(tmp);
    }
    free(tmp);
    return ok;
}

char *tr_save_import_path(const char *file, const char *plan) {
    char *dir = xstrdup(file);
    char *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
    else strcpy(dir, ".");
    char *dir_real = realpath(dir, NULL), *plan_real = realpath(plan, NULL);
    char *rel = NULL;
    size_t n = dir_real ? strlen(dir_real) : 0;
    if (dir_real && plan_real && strncmp(plan_real, dir_real, n) == 0 && plan_real[n] == '/') rel = xstrdup(plan_real + n + 1);
    else if (dir_real && plan_real && strcmp(dir_real, "/") == 0) rel = xstrdup(plan_real + 1);
    free(dir);
    free(dir_real);
    free(plan_real);
    return rel;
}
