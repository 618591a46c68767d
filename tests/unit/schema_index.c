/* schema_index.c — the checker's hashed attribute table answers exactly as the linear
 * tr_schema_attr: for every block kind (and some that are not), every attribute name of the
 * table, names cut short or run on, and words that are no attribute; and each kind's
 * required attributes are the table's, in its order. */
#include "schema.h"

#include <string.h>

#include "sim_test.h"

static void expect_same(const tr_schema_index *ix, const char *block, const char *name, size_t len) {
    const tr_attr_spec *want = tr_schema_attr(block, name, len), *got = tr_schema_index_attr(ix, block, name, len);
    EXPECT(got == want, "%s.%.*s: index gives %s.%s, the table %s.%s", block, (int)len, name, got ? got->block : "-",
           got ? got->name : "-", want ? want->block : "-", want ? want->name : "-");
}

int main(void) {
    tr_schema_index *ix = tr_schema_index_new();
    EXPECT(ix != NULL, "tr_schema_index_new");
    if (!ix) DONE("schema_index");
    const char *blocks[64];
    size_t nb = tr_schema_block_names(true, blocks, 32);
    nb += tr_schema_block_names(false, blocks + nb, 32);
    const char *more[] = {"*", "skills", "nonsense", "", "rol", "roles"};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) blocks[nb++] = more[i];
    const char *words[] = {"", "x", "titles", "tit", "allowed", "owner_", "kind", "plan", "promotion"};
    size_t checked = 0;
    for (size_t b = 0; b < nb; b++) {
        for (const tr_attr_spec *a = tr_schema_attrs(); a->block; a++) {
            size_t n = strlen(a->name);
            expect_same(ix, blocks[b], a->name, n);
            expect_same(ix, blocks[b], a->name, n - 1);   /* cut short */
            char run_on[80];
            memcpy(run_on, a->name, n);
            run_on[n] = 's';
            expect_same(ix, blocks[b], run_on, n + 1);    /* one letter more */
            checked += 3;
        }
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++, checked++) expect_same(ix, blocks[b], words[w], strlen(words[w]));
        size_t n, k = 0;
        const tr_attr_spec *const *req = tr_schema_index_required(ix, blocks[b], &n);
        for (const tr_attr_spec *a = tr_schema_attrs(); a->block; a++)
            if ((a->flags & TR_A_REQUIRED) && strcmp(a->block, blocks[b]) == 0) {
                EXPECT(k < n && req[k] == a, "%s: required attribute %zu is not %s", blocks[b], k, a->name);
                k++;
            }
        EXPECT(k == n, "%s: %zu required attributes, the table has %zu", blocks[b], n, k);
    }
    EXPECT(checked > 1000, "only %zu look-ups compared", checked);
    tr_schema_index_free(ix);
    DONE("schema_index");
}
