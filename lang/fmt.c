/* fmt.c — the canonical layout. The structure comes from the tree; the text of every token
 * comes from the source between node offsets, so `650k` stays `650k` and an escaped string
 * stays escaped; comments are put back by position. docs/format.md states the rules. */
#include "fmt.h"

#include <stdlib.h>
#include <string.h>

/* Brackets nest at most 256 deep (lang/lexer.h): deeper ones never parse. */
enum { INDENT = 2, MAX_BRACKETS = 260 };

/* What a token is, for the spaces around it. */
typedef enum tok_class {
    T_NONE,     /* before the first token of a value */
    T_NAME,     /* identifier, true, false */
    T_WORD,     /* reserved word: to per and or not if then else */
    T_NUM,      /* number or date: starts with a digit */
    T_STRING,
    T_OPEN, T_CLOSE, T_COMMA, T_DOT,
    T_OP        /* + - * / < > <= >= == != */
} tok_class;

typedef struct token {
    uint32_t begin, end;
    tok_class cls;
} token;

/* How a member of a block, or an item of the file, is laid out. */
typedef enum row_class {
    ROW_NONE,    /* lines of its own: import, let, a block written over several lines */
    ROW_ATTR,    /* `key  value`: an attribute, or a kind-only block on one line */
    ROW_HEADER,  /* `kind name "title" { ... }` on one line: its '{' aligns with its kin */
    ROW_LET      /* `let NAME = value` on one line: the '=' aligns */
} row_class;

typedef struct layout {
    uint32_t anchor;   /* anchor(): where its first line must reach before a comment */
    row_class cls;
    bool multi;        /* takes more than one line */
    uint32_t key;      /* width of what comes before the aligned column */
    uint32_t column;   /* where the value (or the '{') starts, from the indentation */
} layout;

/* The width of out[line, at) of one buffer, so that the column is found by measuring only
 * what was written since: a long line with many brackets stays linear. */
typedef struct column_memo {
    const tr_buf *buf;
    size_t line, at, width;
} column_memo;

typedef struct fmt {
    const char *text;
    tr_buf *out;
    size_t start;             /* length of out when we began: nothing before it is ours */
    tr_buf scratch;           /* where a one-line candidate is measured */
    tr_comment *comments;     /* a copy of the tree's list as an array, for binary search */
    size_t ncomments, next;   /* next: the first comment not yet written */
    uint32_t last;            /* source offset just past the last token or comment written */
    size_t line;              /* offset in out where the current line starts */
    bool commented;           /* the current line ends in a comment: nothing may follow */
    bool measuring;           /* writing to scratch: comments stay pending */
    column_memo memo;         /* for column() */
} fmt;

/* ---- characters and tokens --------------------------------------------------------- */

/* `inline`: these run for every byte of the file, and a call costs more than the test. */
static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
static inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static inline bool is_word_char(char c) { return is_alpha(c) || is_digit(c); }
static inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Columns taken by UTF-8 text: one per code point. Eight bytes at a time while they are
 * ASCII, the common case, one column each. */
