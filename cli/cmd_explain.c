/* cmd_explain.c — `trellis explain CODE`: the long text behind a diagnostic. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diag.h"

/* ---- explain ---------------------------------------------------------------------------- */

int tr_cmd_explain(int argc, char **argv) {
    if (argc != 2) { tr_cli_usage_error("%s", "explain needs one CODE or lint name, such as E104"); return EXIT_USAGE; }
    const tr_code_info *c = tr_code_find(argv[1]);
    if (!c) {
        fprintf(stderr, "trellis: no diagnostic called '%s'\n", argv[1]);
        return EXIT_USAGE;
    }
    printf("%s (%s): %s\n\n%s\n\nExample:\n", c->code, c->name, c->summary, c->explanation);
    for (const char *p = c->example; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        printf("    %.*s\n", (int)len, p);
        p += len + (nl != NULL);
    }
    return EXIT_CLEAN;
}

