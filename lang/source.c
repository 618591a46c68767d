/* source.c — files are read whole: plans are small, and the scanner wants one buffer. */
#include "source.h"

#include "buf.h"
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Characters (bytes that do not continue a UTF-8 sequence) in text[from, to). */
static uint32_t count_chars(const char *text, uint32_t from, uint32_t to) {
    uint32_t n = 0;
    for (uint32_t i = from; i < to; i++) n += ((unsigned char)text[i] & 0xC0) != 0x80;
    return n;
}

static int source_index_blocks(tr_source *s) {
    size_t nblocks = s->len / TR_SOURCE_BLOCK + 1;
    uint32_t *blocks = malloc(nblocks * sizeof *blocks);
    if (!blocks) return -1;
    uint32_t chars = 0;
    blocks[0] = 0;
    for (size_t k = 1; k < nblocks; k++) {
        chars += count_chars(s->text, (uint32_t)((k - 1) * TR_SOURCE_BLOCK), (uint32_t)(k * TR_SOURCE_BLOCK));
        blocks[k] = chars;
    }
    s->blocks = blocks;
    return 0;
}

static int source_index_lines(tr_source *s) {
    size_t cap = 64, n = 0;
    uint32_t *lines = malloc(cap * sizeof *lines);
    if (!lines) return -1;
    lines[n++] = 0;
    bool long_line = false;
    for (const char *p = s->text, *end = s->text + s->len; (p = memchr(p, '\n', (size_t)(end - p)));) {
        p++;
        if ((uint32_t)(p - s->text) - lines[n - 1] > TR_SOURCE_BLOCK) long_line = true;
        if (n == cap) {
            cap *= 2;
            uint32_t *grown = realloc(lines, cap * sizeof *lines);
            if (!grown) { free(lines); return -1; }
            lines = grown;
        }
        lines[n++] = (uint32_t)(p - s->text);
    }
    s->lines = lines;
    s->nlines = n;
    if (s->len - lines[n - 1] > TR_SOURCE_BLOCK) long_line = true;
    return long_line ? source_index_blocks(s) : 0;
}

/* Takes ownership of `text`, which holds len bytes and room for two more, even on failure. */
static tr_source *source_adopt(const char *path, char *text, size_t len) {
    tr_source *s = calloc(1, sizeof *s);
    if (!s) { free(text); return NULL; }
    s->text = text;
    s->text[len] = s->text[len + 1] = '\0';
    s->len = len;
    s->first_line = 1;
    s->bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    s->path = strdup(path);
    if (!s->path || source_index_lines(s) != 0) { tr_source_free(s); return NULL; }
    return s;
}

tr_source *tr_source_from_text(const char *path, const char *text, size_t len) {
    if (len >= TR_SOURCE_MAX) { errno = EFBIG; return NULL; }
    char *copy = malloc(len + 2);
    if (!copy) return NULL;
    memcpy(copy, text, len);
    return source_adopt(path, copy, len);
}

/* Fault a large buffer in with one system call instead of a page fault per 4 KiB, which on
 * some machines costs more than scanning the text; only a hint where it is not supported. */
static void source_prefault(char *p, size_t size) {
#ifdef MADV_POPULATE_WRITE
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t begin = ((uintptr_t)p + page - 1) & ~(page - 1), end = ((uintptr_t)p + size) & ~(page - 1);
    if (end > begin) madvise((void *)begin, end - begin, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)size;
#endif
}

/* The whole stream, with two spare bytes after it. `hint` is the file's size when known:
 * the buffer is then allocated once, with one byte more so that end of file is seen without
 * growing it, and the text is read straight into the buffer the source keeps. */
static char *source_slurp(FILE *f, size_t hint, size_t *len) {
    size_t cap = hint > 0 && hint < TR_SOURCE_MAX ? hint + 3 : (size_t)1 << 16, n = 0;
    char *data = malloc(cap);
    if (!data) return NULL;
    source_prefault(data, cap);
    for (;;) {
        if (cap - n <= 2) {
            if (cap > TR_SOURCE_MAX) { free(data); errno = EFBIG; return NULL; }
            cap *= 2;
            char *grown = realloc(data, cap);
            if (!grown) { free(data); return NULL; }
            data = grown;
        }
        size_t got = fread(data + n, 1, cap - n - 2, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) { free(data); errno = EIO; return NULL; }
    if (n >= TR_SOURCE_MAX) { free(data); errno = EFBIG; return NULL; }
    *len = n;
    return data;
}

tr_source *tr_source_read(const char *path) {
    int from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    size_t hint = 0;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            if (!from_stdin) fclose(f);
            errno = EISDIR;
            return NULL;
        }
        if (S_ISREG(st.st_mode) && st.st_size > 0) hint = (size_t)st.st_size;
    }
    size_t len = 0;
    char *data = source_slurp(f, hint, &len);
    int saved = errno;
    if (!from_stdin) fclose(f);
    if (!data) { errno = saved; return NULL; }
    return source_adopt(from_stdin ? "<stdin>" : path, data, len);
}

