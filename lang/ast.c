/* ast.c — node allocation and the canonical dump the golden tests compare. */
#include "ast.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

tr_ast *tr_ast_new(const tr_source *src) {
    tr_ast *ast = calloc(1, sizeof *ast);
    if (!ast) return NULL;
    ast->src = src;
    ast->arena = tr_arena_new();
    if (!ast->arena) { free(ast); return NULL; }
    return ast;
}

void tr_ast_free(tr_ast *ast) {
    if (!ast) return;
    tr_arena_free(ast->arena);
    free(ast->item_at);
    free(ast);
}

void tr_ast_add_item(tr_ast *ast, const tr_node *item) {
    if (ast->nitems == ast->item_cap) {
        ast->item_cap = ast->item_cap ? ast->item_cap * 2 : 64;
        ast->item_at = realloc(ast->item_at, ast->item_cap * sizeof *ast->item_at);
        if (!ast->item_at) abort();
    }
    ast->item_at[ast->nitems++] = item;
}

/* The bytes a node of each kind uses: the head and the member of the union its kind reads.
 * Most nodes are names and numbers, which need much less than a block or an `if`. */
#define UPTO(member) (offsetof(tr_node, member) + sizeof(((tr_node *)0)->member))
static const uint8_t node_size[] = {
    [TR_N_IMPORT] = UPTO(u.str),    [TR_N_LET] = UPTO(u.let),         [TR_N_BLOCK] = UPTO(u.block),
    [TR_N_ATTR] = UPTO(u.attr),     [TR_N_NUMBER] = UPTO(u.num),      [TR_N_STRING] = UPTO(u.str),
    [TR_N_DATE] = UPTO(u.date),     [TR_N_BOOL] = UPTO(u.num),        [TR_N_NAME] = UPTO(u.str),
    [TR_N_UNIT] = UPTO(u.unit),     [TR_N_PER] = UPTO(u.unit),        [TR_N_MEMBER] = UPTO(u.bin.b),
    [TR_N_CALL] = UPTO(u.bin.b),    [TR_N_UNARY] = UPTO(u.bin.a),     [TR_N_BINARY] = UPTO(u.bin.b),
    [TR_N_RANGE] = UPTO(u.bin.b),   [TR_N_BOUND] = UPTO(u.bin.a),     [TR_N_LIST] = UPTO(u.bin.a),
    [TR_N_IF] = UPTO(u.bin.c),      [TR_N_ERROR] = offsetof(tr_node, u),
};
/* The REPL turns a MEMBER it has read into a NAME in place (runtime/whatif.c). */
_Static_assert(UPTO(u.bin.b) >= UPTO(u.str), "a MEMBER node has room for a NAME");
enum { SPARE_SIZE = UPTO(u.str) };

tr_node *tr_node_new(tr_ast *ast, tr_node_kind kind, uint32_t begin, uint32_t end) {
    size_t size = node_size[kind];
    tr_node *n;
    if (ast->spare && size <= SPARE_SIZE) {
        n = ast->spare;
        ast->spare = n->next;
        memset(n, 0, size);
    } else {
        n = tr_arena_alloc(ast->arena, size);
        if (!n) abort();   /* the arena only fails when the machine is out of memory */
    }
    n->kind = (uint8_t)kind;
    n->begin = begin;
    n->end = end;
    n->depth = 1;
    return n;
}

void tr_node_recycle(tr_ast *ast, tr_node *n) {
    if (n->kind != TR_N_NAME && n->kind != TR_N_STRING) return;   /* only those are SPARE_SIZE */
    n->next = ast->spare;
    ast->spare = n;
}

tr_node *tr_node_append(tr_node *head, tr_node *tail) {
    if (!head) return tail;
    tr_node *n = head;
    while (n->next) n = n->next;
    n->next = tail;
    return head;
}

bool tr_node_is(const tr_node *n, const char *s) {
    if (!n || (n->kind != TR_N_NAME && n->kind != TR_N_STRING && n->kind != TR_N_IMPORT)) return false;
    size_t len = strlen(s);
    return n->u.str.len == len && memcmp(n->u.str.s, s, len) == 0;
}

