/* ast_items.c — the parser's array of top-level items (tr_ast.item_at) holds exactly the
 * list `items`, in order, whatever the errors it recovered from: an attribute outside any
 * block, a block whose header is wrong, a broken statement, an unclosed block. */
#include "parse.h"

#include <string.h>

#include "sim_test.h"

static void expect_same_items(const char *text) {
    tr_source *src = tr_source_from_text("<unit>", text, strlen(text));
    tr_diags diags = {0};
    tr_ast *ast = tr_parse(src, &diags);
    uint32_t i = 0;
    const tr_node *it = ast->items;
    for (; it && i < ast->nitems; it = it->next, i++) EXPECT(ast->item_at[i] == it, "item %u differs in: %s", i, text);
    EXPECT(!it && i == ast->nitems, "%u items in the array, the list has %s in: %s", ast->nitems, it ? "more" : "fewer", text);
    tr_ast_free(ast);
    tr_diags_free(&diags);
    tr_source_free(src);
}

int main(void) {
    static const char *const texts[] = {
        "",
        "plan \"P\" { start 2026-01; horizon 1 year }\n",
        "import \"x\"\nlet a = 1\nrole r { headcount 1 }\nskill s { half_life 9 months }\n",
        "headcount 3\nrole r { headcount 1 }\n",                     /* E114: no item */
        "role r s t u { headcount 1 }\nskill s {}\n",                /* a wrong header */
        "role r { headcount 1 +* }\nlet b = ) 2\nskill s {}\n",     /* broken statements */
        "role r { headcount 1\nskill s {}\n",                        /* never closed */
        "let x = 1; let y = 2; role a {}; role b {}\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) expect_same_items(texts[i]);
    DONE("ast_items");
}