void tr_source_free(tr_source *s) {
    if (!s) return;
    free(s->path);
    free(s->text);
    free(s->lines);
    free(s->blocks);
    free(s);
}

tr_pos tr_source_pos(const tr_source *s, uint32_t offset) {
    if (offset > s->len) offset = (uint32_t)s->len;
    size_t lo = 0, hi = s->nlines;   /* last line start <= offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->lines[mid] <= offset) lo = mid; else hi = mid;
    }
    uint32_t start = s->lines[lo] + (lo == 0 ? s->bom : 0);
    unsigned column = 1;
    if (offset < start) offset = start;   /* inside the byte order mark */
    if (s->blocks && offset - start > TR_SOURCE_BLOCK) {   /* characters before offset, less those before start */
        uint32_t bo = offset / TR_SOURCE_BLOCK, bs = start / TR_SOURCE_BLOCK;
        column += s->blocks[bo] + count_chars(s->text, bo * TR_SOURCE_BLOCK, offset) -
                  s->blocks[bs] - count_chars(s->text, bs * TR_SOURCE_BLOCK, start);
    } else {
        column += count_chars(s->text, start, offset);
    }
    return (tr_pos){(unsigned)lo + s->first_line, column};
}

const char *tr_source_line(const tr_source *s, unsigned line, size_t *len) {
    if (line < s->first_line || line - s->first_line >= s->nlines) { *len = 0; return ""; }
    line = line - s->first_line + 1;
    uint32_t begin = s->lines[line - 1] + (line == 1 ? s->bom : 0);
    uint32_t end = line < s->nlines ? s->lines[line] : (uint32_t)s->len;
    while (end > begin && (s->text[end - 1] == '\n' || s->text[end - 1] == '\r')) end--;
    *len = end - begin;
    return s->text + begin;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
size_t tr_utf8_length(const unsigned char *p, size_t n) {
    unsigned char c = p[0];
    size_t len;
    unsigned min;
    unsigned long cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

int tr_utf8_cut(const char *s, size_t n, size_t max) {
    if (n <= max) return (int)n;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;   /* s[k] starts a character */
    return (int)k;
}

void tr_utf8_sanitize(tr_buf *out, const char *s, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    size_t run = 0;   /* start of the valid bytes not yet copied */
    for (size_t i = 0; i < n;) {
        size_t len = s[i] ? tr_utf8_length((const unsigned char *)s + i, n - i) : 0;
        if (len) { i += len; continue; }
        tr_buf_putn(out, s + run, i - run);
        unsigned char c = (unsigned char)s[i];
        char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
        tr_buf_putn(out, esc, sizeof esc);
        run = ++i;
    }
    tr_buf_putn(out, s + run, n - run);
}

bool tr_utf8_valid(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        size_t len = s[i] ? tr_utf8_length((const unsigned char *)s + i, n - i) : 0;
        if (!len) return false;
        i += len;
    }
    return true;
}

static void report_encoding(const tr_source *s, struct tr_diags *diags, size_t i) {
    unsigned char c = (unsigned char)s->text[i];
    tr_diag *d;
    if (c == 0) {
        d = tr_diag_add(diags, "E102", s, (uint32_t)i, (uint32_t)i + 1, "NUL byte in the file");
        tr_diag_help(d, "a plan is text; this looks like a binary or damaged file");
    } else {
        d = tr_diag_add(diags, "E101", s, (uint32_t)i, (uint32_t)i + 1, "invalid UTF-8 byte 0x%02X", c);
        tr_diag_help(d, "save the file as UTF-8");
    }
}

/* Index of the first byte at or after i that is NUL or not ASCII (len when none): eight
 * bytes at a time, since plans are nearly all ASCII and this pass reads every byte. */
static size_t skip_ascii(const unsigned char *text, size_t i, size_t len) {
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, sizeof w);
        if ((w & highs) || ((w - ones) & ~w & highs)) break;   /* a high bit, or a zero byte */
    }
    while (i < len && text[i] != 0 && text[i] < 0x80) i++;
    return i;
}

bool tr_source_check_encoding(const tr_source *s, struct tr_diags *diags) {
    enum { MAX_REPORTED = 5 };
    const unsigned char *text = (const unsigned char *)s->text;
    unsigned reported = 0;
    size_t last = 0;   /* one report per line: a binary file is one mistake */
    for (size_t i = skip_ascii(text, 0, s->len); i < s->len && reported < MAX_REPORTED;
         i = skip_ascii(text, i, s->len)) {
        unsigned char c = text[i];
        size_t len = c == 0 ? 0 : tr_utf8_length(text + i, s->len - i);
        if (len) { i += len; continue; }
        if (reported == 0 || memchr(text + last, '\n', i - last)) {
            report_encoding(s, diags, i);
            reported++;
            last = i;
        }
        if (c == 0) break;   /* a binary file: one diagnostic says it all */
        i++;
    }
    return reported == 0;
}
