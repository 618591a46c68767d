/* cmd_fmt.c — `trellis fmt [--check|--diff] [FILE...]`: the canonical layout (lang/fmt.c)
 * written back in place, to stdout for stdin, as a list of files that would change, or as
 * a unified diff. A file is replaced only whole: a temporary file beside it, renamed. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
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

/* How far one call of myers() got: the edits up to (x, y) of its range are written. */
typedef struct reach {
    long x, y, rounds;
    bool done;   /* (x, y) is the end of the range: the script is the shortest one */
} reach;

/* Myers' shortest edit script between a[lo_a, hi_a) and b[lo_b, hi_b), appended to `out`
 * in order — when there is one of at most `max_d` differences. Past that it stops, as GNU
 * diff does when a script costs too much, and writes the path to the point of the range
 * that the last round reached furthest; the caller goes on from there. Its work is about
 * rounds x (rounds + lines reached). */
static reach myers(const text_lines *a, size_t lo_a, size_t hi_a, const text_lines *b, size_t lo_b,
                   size_t hi_b, long max_d, edits *out) {
    long n = (long)(hi_a - lo_a), m = (long)(hi_b - lo_b), off = max_d + 1;
    long *v = calloc((size_t)(2 * max_d + 3), sizeof *v);
    long *trace = NULL;   /* V after round d, for k in [-d, d], at trace[d * d] */
    size_t trace_cap = 0;
    reach r = {0, 0, 0, false};
    long last = 0;
    if (!v) abort();
    for (long d = 0; d <= max_d && !r.done; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
            long y = x - k;
            while (x < n && y < m && same_line(&a->v[lo_a + (size_t)x], &b->v[lo_b + (size_t)y])) x++, y++;
            v[off + k] = x;
            if (x >= n && y >= m) r = (reach){n, m, 0, true};
        }
        size_t need = (size_t)((d + 1) * (d + 1));
        if (need > trace_cap) {
            trace_cap = need * 2;
            trace = realloc(trace, trace_cap * sizeof *trace);
            if (!trace) abort();
        }
        memcpy(trace + d * d, v + off - d, (size_t)(2 * d + 1) * sizeof *v);
        last = d;
    }
    if (!r.done) {   /* the furthest point inside the range (a point outside has no path) */
        for (long k = -last; k <= last; k += 2) {
            long x = v[off + k], y = x - k;
            if (x <= n && y >= 0 && y <= m && x + y > r.x + r.y) r.x = x, r.y = y;
        }
    }
    r.rounds = last + 1;
    size_t start = out->n;
    long x = r.x, y = r.y;
    for (long d = last; d > 0 && x + y > 0; d--) {
        const long *pv = trace + (d - 1) * (d - 1) + (d - 1);   /* pv[k]: V of round d-1 */
        long k = x - y;
        long pk = (k == -d || (k != d && pv[k - 1] < pv[k + 1])) ? k + 1 : k - 1;
        long px = pv[pk], py = px - pk;
        while (x > px && y > py) { x--; y--; edits_add(out, ' ', lo_a + (size_t)x, lo_b + (size_t)y); }
        if (pk == k + 1) { y--; edits_add(out, '+', lo_a + (size_t)x, lo_b + (size_t)y); }
        else { x--; edits_add(out, '-', lo_a + (size_t)x, lo_b + (size_t)y); }
    }
    while (x > 0 && y > 0) { x--; y--; edits_add(out, ' ', lo_a + (size_t)x, lo_b + (size_t)y); }
    for (size_t i = start, j = out->n ? out->n - 1 : 0; i < j; i++, j--) {   /* built backwards */
        edit t = out->v[i];
        out->v[i] = out->v[j];
        out->v[j] = t;
    }
    free(v);
    free(trace);
    return r;
}

/* ---- anchors: lines that occur once in each text ----------------------------------- */

/* A line's hash (FNV-1a), the missing final newline included. */
static uint32_t line_hash(const line *l) {
    uint32_t h = 2166136261u ^ (uint32_t)l->newline;
    for (size_t i = 0; i < l->n; i++) h = (h ^ (unsigned char)l->s[i]) * 16777619u;
    return h;
}

/* One distinct line of either text: where it is, and how often it occurs (up to 2). */
typedef struct line_slot {
    uint32_t hash, ia, ib;
    unsigned char na, nb;
} line_slot;

typedef struct line_table {
    line_slot *v;
    size_t mask;
} line_table;

static line_slot *line_table_find(line_table *t, const text_lines *a, const text_lines *b, const line *l) {
    uint32_t h = line_hash(l);
    for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
        line_slot *s = &t->v[i];
        if (!s->na && !s->nb) { s->hash = h; return s; }
        if (s->hash == h && same_line(s->na ? &a->v[s->ia] : &b->v[s->ib], l)) return s;
    }
}

/* The pairs (i, j) with a[i] == b[j] where that line occurs once in a[lo_a, hi_a) and
 * once in b[lo_b, hi_b), longest run that increases in both (patience sorting): the lines
 * that surely correspond, as in `git diff --patience`. They cut one large problem into
 * small ones between them, each solved exactly. Returns the count; *ia and *ib hold them. */