const char *tr_node_word(const tr_node *n, char buf[TR_WORD_MAX]) {
    size_t l = n->u.str.len < TR_WORD_MAX - 1 ? n->u.str.len : TR_WORD_MAX - 1;
    memcpy(buf, n->u.str.s, l);
    buf[l] = '\0';
    return buf;
}

unsigned tr_node_count(const tr_node *list) {
    unsigned n = 0;
    for (; list; list = list->next) n++;
    return n;
}

const char *tr_op_name(int op) {
    switch (op) {
    case '+': return "+";
    case '-': return "-";
    case '*': return "*";
    case '/': return "/";
    case '<': return "<";
    case '>': return ">";
    case TR_OP_LE: return "<=";
    case TR_OP_GE: return ">=";
    case TR_OP_EQ: return "==";
    case TR_OP_NE: return "!=";
    case TR_OP_AND: return "and";
    case TR_OP_OR: return "or";
    case TR_OP_NOT: return "not";
    default: return "?";
    }
}

static const char *const node_kind_names[] = {
    [TR_N_IMPORT] = "import", [TR_N_LET] = "let",       [TR_N_BLOCK] = "block",
    [TR_N_ATTR] = "attr",     [TR_N_NUMBER] = "number", [TR_N_STRING] = "string",
    [TR_N_DATE] = "date",     [TR_N_BOOL] = "bool",     [TR_N_NAME] = "name",
    [TR_N_UNIT] = "unit",     [TR_N_PER] = "per",       [TR_N_MEMBER] = "member",
    [TR_N_CALL] = "call",     [TR_N_UNARY] = "unary",   [TR_N_BINARY] = "binary",
    [TR_N_RANGE] = "range",   [TR_N_BOUND] = "bound",   [TR_N_LIST] = "list",
    [TR_N_IF] = "if",         [TR_N_ERROR] = "error",
};

typedef struct dumper {
    const tr_ast *ast;
    tr_buf *out;
    bool positions;
} dumper;

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double: plain numbers
 * print plainly, and a value off by one rounding (0.07% read as 7.000000000000001e-4)
 * shows it. */
static void dump_number(tr_buf *out, double v) {
    char text[40];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, sizeof text, "%.*g", digits, v);
        if (strtod(text, NULL) == v) break;
    }
    tr_buf_printf(out, " %s", text);
}

static void dump_string(tr_buf *out, const char *s, uint32_t len) {
    tr_buf_putc(out, '"');
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') tr_buf_printf(out, "\\%c", c);
        else if (c == '\n') tr_buf_puts(out, "\\n");
        else if (c == '\t') tr_buf_puts(out, "\\t");
        else if (c < 0x20 || c == 0x7f) tr_buf_printf(out, "\\u{%X}", c);
        else tr_buf_putc(out, (char)c);
    }
    tr_buf_putc(out, '"');
}

static void dump_node(const dumper *d, const tr_node *n, int indent);

static void dump_list(const dumper *d, const tr_node *n, int indent) {
    for (; n; n = n->next) dump_node(d, n, indent);
}

/* The path of an attribute, written as in the source: a.b.c */
static void dump_path(tr_buf *out, const tr_node *path) {
    for (const tr_node *p = path; p; p = p->next)
        tr_buf_printf(out, "%s%.*s", p == path ? "" : ".", (int)p->u.str.len, p->u.str.s);
}

