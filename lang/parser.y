/* parser.y — the grammar of LANGUAGE.md section 3: a generic file of imports, lets and
 * blocks (HCL-like); what each block means is the checker's business. */
%define api.pure full
%define api.prefix {tr_yy}
%define api.location.type {tr_loc}
%define parse.error custom
%define parse.lac full
%locations
%param {tr_lexer *lx}
%expect 0

%code requires {
#include "ast.h"
#include "diag.h"
typedef struct tr_loc { uint32_t begin, end; } tr_loc;
typedef struct tr_list { tr_node *head, *tail; } tr_list;
typedef struct tr_lexer tr_lexer;
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
    do {                                                             \
        if (N) {                                                     \
            (Cur).begin = YYRHSLOC(Rhs, 1).begin;                    \
            (Cur).end = YYRHSLOC(Rhs, N).end;                        \
        } else {                                                     \
            (Cur).begin = (Cur).end = YYRHSLOC(Rhs, 0).end;          \
        }                                                            \
    } while (0)
}

%code provides {
#include "parse.h"
}

%code {
#include "lexer.h"

#include <ctype.h>
#include <string.h>

static void tr_yyerror(const tr_loc *loc, tr_lexer *lx, const char *msg);

static bool statement_already_reported(const tr_lexer *lx);

static tr_node *node(tr_lexer *lx, tr_node_kind kind, tr_loc loc) {
    return tr_node_new(lx->ast, kind, loc.begin, loc.end);
}

static tr_list list_one(tr_node *n) { return (tr_list){n, n}; }

static tr_list list_add(tr_list l, tr_node *n) {
    if (!n) return l;
    if (!l.head) return list_one(n);
    l.tail->next = n;
    l.tail = n;
    return l;
}

/* Pathologically deep trees (a 1 MB line of `1+1+1...`, or of `1 USD USD ...`) are cut
 * at TR_MAX_EXPR_DEPTH with one error per statement, so that every later pass may recurse
 * safely. The error node counts as full depth: whatever holds it is cut too, and the whole
 * chain ends as one ERROR instead of restarting every thousand operators. */
static tr_node *depth_cut(tr_lexer *lx, tr_node *n) {
    if (n->depth <= TR_MAX_EXPR_DEPTH) return n;
    if (lx->deep_error_stmt != tr_lexer_statement(lx)) {
        tr_diag *d = tr_diag_add(lx->diags, "E112", lx->src, n->begin, n->end,
                                 "expression nested more than %d deep", TR_MAX_EXPR_DEPTH);
        tr_diag_help(d, "split it with 'let' constants");
        lx->ast->errors++;
        lx->deep_error_stmt = tr_lexer_statement(lx);
    }
    tr_node *err = tr_node_new(lx->ast, TR_N_ERROR, n->begin, n->end);
    err->depth = TR_MAX_EXPR_DEPTH;
    return err;
}

/* An expression node over its operands. */
static tr_node *expr(tr_lexer *lx, tr_node_kind kind, int op, tr_loc loc, tr_node *a, tr_node *b, tr_node *c) {
    tr_node *n = node(lx, kind, loc);
    n->op = (uint16_t)op;
    /* a node has room for the operands of its kind only (lang/ast.c), and is zeroed */
    n->u.bin.a = a;
    if (b) n->u.bin.b = b;
    if (c) n->u.bin.c = c;
    uint32_t depth = 0;
    tr_node *kids[3] = {a, b, c};
    for (int i = 0; i < 3; i++)
        if (kids[i] && kids[i]->depth > depth) depth = kids[i]->depth;
    n->depth = depth + 1;
    return depth_cut(lx, n);
}

/* A unit word or `per WORD` after its operand: as deep as an operator, and cut the same. */
static tr_node *unit(tr_lexer *lx, tr_node_kind kind, tr_loc loc, tr_node *operand, tr_node *word) {
    tr_node *n = node(lx, kind, loc);
    n->u.unit.operand = operand;
    n->u.unit.s = word->u.str.s;
    n->u.unit.len = word->u.str.len;
    tr_node_recycle(lx->ast, word);   /* a NAME the tree does not keep: a third of all names */
    n->depth = operand->depth + 1;
    return depth_cut(lx, n);
}

static tr_node *block(tr_lexer *lx, tr_loc loc, tr_node *kind, tr_node *name, tr_node *title, tr_node *members) {
    tr_node *n = node(lx, TR_N_BLOCK, loc);
    kind->next = name;
    n->u.block.kind = kind;
    n->u.block.title = title;
    n->u.block.members = members;
    return n;
}

/* `for []`: every list in a plan names things (roles, milestones, programs, phases of
 * involvement, lints), and an attribute that names none is left out, not written empty.
 * The list is kept, so that the attribute is not also reported missing. */
static void empty_list(tr_lexer *lx, tr_loc loc) {
    if (statement_already_reported(lx)) return;
    tr_diag *d = tr_diag_add(lx->diags, "E111", lx->src, loc.begin, loc.end, "an empty list names nothing");
    tr_diag_help(d, "list at least one name, as in 'for [executive, manager]'; an optional attribute that names nothing is left out");
    lx->ast->errors++;
}

static tr_node *attribute(tr_lexer *lx, tr_loc loc, tr_node *path, tr_node *values) {
    tr_node *n = node(lx, TR_N_ATTR, loc);
    n->u.attr.path = path;
    n->u.attr.values = values;
    return n;
}
}