static size_t width_of(const char *s, size_t n) {
    size_t w = 0, i = 0;
    for (uint64_t x; i + 8 <= n; i += 8) {
        memcpy(&x, s + i, 8);
        if (x & UINT64_C(0x8080808080808080)) break;
        w += 8;
    }
    for (; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* DIGITS = [0-9]+(_[0-9]+)* at s[i], as lexer.l reads it: its length, 0 if none. */
static size_t digits_at(const char *s, size_t i, size_t n) {
    size_t j = i;
    while (j < n && is_digit(s[j])) j++;
    if (j == i) return 0;
    while (j + 1 < n && s[j] == '_' && is_digit(s[j + 1]))
        for (j++; j < n && is_digit(s[j]); j++) {}
    return j - i;
}

/* The three rules of lexer.l that start with a digit; flex takes the longest match. */
static size_t number_length(const char *s, size_t i, size_t n) {
    size_t j = i + digits_at(s, i, n), d;
    if (j < n && s[j] == '.' && (d = digits_at(s, j + 1, n)) > 0) j += 1 + d;
    if (j < n && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < n && (s[k] == '+' || s[k] == '-')) k++;
        if ((d = digits_at(s, k, n)) > 0) j = k + d;
    }
    if (j < n && (s[j] == 'k' || s[j] == 'M')) j++;
    if (j < n && s[j] == '%') j++;
    size_t run = i + 1;   /* [0-9][0-9A-Za-z_.]* */
    while (run < n && (is_word_char(s[run]) || s[run] == '.')) run++;
    size_t date = i;      /* [0-9]{4}-[0-9]+(-[0-9]+)?[A-Za-z0-9_]* */
    while (date < n && date < i + 4 && is_digit(s[date])) date++;
    if (date == i + 4 && date + 1 < n && s[date] == '-' && is_digit(s[date + 1])) {
        for (date++; date < n && is_digit(s[date]); date++) {}
        if (date + 1 < n && s[date] == '-' && is_digit(s[date + 1]))
            for (date++; date < n && is_digit(s[date]); date++) {}
        while (date < n && is_word_char(s[date])) date++;
    } else {
        date = i;
    }
    size_t len = j - i;
    if (run - i > len) len = run - i;
    if (date - i > len) len = date - i;
    return len;
}

static bool is_reserved(const char *s, size_t n) {
    static const struct { const char *word; size_t len; } words[] = {
        {"to", 2}, {"or", 2}, {"if", 2}, {"per", 3}, {"and", 3}, {"not", 3}, {"then", 4}, {"else", 4},
    };
    if (n < 2 || n > 4) return false;   /* most names: no comparison at all */
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i].len == n && memcmp(words[i].word, s, n) == 0) return true;
    return false;
}

/* What scan passes over between tokens: blanks, line breaks, ';'. A table, since runs of
 * alignment spaces are much of a file. */
static const bool between_tokens[256] = {
    [' '] = true, ['\t'] = true, ['\r'] = true, ['\f'] = true, ['\v'] = true, ['\n'] = true, [';'] = true,
};

/* The next token of s[*p, to) after blanks, line breaks and comments (the comment cursor
 * writes those); false at `to`. The text parsed without errors, so tokens are whole. */
static bool scan(const char *s, uint32_t *p, uint32_t to, token *t) {
    uint32_t i = *p;
    for (;;) {
        while (i < to && between_tokens[(unsigned char)s[i]]) i++;
        if (i >= to || s[i] != '#') break;
        while (i < to && s[i] != '\n') i++;
    }
    *p = i;
    if (i >= to) return false;
    char c = s[i];
    size_t len = 1;
    tok_class cls = T_OP;
    if (is_alpha(c)) {
        while (i + len < to && is_word_char(s[i + len])) len++;
        cls = is_reserved(s + i, len) ? T_WORD : T_NAME;
    } else if (is_digit(c)) {
        len = number_length(s, i, to);
        cls = T_NUM;
    } else if (c == '"') {
        while (i + len < to && s[i + len] != '"') len += s[i + len] == '\\' ? 2 : 1;
        len++;
        cls = T_STRING;
    } else if (c == '(' || c == '[') {
        cls = T_OPEN;
    } else if (c == ')' || c == ']') {
        cls = T_CLOSE;
    } else if (c == ',') {
        cls = T_COMMA;
    } else if (c == '.') {
        cls = T_DOT;
    } else if ((c == '<' || c == '>' || c == '=' || c == '!') && i + 1 < to && s[i + 1] == '=') {
        len = 2;
    }
    if (i + len > to) len = to - i;
    *t = (token){i, i + (uint32_t)len, cls};
    return true;
}

/* Where the first token of s[from, to) begins, or `to`. */
static uint32_t first_token(const fmt *f, uint32_t from, uint32_t to) {
    token t;
    return scan(f->text, &from, to, &t) ? t.begin : to;
}

/* A space between two tokens of a value? `a + b`, `f(x, y)`, `[1, 2]`, `-x`, `a.b`. */
static bool spaced(const char *s, token a, token b, bool a_unary) {
    if (a_unary) return s[b.begin] == '-';   /* `- -x`, not `--x` */
    if (a.cls == T_OPEN || b.cls == T_COMMA || b.cls == T_CLOSE) return false;
    if (b.cls == T_DOT) return a.cls == T_NUM;   /* `12.x` would read as a bad number */
    if (a.cls == T_DOT) return false;
    if (b.cls == T_OPEN && s[b.begin] == '(' && a.cls == T_NAME) return false;   /* a call */
    return true;
}

