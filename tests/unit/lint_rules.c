/* lint_rules.c — what the lints decide that the command line cannot show yet or not
 * exactly: `allow` in nested blocks (phase, promotion, gains, baseline, model) silences the
 * findings inside them, which holds whether or not the checker accepts those attributes yet
 * (the plan is linted whatever the checker said); W107 reads a per-hour cost as a rate even
 * without `hours`, as the checker records it (spending TR_SPEND_PER_HOUR); and the contact
 * matcher on its own. */
#include "lint.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "contact.h"
#include "sim_test.h"

typedef struct checked_text {
    tr_source *src;
    tr_checked *c;
    tr_diags d;
    const tr_plan *p;
} checked_text;

static void check_text(checked_text *t, const char *text) {
    const char *stdlib = getenv("TRELLIS_STDLIB");
    tr_check_options o = {stdlib && *stdlib ? stdlib : "stdlib", false};
    memset(t, 0, sizeof *t);
    t->src = tr_source_from_text("unit.plan", text, strlen(text));
    const tr_source *roots[1] = {t->src};
    t->c = tr_check_sources(roots, 1, &o, &t->d);
    t->p = tr_checked_count(t->c) ? tr_checked_plan(t->c, 0, NULL) : NULL;
}

static void free_text(checked_text *t) {
    tr_diags_free(&t->d);
    tr_checked_free(t->c);
    tr_source_free(t->src);
}

/* Lint the plan into fresh diagnostics; how many have this code and this text in them. */
static int count_lint(const tr_plan *p, const char *code, const char *text) {
    tr_diags d = {0};
    tr_lint_plan(p, &d);
    int n = 0;
    for (size_t i = 0; i < d.n; i++)
        if (strcmp(d.items[i]->code, code) == 0 && (!text || strstr(d.items[i]->message, text))) n++;
    tr_diags_free(&d);
    return n;
}

static const char nested_allow[] =
    "plan \"Nested\" { start 2026-01; horizon 1 year }\n"
    "skill selling { half_life 9 months }\n"
    "role boss { headcount 3 }\n"
    "role staff { headcount 30; reports_to boss\n"
    "  baseline { selling 20%; description \"a 555-123-4501\"; allow personal-data }\n"
    "  baseline { description \"b 555-123-4502\" }\n"
    "  promotion { into boss; rate 2% per year; description \"c 555-123-4503\"; allow personal-data }\n"
    "  promotion { into boss; rate 1% per year; description \"d 555-123-4504\" } }\n"
    "milestone audit { due 2026-02 }\n"
    "program school { kind training; for staff, boss; cost 900 USD per person; after audit\n"
    "  manager_involvement before, after\n"
    "  gains { selling 10%; description \"e 555-123-4505\"; allow personal-data }\n"
    "  phase core { duration 4 weeks; description \"f 555-123-4506\" }\n"
    "  phase post { duration 8 weeks; coaching 4 hours per person; description \"g 555-123-4507\"; allow personal-data } }\n"
    "model { description \"h 555-123-4508\"; allow personal-data }\n"
    "model { description \"i 555-123-4509\" }\n";

static void nested_allows(void) {
    checked_text t;
    check_text(&t, nested_allow);
    EXPECT(t.p != NULL, "the nested-allow plan has no plan");
    if (t.p) {
        static const struct { const char *number; int found; } cases[] = {
            {"555-123-4501", 0}, {"555-123-4502", 1}, {"555-123-4503", 0}, {"555-123-4504", 1},
            {"555-123-4505", 0}, {"555-123-4506", 1}, {"555-123-4507", 0}, {"555-123-4508", 0},
            {"555-123-4509", 1},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            int n = count_lint(t.p, "W111", cases[i].number);
            EXPECT(n == cases[i].found, "W111 on %s: %d findings, expected %d", cases[i].number, n, cases[i].found);
        }
        /* the lint names in nested allows are checked too */
        EXPECT(count_lint(t.p, "W112", NULL) == 0, "W112 on a valid nested allow");
    }
    free_text(&t);
}

