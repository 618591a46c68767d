/* cmd_fmt.c — `trellis fmt [--check|--diff] [FILE...]`: the canonical layout (lang/fmt.c)
 * written back in place, to stdout for stdin, as a list of files that would change, or as
 * a unified diff. A file is replaced only whole: a temporary file beside it, renamed. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "fmt.h"
#include "parse.h"

typedef struct fmt_options {
    bool check, diff;
    int nfiles;
    char **files;
} fmt_options;

static int parse_fmt_options(int argc, char **argv, fmt_options *o) {
    memset(o, 0, sizeof *o);
    o->files = calloc((size_t)argc, sizeof *o->files);
    if (!o->files) abort();
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) o->files[o->nfiles++] = argv[i];
        else if (strcmp(a, "--") == 0) options_done = true;
        else if (strcmp(a, "--check") == 0) o->check = true;
        else if (strcmp(a, "--diff") == 0) o->diff = true;
        else {
            tr_cli_usage_error("unknown option '%s' for fmt", a);
            return EXIT_USAGE;
        }
    }
    return EXIT_CLEAN;
}

/* ---- unified diff ------------------------------------------------------------------ */

typedef struct line {
    const char *s;
    size_t n;       /* without the newline */
    bool newline;   /* the last line of a file may have none */
} line;

typedef struct text_lines {
    line *v;
    size_t n;
} text_lines;

static text_lines split_lines(const char *s, size_t len) {
    text_lines t = {NULL, 0};
    size_t cap = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (s + i)) : len - i;
        if (t.n == cap) {
            cap = cap ? cap * 2 : 64;
            t.v = realloc(t.v, cap * sizeof *t.v);
            if (!t.v) abort();
        }
        t.v[t.n++] = (line){s + i, n, nl != NULL};
        i += n + (nl != NULL);
    }
    return t;
}

static bool same_line(const line *a, const line *b) {
    return a->n == b->n && a->newline == b->newline && memcmp(a->s, b->s, a->n) == 0;
}

/* One step of the edit script: ' ' keep, '-' delete a[ai], '+' insert b[bi]; ai and bi are
 * where both files are when it happens. */
typedef struct edit {
    char op;
    size_t ai, bi;
} edit;

typedef struct edits {
    edit *v;
    size_t n, cap;
} edits;

static void edits_add(edits *e, char op, size_t ai, size_t bi) {
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 256;
        e->v = realloc(e->v, e->cap * sizeof *e->v);
        if (!e->v) abort();
    }
    e->v[e->n++] = (edit){op, ai, bi};
}

/* Myers' shortest edit script between a[lo_a, hi_a) and b[lo_b, hi_b), appended to `out`
 * in order. Past `max_d` differences it gives up on minimality: all of the middle is
 * deleted, then inserted — still a correct diff, for files that changed everywhere. */