/* Is a '-' after a token of this class a negation (no space after it)? */
static bool negation_follows(tok_class prev) {
    return prev == T_NONE || prev == T_OPEN || prev == T_COMMA || prev == T_OP || prev == T_WORD;
}

/* Does the source leave an empty line somewhere in [a, b)? (Blanks, ';' and comments may
 * lie there; a line holding a comment is not empty.) */
static bool blank_between(const char *s, uint32_t a, uint32_t b) {
    bool fresh = false;   /* at the start of a line with nothing on it yet */
    for (uint32_t i = a; i < b; i++) {
        char c = s[i];
        if (c == '\n') {
            if (fresh) return true;
            fresh = true;
        } else if (c == '#') {
            while (i + 1 < b && s[i + 1] != '\n') i++;
            fresh = false;
        } else if (!is_blank(c) && c != ';') {
            fresh = false;
        }
    }
    return false;
}

/* ---- output ------------------------------------------------------------------------ */

/* Columns taken so far by the current output line. */
static size_t column(fmt *f) {
    column_memo *m = &f->memo;
    if (m->buf != f->out || m->line != f->line || m->at > f->out->len) *m = (column_memo){f->out, f->line, f->line, 0};
    m->width += width_of(f->out->data + m->at, f->out->len - m->at);
    m->at = f->out->len;
    return m->width;
}

static void put(fmt *f, const char *s, size_t n) { tr_buf_putn(f->out, s, n); }

static void pad(fmt *f, size_t n) {
    static const char spaces[] = "                                ";
    for (size_t k; n > 0; n -= k) {
        k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        put(f, spaces, k);
    }
}

static bool line_empty(const fmt *f) { return f->out->len == f->line; }

static void newline(fmt *f) {
    tr_buf_putc(f->out, '\n');
    f->line = f->out->len;
    f->commented = false;
}

static void start_line(fmt *f, size_t column) {
    if (!line_empty(f)) newline(f);
    pad(f, column);
}

/* One empty line before the next, never two, never at the top. */
static void blank_line(fmt *f) {
    if (!line_empty(f)) newline(f);
    size_t len = f->out->len;
    if (len == f->start || (len - f->start >= 2 && f->out->data[len - 2] == '\n')) return;
    newline(f);
}

static void put_range(fmt *f, uint32_t begin, uint32_t end) { put(f, f->text + begin, end - begin); }

/* ---- comments ---------------------------------------------------------------------- */

/* Is there a comment starting in [a, b)? */
static bool comment_in(const fmt *f, uint32_t a, uint32_t b) {
    size_t lo = 0, hi = f->ncomments;   /* the first comment at or after a */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->comments[mid].begin < a) lo = mid + 1; else hi = mid;
    }
    return lo < f->ncomments && f->comments[lo].begin < b;
}

/* The comment's text, without the blanks (a '\r' of CRLF files) that end its line. */
static void put_comment(fmt *f, const tr_comment *c) {
    uint32_t end = c->end;
    while (end > c->begin && is_blank(f->text[end - 1])) end--;
    put_range(f, c->begin, end);
    f->last = c->end;
    f->commented = true;
}

/* Was the comment written at the end of the line whose last token we just wrote? */
static bool trails(const fmt *f, const tr_comment *c) {
    return !line_empty(f) && !f->commented && c->begin >= f->last &&
           !memchr(f->text + f->last, '\n', c->begin - f->last);
}

/* Before something that starts a line at source offset `begin`: a blank line where the
 * author left one (a run of them counts as one) or where the layout asks for one
 * (`need_blank`), but never just after a '{' or at the top (`at_start`). */
static void separate(fmt *f, uint32_t begin, bool *at_start, bool *need_blank) {
    bool blank = *need_blank || (begin > f->last && blank_between(f->text, f->last, begin));
    if (blank && !*at_start) blank_line(f);
    *at_start = false;
    *need_blank = false;
}