static void dump_head(const dumper *d, const tr_node *n) {
    tr_buf *out = d->out;
    tr_buf_puts(out, node_kind_names[n->kind]);
    switch ((tr_node_kind)n->kind) {
    case TR_N_IMPORT: case TR_N_STRING:
        tr_buf_putc(out, ' ');
        dump_string(out, n->u.str.s, n->u.str.len);
        break;
    case TR_N_NAME:
        tr_buf_printf(out, " %.*s", (int)n->u.str.len, n->u.str.s);
        break;
    case TR_N_LET:
        tr_buf_printf(out, " %.*s", (int)n->u.let.name->u.str.len, n->u.let.name->u.str.s);
        break;
    case TR_N_BLOCK:
        tr_buf_printf(out, " %.*s", (int)n->u.block.kind->u.str.len, n->u.block.kind->u.str.s);
        if (tr_block_name(n))
            tr_buf_printf(out, " %.*s", (int)tr_block_name(n)->u.str.len, tr_block_name(n)->u.str.s);
        if (n->u.block.title) {
            tr_buf_putc(out, ' ');
            dump_string(out, n->u.block.title->u.str.s, n->u.block.title->u.str.len);
        }
        break;
    case TR_N_ATTR:
        tr_buf_putc(out, ' ');
        dump_path(out, n->u.attr.path);
        if (n->op == TR_ATTR_KEYED) tr_buf_puts(out, " (keyed)");
        break;
    case TR_N_NUMBER:
        dump_number(out, n->u.num.value);
        break;
    case TR_N_BOOL:
        tr_buf_puts(out, n->u.num.value != 0 ? " true" : " false");
        break;
    case TR_N_DATE:
        if (n->u.date.d) tr_buf_printf(out, " %04d-%02d-%02d", n->u.date.y, n->u.date.m, n->u.date.d);
        else tr_buf_printf(out, " %04d-%02d", n->u.date.y, n->u.date.m);
        break;
    case TR_N_UNIT: case TR_N_PER:
        tr_buf_printf(out, " %.*s", (int)n->u.unit.len, n->u.unit.s);
        break;
    case TR_N_MEMBER:
        tr_buf_printf(out, " .%.*s", (int)n->u.bin.b->u.str.len, n->u.bin.b->u.str.s);
        break;
    case TR_N_CALL:
        tr_buf_printf(out, " %.*s", (int)n->u.bin.a->u.str.len, n->u.bin.a->u.str.s);
        break;
    case TR_N_UNARY: case TR_N_BINARY: case TR_N_BOUND:
        tr_buf_printf(out, " %s", tr_op_name(n->op));
        break;
    case TR_N_RANGE: case TR_N_LIST: case TR_N_IF: case TR_N_ERROR:
        break;
    }
    if (d->positions) {
        tr_pos b = tr_source_pos(d->ast->src, n->begin), e = tr_source_pos(d->ast->src, n->end);
        tr_buf_printf(out, " @%u:%u-%u:%u", b.line, b.column, e.line, e.column);
    }
    tr_buf_putc(out, '\n');
}

static void dump_node(const dumper *d, const tr_node *n, int indent) {
    tr_buf_printf(d->out, "%*s", indent * 2, "");
    dump_head(d, n);
    indent++;
    switch ((tr_node_kind)n->kind) {
    case TR_N_LET: dump_node(d, n->u.let.value, indent); break;
    case TR_N_BLOCK: dump_list(d, n->u.block.members, indent); break;
    case TR_N_ATTR: dump_list(d, n->u.attr.values, indent); break;
    case TR_N_UNIT: case TR_N_PER: dump_node(d, n->u.unit.operand, indent); break;
    case TR_N_MEMBER: case TR_N_UNARY: case TR_N_BOUND: dump_node(d, n->u.bin.a, indent); break;
    case TR_N_CALL: case TR_N_LIST:
        dump_list(d, n->kind == TR_N_CALL ? n->u.bin.b : n->u.bin.a, indent);
        break;
    case TR_N_BINARY: case TR_N_RANGE:
        dump_node(d, n->u.bin.a, indent);
        dump_node(d, n->u.bin.b, indent);
        break;
    case TR_N_IF:
        dump_node(d, n->u.bin.a, indent);
        dump_node(d, n->u.bin.b, indent);
        dump_node(d, n->u.bin.c, indent);
        break;
    default: break;
    }
}

void tr_ast_dump(const tr_ast *ast, tr_buf *out, bool positions) {
    dumper d = {ast, out, positions};
    tr_buf_puts(out, "file\n");
    dump_list(&d, ast->items, 1);
}