%union {
    tr_node *node;
    tr_list list;
    int op;
}

%token <node> IDENT "name" STRING "string" NUMBER "number" DATE "date"
%token <node> TRUE "'true'" FALSE "'false'"
%token SEP "end of line"
%token IMPORT "'import'" LET "'let'" IF "'if'" THEN "'then'" ELSE "'else'"
%token PER "'per'" TO "'to'" AND "'and'" OR "'or'" NOT "'not'"
%token LE "'<='" GE "'>='" EQ "'=='" NE "'!='"
%token START_FILE "start of file" START_EXPR "start of expression"  /* chosen by tr_parse* */

%type <node> item member block attribute value expr postfix primary quantity keyed
%type <list> items members values dotted args

%precedence ELSE
%left OR
%left AND
%precedence NOT
%nonassoc '<' '>' LE GE EQ NE
%left '+' '-'
%left '*' '/'
/* `to` binds tighter than arithmetic: 400 to 600 USD per hour * 2 is the range times 2 */
%nonassoc TO
%precedence UMINUS

%start input

%%

/* input -> file | value : a plan file, or one value typed at the REPL */
input
    : START_FILE items          { lx->ast->items = $2.head; }
    | START_EXPR value SEP      { lx->ast->expr = $2; }
    ;

/* items -> { item SEP } : a file's statements; a bad one is skipped to its end, or past the
 * block whose header it was */
items
    : %empty                    { $$ = (tr_list){NULL, NULL}; }
    | items SEP                 { $$ = $1; }
    | items item SEP            { $$ = list_add($1, $2); if ($2) tr_ast_add_item(lx->ast, $2); }
    | items error SEP           { $$ = $1; yyerrok; }
    | items error '{' members '}' SEP   { $$ = $1; yyerrok; }   /* a block whose header is wrong */
    ;

/* item -> import STRING | let NAME = expr | block : an attribute here is read, then E114 */
item
    : IMPORT STRING             { $$ = node(lx, TR_N_IMPORT, @$); $$->u.str = $2->u.str; tr_node_recycle(lx->ast, $2); lx->ast->imports++; }
    | LET IDENT '=' expr        { $$ = node(lx, TR_N_LET, @$); $$->u.let.name = $2; $$->u.let.value = $4; }
    | block                     { $$ = $1; }
    | attribute                 {
          $$ = NULL;
          if (statement_already_reported(lx)) break;
          tr_buf path = {0};
          for (const tr_node *p = $1->u.attr.path; p; p = p->next)
              tr_buf_printf(&path, "%s%.*s", p == $1->u.attr.path ? "" : ".", (int)p->u.str.len, p->u.str.s);
          tr_diag *d = tr_diag_add(lx->diags, "E114", lx->src, @1.begin, @1.end,
                                   "attribute '%s' outside any block", path.data);
          tr_buf_free(&path);
          tr_diag_help(d, "only 'import', 'let' and blocks may stand at the top of a file");
          lx->ast->errors++;
      }
    ;