static void myers(const text_lines *a, size_t lo_a, size_t hi_a, const text_lines *b, size_t lo_b,
                  size_t hi_b, long max_d, edits *out) {
    long n = (long)(hi_a - lo_a), m = (long)(hi_b - lo_b), off = max_d + 1;
    long *v = calloc((size_t)(2 * max_d + 3), sizeof *v);
    long *trace = NULL;   /* V after round d, for k in [-d, d], at trace[d * d] */
    size_t trace_cap = 0;
    long found = -1;
    if (!v) abort();
    for (long d = 0; d <= max_d && found < 0; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
            long y = x - k;
            while (x < n && y < m && same_line(&a->v[lo_a + (size_t)x], &b->v[lo_b + (size_t)y])) x++, y++;
            v[off + k] = x;
            if (x >= n && y >= m) found = d;
        }
        size_t need = (size_t)((d + 1) * (d + 1));
        if (need > trace_cap) {
            trace_cap = need * 2;
            trace = realloc(trace, trace_cap * sizeof *trace);
            if (!trace) abort();
        }
        memcpy(trace + d * d, v + off - d, (size_t)(2 * d + 1) * sizeof *v);
    }
    size_t start = out->n;
    if (found < 0) {
        for (long i = 0; i < n; i++) edits_add(out, '-', lo_a + (size_t)i, lo_b);
        for (long j = 0; j < m; j++) edits_add(out, '+', hi_a, lo_b + (size_t)j);
    } else {
        long x = n, y = m;
        for (long d = found; d > 0; d--) {
            const long *pv = trace + (d - 1) * (d - 1) + (d - 1);   /* pv[k]: V of round d-1 */
            long k = x - y;
            long pk = (k == -d || (k != d && pv[k - 1] < pv[k + 1])) ? k + 1 : k - 1;
            long px = pv[pk], py = px - pk;
            while (x > px && y > py) { x--; y--; edits_add(out, ' ', lo_a + (size_t)x, lo_b + (size_t)y); }
            if (pk == k + 1) { y--; edits_add(out, '+', lo_a + (size_t)x, lo_b + (size_t)y); }
            else { x--; edits_add(out, '-', lo_a + (size_t)x, lo_b + (size_t)y); }
        }
        while (x > 0 && y > 0) { x--; y--; edits_add(out, ' ', lo_a + (size_t)x, lo_b + (size_t)y); }
        for (size_t i = start, j = out->n - 1; i < j; i++, j--) {   /* built backwards */
            edit t = out->v[i];
            out->v[i] = out->v[j];
            out->v[j] = t;
        }
    }
    free(v);
    free(trace);
}

static void put_range_header(tr_buf *out, size_t start, size_t count) {
    if (count == 1) tr_buf_printf(out, "%zu", start + 1);
    else tr_buf_printf(out, "%zu,%zu", count ? start + 1 : start, count);
}

static void put_diff_line(tr_buf *out, char op, const line *l) {
    tr_buf_putc(out, op);
    tr_buf_putn(out, l->s, l->n);
    tr_buf_puts(out, l->newline ? "\n" : "\n\\ No newline at end of file\n");
}

enum { DIFF_CONTEXT = 3 };

/* `diff -u` of old and new text, labelled with the file's name. */
static void unified_diff(const char *name, const char *old, size_t old_len, const char *new, size_t new_len, tr_buf *out) {
    text_lines a = split_lines(old, old_len), b = split_lines(new, new_len);
    size_t pre = 0, suf = 0;
    while (pre < a.n && pre < b.n && same_line(&a.v[pre], &b.v[pre])) pre++;
    while (suf < a.n - pre && suf < b.n - pre && same_line(&a.v[a.n - 1 - suf], &b.v[b.n - 1 - suf])) suf++;
    edits e = {NULL, 0, 0};
    for (size_t i = 0; i < pre; i++) edits_add(&e, ' ', i, i);
    /* Minimal up to a bound on the work: (lines) x (differences) steps. */
    size_t middle = (a.n - pre - suf) + (b.n - pre - suf);
    long max_d = middle ? (long)(200000000 / middle) : 0;
    if (max_d > 2000) max_d = 2000;
    if (max_d < 1) max_d = 1;
    myers(&a, pre, a.n - suf, &b, pre, b.n - suf, max_d, &e);
    for (size_t i = 0; i < suf; i++) edits_add(&e, ' ', a.n - suf + i, b.n - suf + i);
    tr_buf_printf(out, "--- %s\t(original)\n+++ %s\t(formatted)\n", name, name);
    for (size_t i = 0; i < e.n;) {
        if (e.v[i].op == ' ') { i++; continue; }
        size_t first = i >= DIFF_CONTEXT ? i - DIFF_CONTEXT : 0, last = i;   /* last: past the hunk's last change */
        for (size_t j = i; j < e.n; j++) {
            if (e.v[j].op != ' ') last = j + 1;
            else if (j - last >= 2 * DIFF_CONTEXT) break;
        }
        size_t end = last + DIFF_CONTEXT < e.n ? last + DIFF_CONTEXT : e.n, na = 0, nb = 0;
        for (size_t j = first; j < end; j++) {
            na += e.v[j].op != '+';
            nb += e.v[j].op != '-';
        }
        tr_buf_puts(out, "@@ -");
        put_range_header(out, e.v[first].ai, na);
        tr_buf_puts(out, " +");
        put_range_header(out, e.v[first].bi, nb);
        tr_buf_puts(out, " @@\n");
        for (size_t j = first; j < end; j++)
            put_diff_line(out, e.v[j].op, e.v[j].op == '+' ? &b.v[e.v[j].bi] : &a.v[e.v[j].ai]);
        i = end;
    }
    free(e.v);
    free(a.v);
    free(b.v);
}

