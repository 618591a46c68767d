/* ast.h — the syntax tree of one plan file.
 * Ownership: every node and string belongs to the tr_ast's arena and dies with
 * tr_ast_free; the tree points into, but does not own, its tr_source. */
#ifndef TR_AST_H
#define TR_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "source.h"

typedef enum tr_node_kind {
    TR_N_IMPORT,   /* str: the path as decoded */
    TR_N_LET,      /* let.name = let.value */
    TR_N_BLOCK,    /* kind [name] ["title"] { members } */
    TR_N_ATTR,     /* path values, ... */
    TR_N_NUMBER,   /* num.value; percent and magnitude are folded in */
    TR_N_STRING,   /* str: decoded bytes */
    TR_N_DATE,     /* date: y, m, d (d is 0 when only the month was written) */
    TR_N_BOOL,     /* num.value 0 or 1 */
    TR_N_NAME,     /* str: an identifier */
    TR_N_UNIT,     /* unit.operand followed by the unit word unit.word (a NAME) */
    TR_N_PER,      /* unit.operand per unit.word */
    TR_N_MEMBER,   /* bin.a . bin.b (a NAME) */
    TR_N_CALL,     /* bin.a (a NAME) ( bin.b, ... ) */
    TR_N_UNARY,    /* op bin.a: '-' or TR_OP_NOT */
    TR_N_BINARY,   /* bin.a op bin.b */
    TR_N_RANGE,    /* bin.a to bin.b */
    TR_N_BOUND,    /* op bin.a, as in `target >= 88%` */
    TR_N_LIST,     /* [ bin.a, ... ] */
    TR_N_IF,       /* if bin.a then bin.b else bin.c */
    TR_N_ERROR     /* what the parser could not read; already diagnosed */
} tr_node_kind;

/* An ATTR whose op is TR_ATTR_KEYED was written `path WORD quantity`, without a comma. */
enum { TR_ATTR_KEYED = 1 };

/* Operators beyond single characters ('+', '-', '*', '/', '<', '>'). */
enum { TR_OP_LE = 256, TR_OP_GE, TR_OP_EQ, TR_OP_NE, TR_OP_AND, TR_OP_OR, TR_OP_NOT };

typedef struct tr_node tr_node;
/* At most 48 bytes, and each node only as long as its kind's member of the union (a name
 * 40 bytes, a number 32: lang/ast.c): a 50 MB plan becomes a few million of these, and
 * peak memory is a target. So a node is never copied whole, nor read past its kind's part. */
struct tr_node {
    uint8_t kind;       /* tr_node_kind */
    uint8_t pad;
    uint16_t op;        /* operator of UNARY, BINARY, BOUND */
    uint32_t depth;     /* height of an expression tree, to refuse pathological nesting */
    uint32_t begin, end;    /* byte range [begin, end) in the source */
    tr_node *next;      /* next sibling: items, members, path parts, values, arguments */
    union {
        struct { double value; } num;
        /* NAME: points into the source text; STRING, IMPORT: into the source when the
         * string has no escapes, else into the arena. Not NUL-terminated. */
        struct { const char *s; uint32_t len; } str;
        struct { int16_t y; uint8_t m, d; } date;
        struct { tr_node *a, *b, *c; } bin;
        /* the unit word is the last `len` bytes of the node's range: s points at them */
        struct { tr_node *operand; const char *s; uint32_t len; } unit;
        struct { tr_node *name, *value; } let;
        /* kind is a NAME; the block's own name, when written, is the NAME kind->next */
        struct { tr_node *kind, *title, *members; } block;
        struct { tr_node *path, *values; } attr;
    } u;
};

static inline tr_node *tr_block_name(const tr_node *block) { return block->u.block.kind->next; }
/* Does the NAME or STRING node hold exactly the text `s`? */
bool tr_node_is(const tr_node *n, const char *s);
/* The NAME or STRING node's text as a C string in buf, cut to TR_WORD_MAX - 1 bytes: for
 * messages and "did you mean" (tr_suggest), which take NUL-terminated words. */
enum { TR_WORD_MAX = 64 };
const char *tr_node_word(const tr_node *n, char buf[TR_WORD_MAX]);

typedef struct tr_comment {
    uint32_t begin, end;    /* from '#' to the end of the line, newline excluded */
    struct tr_comment *next;
} tr_comment;

typedef struct tr_ast {
    const tr_source *src;
    tr_arena *arena;
    tr_node *items;         /* top-level items in source order */
    /* the same items as an array: a large file's items are far apart, and a pass that
     * follows `next` waits on memory at each one */
    const tr_node **item_at;
    uint32_t nitems, item_cap;
    tr_node *expr;          /* the value, when parsed with tr_parse_expr */
    tr_comment *comments;   /* every comment, in source order */
    tr_node *spare;         /* nodes the parser consumed (unit words), for new ones to reuse */
    unsigned errors;        /* syntax and encoding errors found while parsing */
    unsigned imports;       /* IMPORT items: who looks for them can stop after the last */
    bool incomplete;        /* input ended inside a block, bracket or continued line */
} tr_ast;

tr_ast *tr_ast_new(const tr_source *src);
void tr_ast_free(tr_ast *ast);

/* A zeroed node of `kind`, as long as that kind's part of the union. */
tr_node *tr_node_new(tr_ast *ast, tr_node_kind kind, uint32_t begin, uint32_t end);
/* Give back a NAME or STRING node that the tree does not keep (the parser copied what it
 * needed: a unit word, an import's path); the next small node made reuses its memory. */
void tr_node_recycle(tr_ast *ast, tr_node *n);
/* Record the next top-level item in item_at (the parser, as it appends it to `items`). */
void tr_ast_add_item(tr_ast *ast, const tr_node *item);
/* Append `tail` to the sibling list that starts at `head`; returns the head. */
tr_node *tr_node_append(tr_node *head, tr_node *tail);
unsigned tr_node_count(const tr_node *list);

/* Canonical dump for tests: one node per line, indented, with line:col ranges unless
 * `positions` is false (the formatter's tests compare trees positions aside). */
void tr_ast_dump(const tr_ast *ast, tr_buf *out, bool positions);
/* The operator as written in plans: "+", "<=", "and"... */
const char *tr_op_name(int op);

#endif