static size_t unique_anchors(const text_lines *a, size_t lo_a, size_t hi_a, const text_lines *b, size_t lo_b,
                             size_t hi_b, uint32_t **ia, uint32_t **ib) {
    size_t lines = (hi_a - lo_a) + (hi_b - lo_b), size = 16;
    while (size < 2 * lines) size *= 2;
    line_table t = {calloc(size, sizeof *t.v), size - 1};
    if (!t.v) abort();
    for (size_t i = lo_a; i < hi_a; i++) {
        line_slot *s = line_table_find(&t, a, b, &a->v[i]);
        if (!s->na) s->ia = (uint32_t)i;
        if (s->na < 2) s->na++;
    }
    for (size_t j = lo_b; j < hi_b; j++) {
        line_slot *s = line_table_find(&t, a, b, &b->v[j]);
        if (!s->nb) s->ib = (uint32_t)j;
        if (s->nb < 2) s->nb++;
    }
    /* the candidates in the order of a; then the longest increasing run of their b */
    size_t k = 0;
    uint32_t *ca = malloc((hi_a - lo_a + 1) * sizeof *ca), *cb = malloc((hi_a - lo_a + 1) * sizeof *cb);
    if (!ca || !cb) abort();
    for (size_t i = lo_a; i < hi_a; i++) {
        line_slot *s = line_table_find(&t, a, b, &a->v[i]);
        if (s->na == 1 && s->nb == 1) { ca[k] = (uint32_t)i; cb[k] = s->ib; k++; }
    }
    free(t.v);
    size_t *tails = malloc((k + 1) * sizeof *tails), *prev = malloc((k + 1) * sizeof *prev), len = 0;
    if (!tails || !prev) abort();
    for (size_t c = 0; c < k; c++) {
        size_t lo = 0, hi = len;   /* the first pile whose top is not below cb[c] */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cb[tails[mid]] < cb[c]) lo = mid + 1; else hi = mid;
        }
        prev[c] = lo ? tails[lo - 1] : SIZE_MAX;
        tails[lo] = c;
        if (lo == len) len++;
    }
    *ia = malloc((len + 1) * sizeof **ia);
    *ib = malloc((len + 1) * sizeof **ib);
    if (!*ia || !*ib) abort();
    for (size_t n = len, c = len ? tails[len - 1] : 0; n > 0; n--, c = prev[c]) {
        (*ia)[n - 1] = ca[c];
        (*ib)[n - 1] = cb[c];
    }
    free(tails);
    free(prev);
    free(ca);
    free(cb);
    return len;
}

/* Work Myers may do, in steps of one line times one difference, for all the ranges
 * between anchors together; past it each call gets few rounds (still a correct diff, and
 * linear in the lines, only less short). */
enum { DIFF_BUDGET = 200000000, DIFF_MAX_D = 2000, DIFF_MIN_D = 8 };

/* The edit script of a[lo_a, hi_a) against b[lo_b, hi_b), a range between anchors: the
 * lines the two share at its ends kept, the rest by Myers within what is left of the
 * budget — call after call from where the last one stopped, when a call stops short. */
static void diff_range(const text_lines *a, size_t lo_a, size_t hi_a, const text_lines *b, size_t lo_b,
                       size_t hi_b, long *budget, edits *out) {
    size_t suf = 0;
    while (hi_a - suf > lo_a && hi_b - suf > lo_b && same_line(&a->v[hi_a - 1 - suf], &b->v[hi_b - 1 - suf])) suf++;
    hi_a -= suf;
    hi_b -= suf;
    for (;;) {
        while (lo_a < hi_a && lo_b < hi_b && same_line(&a->v[lo_a], &b->v[lo_b])) edits_add(out, ' ', lo_a++, lo_b++);
        if (lo_a == hi_a || lo_b == hi_b) break;
        long lines = (long)((hi_a - lo_a) + (hi_b - lo_b)), max_d = *budget / (3 * lines);
        if (max_d > DIFF_MAX_D) max_d = DIFF_MAX_D;
        if (max_d > lines) max_d = lines;
        if (max_d < DIFF_MIN_D) max_d = DIFF_MIN_D;
        reach r = myers(a, lo_a, hi_a, b, lo_b, hi_b, max_d, out);
        if (r.x + r.y == 0) break;   /* cannot be (a round moves), but never loop on it */
        *budget -= r.rounds * (r.rounds + r.x + r.y);
        if (*budget < 0) *budget = 0;
        lo_a += (size_t)r.x;
        lo_b += (size_t)r.y;
    }
    for (size_t i = lo_a; i < hi_a; i++) edits_add(out, '-', i, lo_b);   /* only deleted lines, */
    for (size_t j = lo_b; j < hi_b; j++) edits_add(out, '+', hi_a, j);   /* or only inserted */
    for (size_t i = 0; i < suf; i++) edits_add(out, ' ', hi_a + i, hi_b + i);
}

/* The edit script of a against b: the unique lines they share as anchors, each range
 * between two anchors diffed on its own. */
static void diff_lines(const text_lines *a, const text_lines *b, edits *out) {
    uint32_t *ia, *ib;
    size_t n = unique_anchors(a, 0, a->n, b, 0, b->n, &ia, &ib);
    long budget = DIFF_BUDGET;
    size_t pa = 0, pb = 0;
    for (size_t k = 0; k < n; k++) {
        diff_range(a, pa, ia[k], b, pb, ib[k], &budget, out);
        edits_add(out, ' ', ia[k], ib[k]);
        pa = (size_t)ia[k] + 1;
        pb = (size_t)ib[k] + 1;
    }
    diff_range(a, pa, a->n, b, pb, b->n, &budget, out);
    free(ia);
    free(ib);
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
    edits e = {NULL, 0, 0};
    diff_lines(&a, &b, &e);
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
