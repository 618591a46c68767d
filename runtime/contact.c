/* contact.c — e-mail addresses and phone numbers in free text, found by their shape. A phone
 * number is read as a run of digit groups; the run is then tested against what else digits in
 * a plan's strings are (dates, years, amounts, versions, ISBNs) before its shape is asked for.
 * docs/lints.md ("personal-data") states the same rules with examples. */
#include "contact.h"

#include <stdint.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
static bool one_of(char c, const char *set) { return c && strchr(set, c); }
static bool is_local(char c) { return is_alnum(c) || one_of(c, "._%+-"); }
static bool is_host(char c) { return is_alnum(c) || c == '.' || c == '-'; }

/* ---- e-mail: local@host.tld ----------------------------------------------------------------- */

/* An address around the '@' at s[at]: a local part, a host with a dot in it, and two letters
 * or more after the last dot. Its span goes to [*b, *e). */
static bool email_at(const char *s, size_t n, size_t at, size_t *b, size_t *e) {
    size_t lo = at, hi = at + 1;
    while (lo > 0 && is_local(s[lo - 1])) lo--;
    while (hi < n && is_host(s[hi])) hi++;
    while (hi > at + 1 && (s[hi - 1] == '.' || s[hi - 1] == '-')) hi--;
    if (lo == at || hi == at + 1 || s[at + 1] == '.') return false;
    size_t dot = hi;
    while (dot > at + 1 && s[dot - 1] != '.') dot--;
    if (dot <= at + 2 || hi - dot < 2) return false;
    for (size_t i = dot; i < hi; i++)
        if (!is_alpha(s[i])) return false;
    *b = lo, *e = hi;
    return true;
}

/* ---- phone numbers: a run of digit groups --------------------------------------------------- */

enum { MAX_GROUPS = 24, MIN_DIGITS = 7, MAX_DIGITS = 15 };   /* E.164: at most 15 digits */

bool tr_contact_possible(const char *s, size_t n) {
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '@') return true;
        digits += s[i] >= '0' && s[i] <= '9';
    }
    return digits >= MIN_DIGITS;
}

/* Digit groups joined by single separators (space . - /) or parentheses, after an optional
 * '+': "+44 (0)20 7946-0958" is '+', then 44, (0), 20, 7946 and 0958. */
typedef struct run {
    size_t begin, end;
    unsigned ngroups, digits;
    bool plus, paren, overflow;
    size_t at[MAX_GROUPS];       /* where each group's digits start */
    unsigned len[MAX_GROUPS];    /* how many digits it has */
    char sep[MAX_GROUPS];        /* what comes before it: ' ' '-' '.' '/', '(' or ')' where a
                                    parenthesis touches it; 0 for the first group */
    bool in_paren[MAX_GROUPS];
} run;

/* A run may start here: a digit, or '+' or '(' before one, that does not continue a word or a
 * number ("v2.10", "2,400", the "3" of "978-3-16"). */
static bool run_starts(const char *s, size_t n, size_t i) {
    char c = s[i];
    if (!(is_digit(c) || ((c == '+' || c == '(') && i + 1 < n && is_digit(s[i + 1])))) return false;
    if (i == 0) return true;
    char b = s[i - 1];
    if (is_alnum(b) || one_of(b, "_+@")) return false;
    return !(one_of(b, ".,-/") && i >= 2 && is_alnum(s[i - 2]));
}

static void add_group(run *r, size_t at, size_t len, char sep, bool paren) {
    r->digits += (unsigned)(len > 99 ? 99 : len);
    if (r->ngroups == MAX_GROUPS) {
        r->overflow = true;
        return;
    }
    r->at[r->ngroups] = at, r->len[r->ngroups] = (unsigned)(len > 99 ? 99 : len);
    r->sep[r->ngroups] = sep, r->in_paren[r->ngroups] = paren;
    r->ngroups++;
    r->paren = r->paren || paren;
}

/* The longest run from s[i]; r->end == r->begin when there is none. */
static void scan_run(const char *s, size_t n, size_t i, run *r) {
    memset(r, 0, sizeof *r);
    r->begin = r->end = i;
    size_t j = i;
    if (s[j] == '+') r->plus = true, j++;
    char sep = 0;
    while (j < n) {
        bool paren = s[j] == '(';
        size_t k = j + paren, d = k;
        while (d < n && is_digit(s[d])) d++;
        if (d == k || (paren && (d >= n || s[d] != ')'))) break;
        add_group(r, k, d - k, sep, paren);
        j = r->end = d + paren;
        if (j >= n) break;
        char c = s[j];
        if (c == '(') { sep = '('; continue; }   /* 020(7946) */
        if (paren && is_digit(c)) { sep = ')'; continue; }   /* (0)20 */
        if (!one_of(c, " -./") || j + 1 >= n || !(is_digit(s[j + 1]) || s[j + 1] == '(')) break;
        sep = c, j++;
    }
}

/* The run stops where the text goes on as a word, an address, a percentage or a decimal
 * ("2026-03-15T10", "4567@", "12.5%", "0-306-40615-X"). */