/* members -> { member SEP } : a block's body, recovering like items */
members
    : %empty                    { $$ = (tr_list){NULL, NULL}; }
    | members SEP               { $$ = $1; }
    | members member SEP        { $$ = list_add($1, $2); }
    | members error SEP         { $$ = $1; yyerrok; }
    | members error '{' members '}' SEP { $$ = $1; yyerrok; }
    ;

/* member -> block | attribute : blocks nest (a role's baseline, a program's phases) */
member
    : block
    | attribute
    ;

/* block -> KIND [NAME] ["title"] { members } */
block
    : IDENT '{' members '}'                 { $$ = block(lx, @$, $1, NULL, NULL, $3.head); }
    | IDENT IDENT '{' members '}'           { $$ = block(lx, @$, $1, $2, NULL, $4.head); }
    | IDENT STRING '{' members '}'          { $$ = block(lx, @$, $1, NULL, $2, $4.head); }
    | IDENT IDENT STRING '{' members '}'    { $$ = block(lx, @$, $1, $2, $3, $5.head); }
    ;

/* attribute -> path value { , value } | path WORD quantity : the second form is keyed,
 * as in `exchange EUR 1.08 USD` (LANGUAGE.md section 4), and keeps no comma */
attribute
    : IDENT values              { $$ = attribute(lx, @$, $1, $2.head); }
    | dotted values             { $$ = attribute(lx, @$, $1.head, $2.head); }
    | IDENT IDENT keyed         { $$ = attribute(lx, @$, $1, $2); $2->next = $3; $$->op = TR_ATTR_KEYED; }
    ;

/* keyed -> quantity { per UNIT } : the quantity of a keyed attribute, `1.08 USD per EUR` */
keyed
    : quantity
    | keyed PER IDENT           { $$ = unit(lx, TR_N_PER, @$, $1, $3); }
    ;

/* dotted -> NAME . NAME { . NAME } : a path, as a scenario's override `manager.headcount` */
dotted
    : IDENT '.' IDENT           { $$ = list_add(list_one($1), $3); }
    | dotted '.' IDENT          { $$ = list_add($1, $3); }
    ;

/* values -> value { , value } : an attribute's value list, `before, during, after` */
values
    : value                     { $$ = list_one($1); }
    | values ',' value          { $$ = list_add($1, $3); }
    ;

/* value -> expr | bound : a bound is a comparison with its left side left out */
value
    : expr
    | '<' expr                  { $$ = expr(lx, TR_N_BOUND, '<', @$, $2, NULL, NULL); }
    | '>' expr                  { $$ = expr(lx, TR_N_BOUND, '>', @$, $2, NULL, NULL); }
    | LE expr                   { $$ = expr(lx, TR_N_BOUND, TR_OP_LE, @$, $2, NULL, NULL); }
    | GE expr                   { $$ = expr(lx, TR_N_BOUND, TR_OP_GE, @$, $2, NULL, NULL); }
    | EQ expr                   { $$ = expr(lx, TR_N_BOUND, TR_OP_EQ, @$, $2, NULL, NULL); }
    | NE expr                   { $$ = expr(lx, TR_N_BOUND, TR_OP_NE, @$, $2, NULL, NULL); }
    ;