/* The comments still pending before `pos`, between members: one that ended the line of the
 * last token stays at its end; the others get lines of their own at `column`. A comment at
 * or after `limit`, where the member starts, lies inside its header: it belongs to that
 * member and moves above it, even when no line break comes between it and what was written
 * last (`}; role y # about y` / `{`). Empty lines are looked for only before `limit`: the
 * comments of a header go above it with no empty line, as the alignment groups assume. */
static void put_comments_before(fmt *f, uint32_t pos, uint32_t limit, size_t column, bool *at_start,
                                bool *need_blank) {
    if (f->measuring) return;
    while (f->next < f->ncomments && f->comments[f->next].begin < pos) {
        const tr_comment *c = &f->comments[f->next++];
        if (c->begin < limit && trails(f, c)) {
            put(f, "  ", 2);
        } else {
            separate(f, c->begin < limit ? c->begin : limit, at_start, need_blank);
            start_line(f, column);
        }
        put_comment(f, c);
    }
}

/* The same inside a value that spans lines: no blank lines there. */
static void put_value_comments(fmt *f, uint32_t pos, size_t column) {
    bool at_start = true, no_blank = false;
    put_comments_before(f, pos, pos, column, &at_start, &no_blank);
}

/* ---- values ------------------------------------------------------------------------ */

/* Where the lines inside one open bracket start, and the line of its closer. */
typedef struct bracket { size_t inner, outer; } bracket;

/* Leading spaces of the current output line. */
static size_t line_indent(const fmt *f) {
    size_t i = f->line;
    while (i < f->out->len && f->out->data[i] == ' ') i++;
    return i - f->line;
}

/* The tokens of [from, to) — an attribute's values or a let's expression — spaced
 * canonically on the current line. A line break the author made (the language allows one
 * only after an operator or a comma, or inside brackets) is kept. The next line starts at
 * the value's column; inside brackets, just after the bracket when something follows it
 * on its line, else two columns in from the bracket's line (a hanging indent). */
static void put_tokens(fmt *f, uint32_t from, uint32_t to) {
    size_t start = column(f);
    bracket open[MAX_BRACKETS];
    int depth = 0;
    token prev = {0, 0, T_NONE}, t, after;
    bool prev_negation = false;
    for (uint32_t p = from; scan(f->text, &p, to, &t); p = t.end) {
        size_t at = start;
        if (depth > 0 && depth <= MAX_BRACKETS)
            at = t.cls == T_CLOSE ? open[depth - 1].outer : open[depth - 1].inner;
        if (prev.cls != T_NONE) {
            put_value_comments(f, t.begin, at);
            if (f->commented || memchr(f->text + prev.end, '\n', t.begin - prev.end)) {
                newline(f);
                pad(f, at);
            } else if (spaced(f->text, prev, t, prev_negation)) {
                put(f, " ", 1);
            }
        }
        if (t.cls == T_OPEN && depth < MAX_BRACKETS) {
            uint32_t q = t.end;
            bool hanging = !scan(f->text, &q, to, &after) || memchr(f->text + t.end, '\n', after.begin - t.end) ||
                           comment_in(f, t.end, after.begin);
            size_t c = column(f), ind = line_indent(f);
            open[depth] = hanging ? (bracket){ind + INDENT, ind} : (bracket){c + 1, c};
        }
        put_range(f, t.begin, t.end);
        prev_negation = t.end == t.begin + 1 && f->text[t.begin] == '-' && negation_follows(prev.cls);
        depth += (t.cls == T_OPEN) - (t.cls == T_CLOSE);
        prev = t;
        f->last = t.end;
    }
}

/* Does [from, to) take more than one line once written? A comment inside a value is
 * followed by more of it, on a later line, so line breaks tell it all. */
static bool spans_lines(const fmt *f, uint32_t from, uint32_t to) {
    return from < to && memchr(f->text + from, '\n', to - from);
}

/* ---- attributes, blocks, items ----------------------------------------------------- */

static uint32_t path_end(const tr_node *path) {
    while (path->next) path = path->next;
    return path->end;
}

