/* lower_test.h — checking a plan written in a test, for the lower_* unit tests: the
 * checked plan (NULL, with its diagnostics printed, when it does not check cleanly). */
#ifndef TR_LOWER_TEST_H
#define TR_LOWER_TEST_H

#include <stdlib.h>

#include "check.h"
#include "sim_test.h"

static const tr_plan *check_text(const char *name, const char *text, tr_checked **c, tr_source **src)
{
    const char *stdlib = getenv("TRELLIS_STDLIB");
    *src = tr_source_from_text(name, text, strlen(text));
    tr_check_options o = {stdlib && *stdlib ? stdlib : "stdlib", false};
    tr_diags d = {0};
    const tr_source *roots[1] = {*src};
    *c = tr_check_sources(roots, 1, &o, &d);
    bool ok = false;
    const tr_plan *p = tr_checked_count(*c) ? tr_checked_plan(*c, 0, &ok) : NULL;
    EXPECT(p && ok && tr_diags_count(&d, TR_SEV_ERROR) == 0, "%s does not check", name);
    if (!p || !ok) {
        tr_buf b = {0};
        tr_diags_render(&d, TR_FORMAT_TEXT, &b);
        printf("%s", b.data ? b.data : "");
        tr_buf_free(&b);
        p = NULL;
    }
    tr_diags_free(&d);
    return p;
}

#endif