/* expr -> operators over postfix, by the precedence declared above */
expr
    : IF expr THEN expr ELSE expr   { $$ = expr(lx, TR_N_IF, 0, @$, $2, $4, $6); }
    | expr OR expr              { $$ = expr(lx, TR_N_BINARY, TR_OP_OR, @$, $1, $3, NULL); }
    | expr AND expr             { $$ = expr(lx, TR_N_BINARY, TR_OP_AND, @$, $1, $3, NULL); }
    | NOT expr                  { $$ = expr(lx, TR_N_UNARY, TR_OP_NOT, @$, $2, NULL, NULL); }
    | expr '<' expr             { $$ = expr(lx, TR_N_BINARY, '<', @$, $1, $3, NULL); }
    | expr '>' expr             { $$ = expr(lx, TR_N_BINARY, '>', @$, $1, $3, NULL); }
    | expr LE expr              { $$ = expr(lx, TR_N_BINARY, TR_OP_LE, @$, $1, $3, NULL); }
    | expr GE expr              { $$ = expr(lx, TR_N_BINARY, TR_OP_GE, @$, $1, $3, NULL); }
    | expr EQ expr              { $$ = expr(lx, TR_N_BINARY, TR_OP_EQ, @$, $1, $3, NULL); }
    | expr NE expr              { $$ = expr(lx, TR_N_BINARY, TR_OP_NE, @$, $1, $3, NULL); }
    | expr TO expr              { $$ = expr(lx, TR_N_RANGE, 0, @$, $1, $3, NULL); }
    | expr '+' expr             { $$ = expr(lx, TR_N_BINARY, '+', @$, $1, $3, NULL); }
    | expr '-' expr             { $$ = expr(lx, TR_N_BINARY, '-', @$, $1, $3, NULL); }
    | expr '*' expr             { $$ = expr(lx, TR_N_BINARY, '*', @$, $1, $3, NULL); }
    | expr '/' expr             { $$ = expr(lx, TR_N_BINARY, '/', @$, $1, $3, NULL); }
    | '-' expr %prec UMINUS     { $$ = expr(lx, TR_N_UNARY, '-', @$, $2, NULL, NULL); }
    | postfix
    ;

/* postfix -> primary { per UNIT } : `1286 USD per person per year` */
postfix
    : primary
    | postfix PER IDENT         { $$ = unit(lx, TR_N_PER, @$, $1, $3); }
    ;

/* primary -> literal | NAME | call | primary . NAME | ( expr ) | [ [args] ] : operands */
primary
    : quantity
    | STRING
    | DATE
    | TRUE
    | FALSE
    | IDENT
    | IDENT '(' ')'             { $$ = expr(lx, TR_N_CALL, 0, @$, $1, NULL, NULL); }
    | IDENT '(' args ')'        { $$ = expr(lx, TR_N_CALL, 0, @$, $1, $3.head, NULL); }
    | primary '.' IDENT         { $$ = expr(lx, TR_N_MEMBER, 0, @$, $1, $3, NULL); }
    | '(' expr ')'              { $$ = $2; }
    | '[' ']'                   { $$ = expr(lx, TR_N_LIST, 0, @$, NULL, NULL, NULL); empty_list(lx, @$); }
    | '[' args ']'              { $$ = expr(lx, TR_N_LIST, 0, @$, $2.head, NULL, NULL); }
    ;

/* quantity -> NUMBER { UNIT } : units written after a number multiply */
quantity
    : NUMBER
    | quantity IDENT            { $$ = unit(lx, TR_N_UNIT, @$, $1, $2); }
    ;

/* args -> expr { , expr } : a call's arguments, a list's elements */
args
    : expr                      { $$ = list_one($1); }
    | args ',' expr             { $$ = list_add($1, $3); }
    ;

%%

/* Only stack exhaustion reaches here: syntax errors go to yyreport_syntax_error. */
static void tr_yyerror(const tr_loc *loc, tr_lexer *lx, const char *msg) {
    tr_diag *d = tr_diag_add(lx->diags, "E112", lx->src, loc->begin, loc->end,
                             "nested too deeply for the parser (%s)", msg);
    tr_diag_help(d, "the rest of the file is not read; flatten the nesting");
    lx->ast->errors++;
}