static bool run_ends_clean(const char *s, size_t n, size_t e) {
    if (e >= n) return true;
    char c = s[e];
    if (is_alnum(c) || one_of(c, "_@%")) return false;
    return !(one_of(c, ".,-/") && e + 1 < n && is_alnum(s[e + 1]));
}

static unsigned group_value(const char *s, const run *r, unsigned g) {
    unsigned v = 0;
    for (unsigned k = 0; k < r->len[g] && k < 6; k++) v = v * 10 + (unsigned)(s[r->at[g] + k] - '0');
    return v;
}

static bool is_year(const char *s, const run *r, unsigned g) {
    unsigned v = group_value(s, r, g);
    return r->len[g] == 4 && v >= 1900 && v <= 2099;
}

static bool all_seps(const run *r, const char *set) {
    for (unsigned g = 1; g < r->ngroups; g++)
        if (!one_of(r->sep[g], set)) return false;
    return true;
}

/* A date or a list of years: a year joined by - / . to a group of one or two digits
 * (2026-03, 03/2026, 15.03.2026), a year in parentheses, or years only (2026 2027 2028). */
static bool reads_as_dates(const char *s, const run *r) {
    bool years_only = r->ngroups >= 2 && !r->paren;
    for (unsigned g = 0; g < r->ngroups; g++) {
        bool year = is_year(s, r, g);
        years_only = years_only && year;
        if (!year) continue;
        if (r->in_paren[g]) return true;
        if (g > 0 && one_of(r->sep[g], "-/.") && r->len[g - 1] <= 2) return true;
        if (g + 1 < r->ngroups && one_of(r->sep[g + 1], "-/.") && r->len[g + 1] <= 2) return true;
    }
    return years_only;
}

/* Thousands: 1 200 000, 2.400.000, 1 200 000.50 — a first group of one to three digits, then
 * groups of exactly three with one separator, and perhaps decimals after a '.'. */
static bool reads_as_amount(const run *r) {
    unsigned m = r->ngroups;
    if (m < 2 || r->paren || r->len[0] > 3) return false;
    if (m >= 3 && r->sep[m - 1] == '.' && r->sep[1] != '.') m--;
    if (m < 2 || !one_of(r->sep[1], " .")) return false;
    for (unsigned g = 1; g < m; g++)
        if (r->len[g] != 3 || r->sep[g] != r->sep[1]) return false;
    return true;
}

/* A dotted version or address (10.0.19041.1, 192.168.100.200, 2024.10.15.1234): dots only,
 * with four groups or more, or three after a short first one. Pairs from a leading 0, as
 * French numbers are written (01.23.45.67.89), are not one. */
static bool reads_as_version(const char *s, const run *r) {
    if (r->ngroups < 3 || r->plus || r->paren || !all_seps(r, ".")) return false;
    bool pairs = s[r->at[0]] == '0';
    for (unsigned g = 0; g < r->ngroups; g++) pairs = pairs && r->len[g] == 2;
    if (pairs) return false;
    return r->ngroups >= 4 || r->len[0] <= 2;
}

/* An ISBN: 13 digits from 978 or 979, or 10 in four groups ending in a check digit. */
static bool reads_as_isbn(const char *s, const run *r) {
    if (r->plus || r->paren || !all_seps(r, "- ")) return false;
    if (r->digits == 13 && r->len[0] == 3 && (group_value(s, r, 0) == 978 || group_value(s, r, 0) == 979)) return true;
    return r->digits == 10 && r->ngroups == 4 && r->len[3] == 1;
}

/* The shape of a phone number, once the run is none of the above: international ('+'), an
 * area code in parentheses, a national number from a trunk 0 (030 1234567), or three
 * groups or more (555-123-4567). */
static bool is_phone(const char *s, const run *r) {
    if (r->overflow || r->digits < MIN_DIGITS || r->digits > MAX_DIGITS) return false;
    if (reads_as_dates(s, r) || reads_as_amount(r) || reads_as_version(s, r) || reads_as_isbn(s, r)) return false;
    if (r->plus && r->digits >= 8) return true;
    if (r->paren) return true;
    if (s[r->at[0]] == '0' && r->digits >= 10) return true;
    return r->ngroups >= 3 && r->digits >= 9;
}

/* ---- the scan --------------------------------------------------------------------------- */

bool tr_contact_next(const char *s, size_t n, size_t *pos, tr_contact *out) {
    size_t from = *pos;
    for (size_t i = from; i < n; i++) {
        size_t b, e;
        if (s[i] == '@' && email_at(s, n, i, &b, &e) && b >= from) {
            *out = (tr_contact){TR_CONTACT_EMAIL, b, e};
            *pos = e;
            return true;
        }
        if (!run_starts(s, n, i)) continue;
        run r;
        scan_run(s, n, i, &r);
        if (r.end == r.begin) continue;
        if (run_ends_clean(s, n, r.end) && is_phone(s, &r)) {
            *out = (tr_contact){TR_CONTACT_PHONE, r.begin, r.end};
            *pos = r.end;
            return true;
        }
        /* no number starts inside a run that is not one: that keeps the scan linear */
        i = r.end - 1;
    }
    *pos = n;
    return false;
}