static const char hourly[] =
    "plan \"Rate\" { start 2026-01; horizon 1 year }\n"
    "role boss { headcount 3 }\n"
    "milestone audit { due 2026-02 }\n"
    "program cheap { kind coaching; for boss; cost 45 USD per hour; hours 2 hours per person; after audit }\n";

/* The checker records a cost per hour as TR_SPEND_PER_HOUR; without `hours` (an error for
 * the checker) the rate is still the cost per hour. */
static void rate_without_hours(void) {
    checked_text t;
    check_text(&t, hourly);
    EXPECT(t.p && t.p->nprograms == 1 && t.p->programs[0].spending == TR_SPEND_PER_HOUR, "the rate plan does not check");
    if (t.p && t.p->nprograms == 1) {
        EXPECT(count_lint(t.p, "W107", "costs 45 USD per hour") == 1, "W107 with hours");
        tr_program *g = (tr_program *)&t.p->programs[0];
        g->hours.kind = TR_V_NONE;
        EXPECT(count_lint(t.p, "W107", "costs 45 USD per hour") == 1, "W107 without hours");
    }
    free_text(&t);
}

/* The whole string, when `phone` is true, is one phone number; else nothing in it is. */
static void contact_case(const char *s, bool phone) {
    size_t pos = 0, n = strlen(s);
    tr_contact c;
    bool found = tr_contact_next(s, n, &pos, &c);
    if (phone)
        EXPECT(found && c.kind == TR_CONTACT_PHONE && c.begin == 0 && c.end == n, "'%s' is a phone number", s);
    else
        EXPECT(!found, "'%s' is not contact data (found '%.*s')", s, found ? (int)(c.end - c.begin) : 0, found ? s + c.begin : "");
}

static void contacts(void) {
    static const char *const phones[] = {
        "+44 20 7946 0958", "(555) 123-4567", "555.123.4567", "+1 555-123-4567", "555-123-4567",
        "07700 900123", "030 1234567", "030/1234567", "+49 (0)30 1234567", "01 23 45 67 89",
        "01.23.45.67.89", "1-800-555-0199", "0770 0900 123", "(555) 010-0199", "+33 1 23 45 67 89",
    };
    static const char *const others[] = {
        "Pilot 2026-03 - 2026-06", "ISO 2026-03/2026-06", "years 2026 2027 2028", "version 10.0.19041.1",
        "build 2024.10.15.1234", "ISBN 978-3-16-148410-0", "ISBN 0-306-40615-2", "ISBN 0-306-40615-X",
        "2,400,000", "2 400 000", "2.400.000", "2026-2029", "1.2.3", "192.168.100.200", "1 200 000 000",
        "1 200 000.50", "4410-2207", "2026-01-15", "15.03.2026", "(2026) 15 000", "v2.10.3", "12.5%",
        "09:00-17:30", "DE89 3704 0044 0532 0130 00", "+1 200 000", "555-123-4567x", "a@b.c",
        "People & Culture @ HQ", "",
    };
    for (size_t i = 0; i < sizeof phones / sizeof phones[0]; i++) contact_case(phones[i], true);
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) contact_case(others[i], false);
    /* addresses, and the digits of an address are not a number */
    size_t pos = 0;
    tr_contact c;
    const char *s = "mail 5551234567@example.com or +1 555-123-4567";
    EXPECT(tr_contact_next(s, strlen(s), &pos, &c) && c.kind == TR_CONTACT_EMAIL && c.begin == 5, "an address of digits");
    EXPECT(tr_contact_next(s, strlen(s), &pos, &c) && c.kind == TR_CONTACT_PHONE && c.begin == 31, "the number after it");
    EXPECT(!tr_contact_next(s, strlen(s), &pos, &c), "nothing after");
    /* a long run of short groups is read once, not from every group (linear) */
    size_t big = 1 << 20;
    char *ones = malloc(big + 1);
    if (ones) {
        for (size_t i = 0; i < big; i++) ones[i] = i % 2 ? ' ' : '1';
        ones[big] = '\0';
        pos = 0;
        EXPECT(!tr_contact_next(ones, big, &pos, &c), "a megabyte of '1 1 1'");
        free(ones);
    }
}

int main(void) {
    nested_allows();
    rate_without_hours();
    contacts();
    DONE("lint_rules");
}
