/* contact.h — contact details in free text: the e-mail addresses and phone numbers that the
 * personal-data lint (W111) finds in a plan's strings. The rules, with examples both ways,
 * are in docs/lints.md ("personal-data").
 * Ownership: pure functions over the caller's bytes; nothing is allocated or kept. */
#ifndef TR_CONTACT_H
#define TR_CONTACT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum tr_contact_kind { TR_CONTACT_EMAIL, TR_CONTACT_PHONE } tr_contact_kind;

typedef struct tr_contact {
    tr_contact_kind kind;
    size_t begin, end;       /* the match is s[begin, end) */
} tr_contact;

/* False when s[0, n) cannot hold a contact detail (no '@' and too few digits for a phone
 * number): most strings of a plan are passed over without looking for one. */
bool tr_contact_possible(const char *s, size_t n);
/* The next contact detail of s[0, n) that starts at or after *pos: true with *out filled and
 * *pos moved past it, or false when there is none. Linear in n over a whole scan. */
bool tr_contact_next(const char *s, size_t n, size_t *pos, tr_contact *out);

#endif