/* A token's name for messages: "name", "'{'", "end of line". */
static const char *token_name(yysymbol_kind_t sym) {
    if (sym == YYSYMBOL_YYEOF) return "end of file";
    return yysymbol_name(sym);
}

/* The token found, as the user wrote it: a separator is a ';', the '}' it was inserted
 * before, a line break, or the end of the file. */
static const char *found_name(const tr_lexer *lx, yysymbol_kind_t sym, const tr_loc *loc) {
    if (sym != YYSYMBOL_SEP) return token_name(sym);
    if (lx->finishing) return "end of file";
    char c = loc->end > loc->begin ? lx->src->text[loc->begin] : '\0';
    return c == '}' ? "'}'" : c == ';' ? "';'" : "end of line";
}

static bool is_reserved(yysymbol_kind_t sym) {
    static const yysymbol_kind_t words[] = {
        YYSYMBOL_IMPORT, YYSYMBOL_LET, YYSYMBOL_PER, YYSYMBOL_TO, YYSYMBOL_AND, YYSYMBOL_OR,
        YYSYMBOL_NOT, YYSYMBOL_IF, YYSYMBOL_THEN, YYSYMBOL_ELSE, YYSYMBOL_TRUE, YYSYMBOL_FALSE,
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i] == sym) return true;
    return false;
}

static bool is_comparison(yysymbol_kind_t sym, const char *text, const tr_loc *loc) {
    if (sym == YYSYMBOL_LE || sym == YYSYMBOL_GE || sym == YYSYMBOL_EQ || sym == YYSYMBOL_NE) return true;
    return sym != YYSYMBOL_SEP && loc->end == loc->begin + 1 && (text[loc->begin] == '<' || text[loc->begin] == '>');
}

/* Tokens a value may end with: what a comparison after them would compare. */
static bool ends_value(int tok) {
    return tok == IDENT || tok == NUMBER || tok == STRING || tok == DATE || tok == TRUE ||
           tok == FALSE || tok == ')' || tok == ']';
}

/* Does the lexer already have this statement covered with its own error? */
static bool statement_already_reported(const tr_lexer *lx) {
    unsigned stmt = tr_lexer_statement(lx);
    return lx->lex_error_stmt == stmt || lx->lex_error_prev == stmt || lx->deep_error_stmt == stmt;
}

static bool is_operator(yysymbol_kind_t sym, const char *text, const tr_loc *loc) {
    if (sym == YYSYMBOL_LE || sym == YYSYMBOL_GE || sym == YYSYMBOL_EQ || sym == YYSYMBOL_NE ||
        sym == YYSYMBOL_AND || sym == YYSYMBOL_OR || sym == YYSYMBOL_PER || sym == YYSYMBOL_TO)
        return true;
    return loc->end == loc->begin + 1 && strchr("+-*/<>.,", text[loc->begin]) != NULL;
}

static bool expects(const yysymbol_kind_t *expected, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(yysymbol_name(expected[i]), name) == 0) return true;
    return false;
}

static uint32_t word_end(const tr_source *src, uint32_t p) {
    while (p < src->len && (isalnum((unsigned char)src->text[p]) || src->text[p] == '_')) p++;
    return p;
}

/* Only after `NAME KEY NUMBER [UNIT...]`, the keyed form, can an operator be unexpected with
 * a name, 'per' or the end of the line expected: the rate needs the comma form. */
static void keyed_help(const tr_lexer *lx, tr_diag *d) {
    const tr_source *src = lx->src;
    uint32_t name = lx->header_begin, name_end = word_end(src, name), key = name_end;
    while (key < src->len && (src->text[key] == ' ' || src->text[key] == '\t')) key++;
    uint32_t key_end = word_end(src, key);
    tr_diag_help(d, "without a comma, '%.*s %.*s' takes one number with its units, as in 'exchange EUR 1.08 USD'; "
                    "for an expression or a range, write a comma after '%.*s': 'exchange EUR, 2 * 0.54 USD'",
                 (int)(name_end - name), src->text + name, (int)(key_end - key), src->text + key,
                 (int)(key_end - key), src->text + key);
}