/* ---- writing in place -------------------------------------------------------------- */

/* `.NAME.fmt-XXXXXX` beside the file at `dest`; NAME is cut short, at the start of a
 * character, where the whole would pass the directory's limit on the length of a name
 * (a file named with 245 bytes or more can be formatted too). */
static void temp_name(const char *dest, tr_buf *tmp) {
    static const char prefix[] = ".", suffix[] = ".fmt-XXXXXX";
    const char *slash = strrchr(dest, '/');
    const char *base = slash ? slash + 1 : dest;
    if (slash) tr_buf_putn(tmp, dest, (size_t)(slash - dest + 1));   /* the directory, with its '/' */
    long max = pathconf(tmp->len ? tmp->data : ".", _PC_NAME_MAX);
    if (max < 32) max = NAME_MAX;   /* unknown (or absurd): the usual limit */
    size_t room = (size_t)max - (sizeof prefix - 1) - (sizeof suffix - 1), n = strlen(base);
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80) n--;   /* not inside a character */
    }
    tr_buf_puts(tmp, prefix);
    tr_buf_putn(tmp, base, n);
    tr_buf_puts(tmp, suffix);
}

/* Replace the file (through a symbolic link, its target) by `text`: written to a temporary
 * file in the same directory with the same mode, then renamed over it, so that a reader or
 * a crash sees the old file or the new one, never half of one. */
static int write_in_place(const char *path, const tr_buf *text) {
    char *target = realpath(path, NULL);
    const char *dest = target ? target : path;
    struct stat st;
    tr_buf tmp = {0};
    int fd = -1, err = 0;
    if (stat(dest, &st) != 0) { err = errno; goto done; }
    temp_name(dest, &tmp);
    fd = mkstemp(tmp.data);
    if (fd < 0) { err = errno; goto done; }
    if (fchown(fd, st.st_uid, st.st_gid) != 0) {
        /* only root may give a file away: it then belongs to whoever formats it */
    }
    for (size_t done = 0; done < text->len;) {
        ssize_t n = write(fd, text->data + done, text->len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { err = errno; goto done; }
        done += (size_t)n;
    }
    if (fchmod(fd, st.st_mode & 07777) != 0) { err = errno; goto done; }
    if (close(fd) != 0) { fd = -1; err = errno; goto done; }
    fd = -1;
    if (rename(tmp.data, dest) != 0) err = errno;
done:
    if (fd >= 0) close(fd);
    if (err && tmp.data) unlink(tmp.data);
    tr_buf_free(&tmp);
    free(target);
    errno = err;
    return err ? -1 : 0;
}

/* ---- the command ------------------------------------------------------------------- */

static const char BOM[] = "\xEF\xBB\xBF";   /* UTF-8 byte-order mark */
enum { BOM_LEN = sizeof BOM - 1 };

static bool starts_with_bom(const tr_source *src) {
    return src->len >= BOM_LEN && memcmp(src->text, BOM, BOM_LEN) == 0;
}

/* Append the canonical text of src to `formatted`: false, with nothing appended, when it
 * has syntax errors (they are in diags, as `check` reports them). A byte-order mark that
 * opens the file is kept byte for byte: tr_fmt_render keeps it when the lexer takes it;
 * a lexer that does not is given the text after the mark, and the mark is put back. */
static bool format_source(const tr_source *src, tr_diags *diags, tr_buf *formatted) {
    tr_ast *ast = tr_parse(src, diags);
    if (!ast) abort();
    bool ok = tr_fmt_render(ast, formatted);
    tr_ast_free(ast);
    if (ok || !starts_with_bom(src)) return ok;
    tr_source *body = tr_source_from_text(src->path, src->text + BOM_LEN, src->len - BOM_LEN);
    tr_diags body_diags = {0};
    tr_ast *body_ast = body ? tr_parse(body, &body_diags) : NULL;
    if (!body_ast) abort();
    size_t start = formatted->len;
    tr_buf_putn(formatted, BOM, BOM_LEN);
    ok = tr_fmt_render(body_ast, formatted);
    if (!ok) formatted->len = start;   /* the errors are the whole file's, already in diags */
    tr_ast_free(body_ast);
    tr_diags_free(&body_diags);
    tr_source_free(body);
    return ok;
}

static int worse(int a, int b) { return a > b ? a : b; }

/* What a file that is not a regular one is, for the message refusing it. */
static const struct { mode_t type; const char *what; } file_types[] = {
    {S_IFIFO, "a FIFO"}, {S_IFCHR, "a character device"}, {S_IFBLK, "a block device"},
    {S_IFSOCK, "a socket"},
};

/* Only a regular file is rewritten in place: a FIFO or a device would be replaced by a
 * regular file of the same name (and reading a FIFO first would wait for a writer).
 * Directories are left to the reading, which says so. */
static bool refuse_in_place(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) return false;
    const char *what = "not a regular file";
    for (size_t i = 0; i < sizeof file_types / sizeof file_types[0]; i++)
        if ((st.st_mode & S_IFMT) == file_types[i].type) what = file_types[i].what;
    fprintf(stderr, "trellis: cannot format '%s' in place: it is %s, not a regular file "
                    "('trellis fmt < %s' writes the result to standard output)\n", path, what, path);
    return true;
}

