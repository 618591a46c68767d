/* lexer.h — the scanner's state, shared by lexer.l and parser.y only (not installed for
 * other modules: they call tr_parse in parse.h).
 * Ownership: the lexer borrows the AST (where it allocates tokens' nodes), the diagnostics
 * and the source from tr_parse, which owns them. */
#ifndef TR_LEXER_H
#define TR_LEXER_H

#include "ast.h"
#include "diag.h"
#include "parser.h"

enum {
    TR_MAX_BLOCK_DEPTH = 64,    /* braces */
    TR_MAX_BRACKET_DEPTH = 256, /* ( and [ */
    TR_MAX_EXPR_DEPTH = 1000,   /* operators in one expression */
    TR_LEX_PENDING = 4
};

typedef struct tr_lexer {
    tr_ast *ast;
    tr_diags *diags;
    const tr_source *src;
    void *scanner;          /* the flex scanner (yyscan_t) */
    void *buffer;           /* its buffer over the source text (YY_BUFFER_STATE) */
    uint32_t offset;        /* where the raw scanner is */

    int start_token;        /* handed out first: what the input is (START_FILE, START_EXPR) */
    int last;               /* last token handed to the parser; 0 at the start */
    uint32_t last_end;      /* where it ended */
    int prev;               /* the token before it, for error messages */
    uint32_t last_begin;
    uint32_t cont_begin, cont_end;  /* the token a line of this statement ended with, +1 */
    int pending[TR_LEX_PENDING];      /* tokens queued for the parser, oldest first */
    TR_YYSTYPE pending_val[TR_LEX_PENDING];
    TR_YYLTYPE pending_loc[TR_LEX_PENDING];
    int npending;
    bool has_replay;        /* one raw token read ahead, to be scanned again */
    int replay;
    TR_YYSTYPE replay_val;
    TR_YYLTYPE replay_loc;

    uint32_t braces[TR_MAX_BLOCK_DEPTH];    /* offsets of the open '{' */
    uint32_t brace_hint[TR_MAX_BLOCK_DEPTH];/* first column-1 line start inside each, +1 */
    int nbraces;
    uint32_t brackets[TR_MAX_BRACKET_DEPTH];
    char bracket_char[TR_MAX_BRACKET_DEPTH];
    int nbrackets;
    uint32_t mismatch_at;   /* a ')' or ']' that closes the other kind of bracket, +1 */
    uint32_t mismatch_open_at;
    char mismatch_open;     /* the bracket it should have closed, and where it is */
    bool aborted;           /* nesting limit hit: the rest of the file is not read */
    bool finishing;         /* the end of the input was reached */
    bool eof_done;

    /* Statements are numbered from 1 by the boundaries handed out before them: a separator,
     * or the '{' that ends a block's header. A scanner error is charged to the statement its
     * token belongs to, so that the parser stays quiet about that statement only. */
    unsigned stmt;          /* boundaries handed out so far */
    bool ahead;             /* scanning past a newline before its separator is handed out */
    unsigned lex_error_stmt;/* statement of the latest scanner error; 0 for none */
    unsigned lex_error_prev;/* and of the one before, when it was another statement */
    unsigned deep_error_stmt;
    /* The statement so far as a block header: 0 nothing yet, 1 KIND, 2 KIND NAME, 3 with a
     * "title" too, -1 not a header; and where its KIND starts. */
    int header_shape;
    uint32_t header_begin;
    tr_comment *last_comment;
} tr_lexer;

/* The statement the parser's lookahead belongs to: a boundary belongs to the one it ends. */
static inline unsigned tr_lexer_statement(const tr_lexer *lx) {
    return lx->stmt + (lx->last != SEP && lx->last != '{');
}

int tr_lexer_init(tr_lexer *lx, tr_ast *ast, tr_diags *diags);
void tr_lexer_destroy(tr_lexer *lx);
/* The token stream the parser reads: newlines turned into separators where a statement
 * ends, a separator before every '}', unclosed braces closed at the end of the file. */
int tr_yylex(TR_YYSTYPE *val, TR_YYLTYPE *loc, tr_lexer *lx);
/* A scanner error: counts toward the statement so that the parser stays quiet about it. */
tr_diag *tr_lexer_error(tr_lexer *lx, const char *code, uint32_t begin, uint32_t end,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