/* The help line of a syntax error: the likely mistake, in the user's terms. The first
 * test that fits wins, most specific first. */
static void syntax_error_help(tr_lexer *lx, tr_diag *d, yysymbol_kind_t found, const tr_loc *loc,
                              const yysymbol_kind_t *expected, int n) {
    const char *text = lx->src->text;
    tr_pos here = tr_source_pos(lx->src, loc->begin);
    uint32_t cont_begin = lx->cont_end ? lx->cont_begin - 1 : 0, cont_end = lx->cont_end ? lx->cont_end - 1 : 0;
    tr_pos before = tr_source_pos(lx->src, cont_end);
    bool at_statement_start = lx->prev == 0 || lx->prev == SEP || lx->prev == '{' || lx->prev == START_FILE;
    bool single = loc->end == loc->begin + 1 && found != YYSYMBOL_SEP;
    const char *sep = found == YYSYMBOL_SEP ? found_name(lx, found, loc) : NULL;
    bool continued = lx->cont_end && before.line < here.line && found != YYSYMBOL_YYEOF &&
                     (!sep || strcmp(sep, "'}'") == 0);
    if (lx->mismatch_at == loc->begin + 1)
        tr_diag_help(d, "brackets close in the reverse order they open: write '%c' here",
                     lx->mismatch_open == '(' ? ')' : ']');
    else if (n == 3 && expects(expected, n, "name") && expects(expected, n, "'per'") &&
             expects(expected, n, "end of line") && found != YYSYMBOL_SEP)
        keyed_help(lx, d);
    else if (single && text[loc->begin] == '=')
        tr_diag_help(d, "attributes are written 'name value', without '='; 'let NAME = value' names a constant");
    else if (single && text[loc->begin] == '{')
        tr_diag_help(d, "a block starts with KIND [NAME] [\"title\"] {, as in: role manager \"Line managers\" {");
    else if (continued)
        tr_diag_help(d, "line %u ends with '%.*s', so line %u continues it; remove the '%.*s' or finish the expression",
                     before.line, (int)(cont_end - cont_begin), text + cont_begin, here.line,
                     (int)(cont_end - cont_begin), text + cont_begin);
    else if (is_reserved(found) && expects(expected, n, "name"))
        tr_diag_help(d, "'%.*s' is a reserved word: it cannot name a block, an attribute or a constant; choose another name",
                     (int)(loc->end - loc->begin), text + loc->begin);
    else if (lx->prev == IMPORT && found == YYSYMBOL_IDENT)
        tr_diag_help(d, "the file to import is a string in double quotes: import \"%.*s\"",
                     tr_utf8_cut(text + loc->begin, loc->end - loc->begin, 40), text + loc->begin);
    else if (lx->prev == IMPORT)
        tr_diag_help(d, "the file to import is a string in double quotes: import \"roles\"");
    else if (at_statement_start)
        tr_diag_help(d, "a statement starts with a name: an attribute 'name value' or a block 'kind name { ... }'%s",
                     lx->nbraces == 0 ? "; at the top of a file also 'import' or 'let'" : "");
    else if (is_comparison(found, text, loc) && ends_value(lx->prev))
        tr_diag_help(d, "comparisons do not chain: write 'a < b and b < c'");
    else if (sep && strcmp(sep, "end of file") == 0)
        tr_diag_help(d, "the file ends before the statement is complete: finish it, or remove what is left over");
    else if (sep && strcmp(sep, "'}'") == 0)
        tr_diag_help(d, "the statement ends at '}' before it is complete: a value is missing");
    else if (found == YYSYMBOL_SEP)
        tr_diag_help(d, "the statement ends before it is complete; a line continues only after an operator, a comma or inside brackets");
    else if (expects(expected, n, "'{'") && n == 1)
        tr_diag_help(d, "a block header is KIND, then at most one NAME and one \"title\", then '{': role manager \"Line managers\" {");
    else if (expects(expected, n, "'='") && n == 1)
        tr_diag_help(d, "a constant is written 'let NAME = value'");
    else if (expects(expected, n, "','"))
        tr_diag_help(d, "separate several values with ',': for example 'before, during, after'");
    else if (is_operator(found, text, loc) || found == YYSYMBOL_YYEOF)
        tr_diag_help(d, "a value is missing here: a number, a quantity such as '12 months', a name or a string");
    else if (expects(expected, n, "end of line"))
        tr_diag_help(d, "put a ';' or a line break between two statements");
    else
        tr_diag_help(d, "LANGUAGE.md section 3 gives the grammar; the statement is skipped up to its end");
}