static uint32_t path_width(const tr_node *path) {
    uint32_t w = 0;
    for (const tr_node *p = path; p; p = p->next) w += p->u.str.len + (p != path);
    return w;
}

static void put_path(fmt *f, const tr_node *path) {
    for (const tr_node *p = path; p; p = p->next) {
        if (p != path) put(f, ".", 1);
        put_range(f, p->begin, p->end);
    }
}

static uint32_t value_start(const fmt *f, const tr_node *attr) {
    return first_token(f, path_end(attr->u.attr.path), attr->end);
}

static bool plain_block(const tr_node *b) { return !tr_block_name(b) && !b->u.block.title; }

static uint32_t header_end(const tr_node *b) {
    if (b->u.block.title) return b->u.block.title->end;
    return tr_block_name(b) ? tr_block_name(b)->end : b->u.block.kind->end;
}

/* kind [name] ["title"], single-spaced, the title as written. */
static void put_header(fmt *f, const tr_node *b) {
    put_range(f, b->u.block.kind->begin, b->u.block.kind->end);
    const tr_node *parts[2] = {tr_block_name(b), b->u.block.title};
    for (int i = 0; i < 2; i++) {
        if (!parts[i]) continue;
        put(f, " ", 1);
        put_range(f, parts[i]->begin, parts[i]->end);
    }
}

static uint32_t header_width(const fmt *f, const tr_node *b) {
    uint32_t w = (uint32_t)width_of(f->text + b->u.block.kind->begin, b->u.block.kind->end - b->u.block.kind->begin);
    const tr_node *parts[2] = {tr_block_name(b), b->u.block.title};
    for (int i = 0; i < 2; i++)
        if (parts[i]) w += 1 + (uint32_t)width_of(f->text + parts[i]->begin, parts[i]->end - parts[i]->begin);
    return w;
}

/* The block's '{': after its header, maybe on a later line, maybe after comments. */
static uint32_t open_brace(const fmt *f, const tr_node *b) {
    uint32_t i = header_end(b);
    while (i < b->end && f->text[i] != '{') {
        if (f->text[i] == '#') while (i < b->end && f->text[i] != '\n') i++;
        else i++;
    }
    return i;
}

/* Just past the '=' of `let NAME = value`. */
static uint32_t let_value_from(const fmt *f, const tr_node *let) {
    uint32_t i = let->u.let.name->end;
    while (i < let->end && f->text[i] != '=') {
        if (f->text[i] == '#') while (i < let->end && f->text[i] != '\n') i++;
        else i++;
    }
    return i + 1;
}

/* Where a member's first line must reach before any comment may end it: comments found
 * earlier inside the member (in a header that spans lines) are written above it. */
static uint32_t anchor(const fmt *f, const tr_node *m) {
    switch ((tr_node_kind)m->kind) {
    case TR_N_ATTR: return value_start(f, m);
    case TR_N_LET: return first_token(f, let_value_from(f, m), m->end);
    case TR_N_IMPORT: return first_token(f, m->begin + 6, m->end);   /* past "import" */
    case TR_N_BLOCK: return open_brace(f, m);
    default: return m->begin;
    }
}

/* `{ a 1; b 2 }`, `{}`: the body of a block that fits on one line. */
static void put_oneline_body(fmt *f, const tr_node *b) {
    put(f, "{", 1);
    for (const tr_node *m = b->u.block.members; m; m = m->next) {
        put(f, m == b->u.block.members ? " " : "; ", m == b->u.block.members ? 1 : 2);
        put_path(f, m->u.attr.path);
        put(f, " ", 1);
        put_tokens(f, path_end(m->u.attr.path), m->end);
    }
    put(f, b->u.block.members ? " }" : "}", b->u.block.members ? 2 : 1);
    f->last = b->end;
}

/* Columns of `header { body }` written on one line, measured by writing it aside. */
static size_t oneline_width(fmt *f, const tr_node *b) {
    tr_buf *out = f->out;
    size_t line = f->line;
    uint32_t last = f->last;
    bool commented = f->commented;
    column_memo memo = f->memo;
    f->commented = false;   /* a comment ending the line written last is no part of it */
    f->scratch.len = 0;
    f->out = &f->scratch;
    f->line = 0;
    f->measuring = true;
    put_header(f, b);
    put(f, " ", 1);
    put_oneline_body(f, b);
    size_t w = column(f);
    f->out = out;
    f->memo = memo;
    f->line = line;
    f->last = last;
    f->commented = commented;
    f->measuring = false;
    return w;
}

