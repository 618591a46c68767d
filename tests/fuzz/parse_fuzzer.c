/* parse_fuzzer.c — a libFuzzer target: any bytes through tr_parse and tr_parse_expr, the AST
 * dump with and without positions, and every diagnostic rendered in every format. Besides
 * crashes, leaks and undefined behaviour (the sanitizers), it aborts when an output breaks
 * its contract: JSON that does not parse or lacks a field, a GitHub command spread over two
 * lines, a diagnostic without a code or a message. `make fuzz` builds and runs it. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const json_fields[] = {
    "file", "line", "column", "end_line", "end_column", "severity", "code", "name", "message",
    "help", "notes",
};

/* --format json: an array with one complete object per diagnostic. */
static void check_json(const tr_diags *ds, const tr_buf *out) {
    json_error_t err;
    json_t *doc = json_loadb(out->data, out->len, 0, &err);
    if (!doc || !json_is_array(doc) || json_array_size(doc) != ds->n) abort();
    size_t i;
    json_t *o;
    json_array_foreach(doc, i, o) {
        for (size_t f = 0; f < sizeof json_fields / sizeof json_fields[0]; f++)
            if (!json_object_get(o, json_fields[f])) abort();
        if (!json_is_string(json_object_get(o, "message"))) abort();
        if (json_integer_value(json_object_get(o, "line")) < 1) abort();
    }
    json_decref(doc);
}

/* --format sarif: a document with one result per diagnostic, each with a message. */
static void check_sarif(const tr_diags *ds, const tr_buf *out) {
    json_error_t err;
    json_t *doc = json_loadb(out->data, out->len, 0, &err);
    json_t *results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
    if (!doc || json_array_size(results) != ds->n) abort();
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
        if (!json_is_string(json_object_get(json_object_get(r, "message"), "text"))) abort();
    json_decref(doc);
}

/* --format github: exactly one line per diagnostic, whatever the messages hold. */
static void check_github(const tr_diags *ds, const tr_buf *out) {
    size_t lines = 0;
    for (size_t i = 0; i < out->len; i++) lines += out->data[i] == '\n';
    if (lines != ds->n) abort();
}

static void render_all(tr_diags *ds) {
    static const struct {
        tr_format format;
        void (*check)(const tr_diags *, const tr_buf *);
    } formats[] = {
        {TR_FORMAT_TEXT, NULL}, {TR_FORMAT_JSON, check_json},
        {TR_FORMAT_SARIF, check_sarif}, {TR_FORMAT_GITHUB, check_github},
    };
    tr_diags_sort(ds);
    for (size_t i = 0; i < ds->n; i++)
        if (!ds->items[i]->code || !ds->items[i]->message || !ds->items[i]->message[0]) abort();
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        tr_buf out = {0};
        tr_diags_render(ds, formats[f].format, &out);
        if (formats[f].check) formats[f].check(ds, &out);
        tr_buf_free(&out);
    }
    tr_diags_promote_warnings(ds);
    tr_buf out = {0};
    for (size_t i = 0; i < ds->n; i++) tr_diag_render_text(ds->items[i], &out);
    tr_buf_free(&out);
}

static void parse_and_dump(const tr_source *src, tr_ast *(*parse)(const tr_source *, tr_diags *)) {
    tr_diags diags = {0};
    tr_ast *ast = parse(src, &diags);
    if (!ast) abort();   /* NULL means out of memory, which the fuzzer's inputs cannot cause */
    if (ast->errors > diags.n) abort();
    tr_buf dump = {0};
    tr_ast_dump(ast, &dump, true);
    tr_ast_dump(ast, &dump, false);
    tr_buf_free(&dump);
    tr_ast_free(ast);
    render_all(&diags);   /* after the tree is gone: diagnostics point into the source only */
    tr_diags_free(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tr_source *src = tr_source_from_text("fuzz.plan", (const char *)data, size);
    if (!src) abort();
    parse_and_dump(src, tr_parse);
    parse_and_dump(src, tr_parse_expr);
    tr_source_free(src);
    return 0;
}