/* The last line ends the statement before it is complete, and the file ends there inside
 * an unclosed block: the file was cut short, one mistake, which E109 at the block's '{'
 * reports (as it does when the file ends without the newline). */
static bool cut_short(const tr_lexer *lx, yysymbol_kind_t found) {
    return found == YYSYMBOL_SEP && lx->nbraces > 0 && lx->has_replay && lx->replay == 0;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, tr_lexer *lx) {
    yysymbol_kind_t found = yypcontext_token(ctx);
    if (statement_already_reported(lx) || cut_short(lx, found)) return 0;
    const tr_loc *loc = yypcontext_location(ctx);
    yysymbol_kind_t expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
    bool mismatch = lx->mismatch_at == loc->begin + 1;
    tr_buf msg = {0};
    tr_buf_printf(&msg, "unexpected %s", found_name(lx, found, loc));
    if (found == YYSYMBOL_IDENT || found == YYSYMBOL_NUMBER)
        tr_buf_printf(&msg, " '%.*s'", tr_utf8_cut(lx->src->text + loc->begin, loc->end - loc->begin, 40),
                      lx->src->text + loc->begin);
    if (mismatch) {
        tr_pos open = tr_source_pos(lx->src, lx->mismatch_open_at);
        tr_buf_printf(&msg, ", expected '%c' (to close '%c' at line %u, column %u)",
                      lx->mismatch_open == '(' ? ')' : ']', lx->mismatch_open, open.line, open.column);
    } else if (n > 0 && n <= 4) {
        tr_buf_puts(&msg, ", expected ");
        for (int i = 0; i < n; i++)
            tr_buf_printf(&msg, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", token_name(expected[i]));
    }
    uint32_t end = loc->end > loc->begin ? loc->end : loc->begin;
    tr_diag *d = tr_diag_add(lx->diags, "E111", lx->src, loc->begin, end, "%s", msg.data);
    tr_buf_free(&msg);
    lx->ast->errors++;
    syntax_error_help(lx, d, found, loc, expected, n);
    if (mismatch) tr_diag_note(d, lx->src, lx->mismatch_open_at, lx->mismatch_open_at + 1, "'%c' opened here", lx->mismatch_open);
    return 0;
}

static tr_ast *parse_as(const tr_source *src, tr_diags *diags, int start) {
    tr_ast *ast = tr_ast_new(src);
    if (!ast) return NULL;
    if (!tr_source_check_encoding(src, diags)) {
        ast->errors++;
        return ast;
    }
    tr_lexer lx;
    if (tr_lexer_init(&lx, ast, diags) != 0) {
        tr_ast_free(ast);
        return NULL;
    }
    lx.start_token = start;
    tr_yyparse(&lx);
    tr_lexer_destroy(&lx);
    tr_arena_trim(ast->arena);   /* the tree is complete */
    return ast;
}

tr_ast *tr_parse(const tr_source *src, tr_diags *diags) { return parse_as(src, diags, START_FILE); }

tr_ast *tr_parse_expr(const tr_source *src, tr_diags *diags) { return parse_as(src, diags, START_EXPR); }