/* One or two attributes, no comment inside, no empty line between them (the author's
 * empty lines are kept), no value over several lines, and it fits. */
static bool block_oneline(fmt *f, const tr_node *b, size_t indent) {
    unsigned n = 0;
    for (const tr_node *m = b->u.block.members; m; m = m->next) {
        if (m->kind != TR_N_ATTR || ++n > 2) return false;
        if (spans_lines(f, value_start(f, m), m->end)) return false;
        if (m->next && blank_between(f->text, m->end, m->next->begin)) return false;
    }
    if (comment_in(f, open_brace(f, b), b->end)) return false;   /* one before '{' goes above */
    return indent * INDENT + oneline_width(f, b) <= TR_FMT_WIDTH;
}

static void plan_member(fmt *f, const tr_node *m, size_t indent, layout *l) {
    *l = (layout){.anchor = anchor(f, m)};
    switch ((tr_node_kind)m->kind) {
    case TR_N_ATTR:
        l->cls = ROW_ATTR;
        l->key = path_width(m->u.attr.path);
        l->multi = spans_lines(f, l->anchor, m->end);
        break;
    case TR_N_BLOCK:
        l->multi = !block_oneline(f, m, indent);
        if (l->multi) break;
        l->cls = plain_block(m) ? ROW_ATTR : ROW_HEADER;
        l->key = plain_block(m) ? m->u.block.kind->u.str.len : header_width(f, m);
        break;
    case TR_N_LET:
        l->multi = spans_lines(f, first_token(f, let_value_from(f, m), m->end), m->end);
        l->cls = l->multi ? ROW_NONE : ROW_LET;
        l->key = m->u.let.name->u.str.len;
        break;
    default:
        break;
    }
}

/* Rows align when they follow each other with no empty line between: attributes (and
 * kind-only one-line blocks) by their values, one-line blocks of one kind by their '{',
 * one-line lets by their '='. */
static bool same_group(const fmt *f, const tr_node *a, const layout *la, const tr_node *b, const layout *lb) {
    if (la->cls == ROW_NONE || la->cls != lb->cls) return false;
    if (la->cls == ROW_HEADER) {
        const tr_node *ka = a->u.block.kind, *kb = b->u.block.kind;
        if (ka->u.str.len != kb->u.str.len || memcmp(ka->u.str.s, kb->u.str.s, ka->u.str.len) != 0) return false;
    }
    return !blank_between(f->text, a->end, b->begin);
}

/* The layouts of one alignment group. A group is planned just before it is written, not
 * the whole list first: the tree of what is written is then still in the cache, which on
 * a large file is much of the time. */
typedef struct group {
    layout *v;
    size_t n, cap;   /* v[n], when `ahead`, is the plan of the member after the group */
    bool ahead;
} group;

static layout *group_slot(group *g, size_t i) {
    if (i >= g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        g->v = realloc(g->v, g->cap * sizeof *g->v);
        if (!g->v) abort();   /* out of memory: the library has no other way to say it */
    }
    return &g->v[i];
}

/* Plan the group that starts at m: the members after it that align with it, and their
 * column — two spaces after the longest key of a group of attributes; one after a lone
 * key, and one after the longest header of one-line blocks (as LANGUAGE.md's example
 * writes them). The member that ends the group was planned too: it opens the next. */
static void plan_group(fmt *f, const tr_node *m, size_t indent, group *g) {
    layout *first = group_slot(g, 0);
    if (g->ahead) *first = g->v[g->n];
    else plan_member(f, m, indent, first);
    g->ahead = false;
    size_t n = 1;
    uint32_t widest = g->v[0].key;
    for (const tr_node *e = m; e->next; e = e->next, n++) {
        layout *next = group_slot(g, n);
        plan_member(f, e->next, indent, next);
        if (!same_group(f, e, &g->v[n - 1], e->next, next)) {
            g->ahead = true;
            break;
        }
        if (next->key > widest) widest = next->key;
    }
    g->n = n;
    uint32_t gap = g->v[0].cls == ROW_ATTR && n > 1 ? 2 : 1;
    for (size_t k = 0; k < n; k++) g->v[k].column = widest + gap;
}