/* Format one file, or standard input when path is "-". */
static int fmt_one(const fmt_options *o, const char *path) {
    bool from_stdin = strcmp(path, "-") == 0;
    if (!from_stdin && !o->check && !o->diff && refuse_in_place(path)) return EXIT_USAGE;
    /* a closed stdin reads as an I/O error: say what it is */
    tr_source *src = from_stdin && fcntl(STDIN_FILENO, F_GETFD) < 0 ? NULL : tr_source_read(path);
    if (!src) {
        fprintf(stderr, "trellis: cannot read '%s': %s\n", from_stdin ? "<stdin>" : path, strerror(errno));
        return EXIT_USAGE;
    }
    tr_diags diags = {0};
    tr_buf formatted = {0}, out = {0};
    int status = EXIT_CLEAN;
    if (!format_source(src, &diags, &formatted)) {
        tr_diags_sort(&diags);
        tr_diags_render(&diags, TR_FORMAT_TEXT, &out);
        tr_cli_write(stderr, &out);
        fprintf(stderr, "trellis: %s: not formatted: it has syntax errors\n", src->path);
        status = EXIT_ERRORS;
        goto done;
    }
    bool changed = formatted.len != src->len || (src->len && memcmp(formatted.data, src->text, src->len) != 0);
    if (o->diff) {
        if (changed) unified_diff(src->path, src->text, src->len, formatted.data, formatted.len, &out);
        tr_cli_write(stdout, &out);
    } else if (o->check) {
        if (changed) printf("%s\n", src->path);
    } else if (from_stdin) {
        tr_cli_write(stdout, &formatted);
    } else if (changed && write_in_place(path, &formatted) != 0) {
        fprintf(stderr, "trellis: cannot write '%s': %s\n", path, strerror(errno));
        status = EXIT_USAGE;
    }
    if (changed && o->check) status = EXIT_ERRORS;
done:
    tr_buf_free(&formatted);
    tr_buf_free(&out);
    tr_diags_free(&diags);
    tr_source_free(src);
    return status;
}

int tr_cmd_fmt(int argc, char **argv) {
    fmt_options o;
    int status = parse_fmt_options(argc, argv, &o);
    if (status != EXIT_CLEAN) { free(o.files); return status; }
    if (o.nfiles == 0) o.files[o.nfiles++] = "-";
    /* every file gets its turn: one unreadable file does not stop the others */
    for (int i = 0; i < o.nfiles; i++) status = worse(status, fmt_one(&o, o.files[i]));
    free(o.files);
    return status;
}
