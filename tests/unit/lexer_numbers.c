/* lexer_numbers.c — a number literal reads as the double strtod gives for its digits and
 * exponent (k +3, M +6, % -2, e), rounded once, whichever way the lexer reads it (a fast
 * path for up to 15 digits and powers of ten up to 22, strtod for the rest): edge cases,
 * then many generated literals. */
#include "parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim_test.h"

/* What the literal means, by strtod: digits without '_', the suffixes as an exponent. */
static double reference(const char *lit) {
    char digits[128];
    size_t k = 0;
    long e = 0;
    const char *p = lit;
    for (; *p && *p != 'e' && *p != 'k' && *p != 'M' && *p != '%'; p++)
        if (*p != '_') digits[k++] = *p;
    if (*p == 'e') e = strtol(p + 1, (char **)&p, 10);
    for (; *p; p++) e += *p == 'k' ? 3 : *p == 'M' ? 6 : *p == '%' ? -2 : 0;
    snprintf(digits + k, sizeof digits - k, "e%ld", e);
    return strtod(digits, NULL);
}

static void expect_literal(const char *lit) {
    tr_source *src = tr_source_from_text("<unit>", lit, strlen(lit));
    tr_diags diags = {0};
    tr_ast *ast = tr_parse_expr(src, &diags);
    const tr_node *n = ast ? ast->expr : NULL;
    double want = reference(lit);
    EXPECT(n && n->kind == TR_N_NUMBER && diags.n == 0, "%s does not read as one number", lit);
    if (n && n->kind == TR_N_NUMBER) EXPECT(n->u.num.value == want, "%s reads as %.17g, strtod gives %.17g", lit, n->u.num.value, want);
    tr_ast_free(ast);
    tr_diags_free(&diags);
    tr_source_free(src);
}

int main(void) {
    static const char *const edges[] = {
        "0", "7", "0.07%", "1.005k", "2.4M", "0.1", "0.3", "123456789012345", "1234567890123456",
        "9007199254740993", "0.000000000000000000001", "1.5e299", "2.5e-300", "1e-5", "2_000_000", "1_000.5_5k",
        "999999999999999.9", "0.000000000000000000000001%", "12345678901234.5M", "0.9999999999999999",
        "4.35", "1.15", "8.5%", "17.1%", "100000000000000000000000", "3.14159265358979323846",
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) expect_literal(edges[i]);
    uint64_t x = 88172645463325252u;   /* xorshift: the same literals every run */
    char lit[64];
    for (int t = 0; t < 20000; t++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int whole = (int)(x % 18) + 1, frac = (int)((x >> 8) % 8), k = 0;
        for (int i = 0; i < whole; i++) lit[k++] = (char)('0' + (i == 0 && whole > 1 ? 1 + (x >> (12 + i)) % 9 : (x >> (10 + i)) % 10));
        if (frac) {
            lit[k++] = '.';
            for (int i = 0; i < frac; i++) lit[k++] = (char)('0' + (x >> (30 + i * 3)) % 10);
        }
        const char *suffixes[] = {"", "", "k", "M", "%", "k%", "M%"};
        const char *sfx = suffixes[(x >> 55) % 7];
        strcpy(lit + k, sfx);
        expect_literal(lit);
    }
    DONE("lexer_numbers");
}