static void put_list(fmt *f, const tr_node *list, size_t indent, bool top, uint32_t end);

static void put_block(fmt *f, const tr_node *b, size_t indent) {
    put_header(f, b);
    put(f, " {", 2);
    f->last = open_brace(f, b) + 1;
    put_list(f, b->u.block.members, indent + 1, false, b->end - 1);
    start_line(f, indent * INDENT);
    put(f, "}", 1);
    f->last = b->end;
}

static void put_member(fmt *f, const tr_node *m, size_t indent, const layout *l) {
    start_line(f, indent * INDENT);
    if (m->kind == TR_N_ATTR) {
        put_path(f, m->u.attr.path);
        pad(f, l->column - l->key);
        put_tokens(f, path_end(m->u.attr.path), m->end);
    } else if (m->kind == TR_N_BLOCK && l->cls != ROW_NONE) {
        if (l->cls == ROW_ATTR) put_range(f, m->u.block.kind->begin, m->u.block.kind->end);
        else put_header(f, m);
        pad(f, l->column - l->key);
        put_oneline_body(f, m);
    } else if (m->kind == TR_N_BLOCK) {
        put_block(f, m, indent);
    } else if (m->kind == TR_N_LET) {
        put(f, "let ", 4);
        put_range(f, m->u.let.name->begin, m->u.let.name->end);
        pad(f, l->cls == ROW_LET ? l->column - l->key : 1);
        put(f, "= ", 2);
        put_tokens(f, let_value_from(f, m), m->end);
    } else if (m->kind == TR_N_IMPORT) {
        uint32_t s = l->anchor;
        put(f, "import ", 7);
        put_range(f, s, m->end);
        f->last = m->end;
    }
}

/* The members of a block (or the items of the file) and the comments among them, up to
 * `end`. At the top, a block over several lines gets an empty line on each side. */
static void put_list(fmt *f, const tr_node *list, size_t indent, bool top, uint32_t end) {
    group g = {0};
    bool at_start = true, prev_multi = false;
    for (const tr_node *m = list; m;) {
        plan_group(f, m, indent, &g);
        for (size_t k = 0; k < g.n; k++, m = m->next) {
            const layout *l = &g.v[k];
            bool need_blank = top && m != list && (prev_multi || l->multi);
            put_comments_before(f, l->anchor, m->begin, indent * INDENT, &at_start, &need_blank);
            separate(f, m->begin, &at_start, &need_blank);
            put_member(f, m, indent, l);
            prev_multi = l->multi;
        }
    }
    bool no_blank = false;
    put_comments_before(f, end, end, indent * INDENT, &at_start, &no_blank);
    free(g.v);
}

/* The UTF-8 byte-order mark: a file that opens with it keeps it, byte for byte, ahead of
 * everything (the lexer passes over it; no token or comment holds it). */
static const char BOM[] = "\xEF\xBB\xBF";

bool tr_fmt_render(const tr_ast *ast, tr_buf *out) {
    if (ast->errors) return false;
    fmt f = {0};
    f.text = ast->src->text;
    f.out = out;
    if (ast->src->len >= sizeof BOM - 1 && memcmp(f.text, BOM, sizeof BOM - 1) == 0) put(&f, BOM, sizeof BOM - 1);
    f.start = f.line = out->len;
    for (const tr_comment *c = ast->comments; c; c = c->next) f.ncomments++;
    f.comments = malloc((f.ncomments ? f.ncomments : 1) * sizeof *f.comments);
    if (!f.comments) abort();
    size_t i = 0;
    for (const tr_comment *c = ast->comments; c; c = c->next) f.comments[i++] = *c;
    put_list(&f, ast->items, 0, true, (uint32_t)ast->src->len);
    if (!line_empty(&f)) newline(&f);
    free(f.comments);
    tr_buf_free(&f.scratch);
    return true;
}
