/* source_pos.c — tr_source_pos against a plain count from the line start, on short lines
 * and on long ones (where it reads the block table), with characters of 1 to 4 bytes
 * placed across block boundaries; and the UTF-8 helpers messages rely on. */
#include "source.h"

#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define EXPECT(cond, ...) do { if (!(cond)) { failures++; \
    printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

/* The position after text[i], from the position before it. */
static tr_pos step(tr_pos p, char c) {
    if (c == '\n') return (tr_pos){p.line + 1, 1};
    if (((unsigned char)c & 0xC0) != 0x80) p.column++;
    return p;
}

static void positions(void) {
    static const char *const pieces[] = {"a", "é", "€", "😀", " ", "\n", "xyz", "\t"};
    tr_buf b = {0};
    unsigned seed = 7;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned k = (seed >> 16) % 8;
        if (k == 5 && (seed >> 8) % 50 != 0) k = 0;   /* newlines rare: lines of a few KB */
        tr_buf_puts(&b, pieces[k]);
    }
    tr_buf_puts(&b, "\nshort\nlines\n");
    tr_source *s = tr_source_from_text("t.plan", b.data, b.len);
    EXPECT(s && s->blocks, "a source with long lines has a block table");
    tr_pos want = {1, 1};
    for (uint32_t off = 0; s && off <= b.len; want = off < b.len ? step(want, b.data[off]) : want, off++) {
        if (off < b.len && ((unsigned char)b.data[off] & 0xC0) == 0x80) continue;
        tr_pos got = tr_source_pos(s, off);
        if (want.line != got.line || want.column != got.column) {
            EXPECT(0, "offset %u: got %u:%u, want %u:%u", off, got.line, got.column, want.line, want.column);
            break;
        }
    }
    tr_source_free(s);
    tr_buf_free(&b);
    s = tr_source_from_text("s.plan", "ab\né€x\n", 9);
    EXPECT(s && !s->blocks, "short lines need no block table");
    tr_pos p = tr_source_pos(s, 8);
    EXPECT(p.line == 2 && p.column == 3, "short line: got %u:%u", p.line, p.column);
    tr_source_free(s);
}

static void utf8(void) {
    EXPECT(tr_utf8_cut("ééé", 6, 3) == 2, "cut before a character, not inside it");
    EXPECT(tr_utf8_cut("ééé", 6, 4) == 4, "cut at a boundary");
    EXPECT(tr_utf8_cut("abc", 3, 40) == 3, "short text whole");
    tr_buf b = {0};
    tr_utf8_sanitize(&b, "a\xC3" "b\xE9\0c", 6);
    EXPECT(b.len == 15 && memcmp(b.data, "a\\xC3b\\xE9\\x00c", 15) == 0, "sanitized: %s", b.data);
    tr_buf_free(&b);
    EXPECT(tr_utf8_valid("é€😀", 9) && !tr_utf8_valid("\xC3", 1) && !tr_utf8_valid("a\0", 2), "validity");
}

int main(void) {
    positions();
    utf8();
    if (failures) printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
