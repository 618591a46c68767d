/* diag.c — collecting, sorting and rendering diagnostics. */
#include "diag.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Messages are valid UTF-8 whatever they quote (a byte of a damaged file, a name cut
 * short), so that every format can carry them: JSON and SARIF need it, terminals too. */
static char *diag_vformat(const char *fmt, va_list ap) {
    tr_buf b = {0};
    tr_buf_vprintf(&b, fmt, ap);
    if (tr_utf8_valid(b.data ? b.data : "", b.len)) return tr_buf_take(&b);
    tr_buf clean = {0};
    tr_utf8_sanitize(&clean, b.data, b.len);
    tr_buf_free(&b);
    return tr_buf_take(&clean);
}

static tr_diag *diag_push(tr_diags *ds, tr_severity sev, const char *code, const char *name,
                          const tr_source *src, uint32_t begin, uint32_t end, char *message) {
    if (ds->n == ds->cap) {
        size_t cap = ds->cap ? ds->cap * 2 : 16;
        tr_diag **items = realloc(ds->items, cap * sizeof *items);
        if (!items) abort();
        ds->items = items;
        ds->cap = cap;
    }
    tr_diag *d = calloc(1, sizeof *d);
    if (!d) abort();
    d->severity = sev;
    d->code = code;
    d->name = name;
    d->src = src;
    d->begin = begin;
    d->end = end < begin ? begin : end;
    d->message = message;
    d->seq = ds->n;
    ds->items[ds->n++] = d;
    return d;
}

tr_diag *tr_diag_add(tr_diags *ds, const char *code, const tr_source *src, uint32_t begin,
                     uint32_t end, const char *fmt, ...) {
    const tr_code_info *info = tr_code_find(code);
    va_list ap;
    va_start(ap, fmt);
    char *message = diag_vformat(fmt, ap);
    va_end(ap);
    tr_diag *d = diag_push(ds, info ? info->severity : TR_SEV_ERROR, info ? info->code : code,
                           info ? info->name : NULL, src, begin, end, message);
    if (info) d->summary = info->summary;
    return d;
}

tr_diag *tr_diag_add_as(tr_diags *ds, tr_severity sev, const char *code, const char *name,
                        const tr_source *src, uint32_t begin, uint32_t end, const char *fmt,
                        ...) {
    va_list ap;
    va_start(ap, fmt);
    char *message = diag_vformat(fmt, ap);
    va_end(ap);
    return diag_push(ds, sev, code, name, src, begin, end, message);
}

void tr_diag_help(tr_diag *d, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    free(d->help);
    d->help = diag_vformat(fmt, ap);
    va_end(ap);
}

void tr_diag_note(tr_diag *d, const tr_source *src, uint32_t begin, uint32_t end,
                  const char *fmt, ...) {
    tr_note *notes = realloc(d->notes, (d->nnotes + 1) * sizeof *notes);
    if (!notes) abort();
    d->notes = notes;
    va_list ap;
    va_start(ap, fmt);
    notes[d->nnotes++] = (tr_note){src, begin, end < begin ? begin : end, diag_vformat(fmt, ap)};
    va_end(ap);
}

static void diag_free(tr_diag *d) {
    for (size_t i = 0; i < d->nnotes; i++) free(d->notes[i].message);
    free(d->notes);
    free(d->message);
    free(d->help);
    free(d);
}

void tr_diags_free(tr_diags *ds) {
    for (size_t i = 0; i < ds->n; i++) diag_free(ds->items[i]);
    free(ds->items);
    ds->items = NULL;
    ds->n = ds->cap = 0;
}

void tr_diags_filter(tr_diags *ds, size_t from, tr_diag_keep_fn keep, void *ctx) {
    size_t kept = from;
    for (size_t i = from; i < ds->n; i++) {
        tr_diag *d = ds->items[i];
        if (keep(ds, from, kept, d, ctx)) ds->items[kept++] = d;
        else diag_free(d);
    }
    ds->n = kept;
}

size_t tr_diags_count(const tr_diags *ds, tr_severity sev) {
    size_t n = 0;
    for (size_t i = 0; i < ds->n; i++) n += ds->items[i]->severity == sev;
    return n;
}

void tr_diags_promote_warnings(tr_diags *ds) {
    for (size_t i = 0; i < ds->n; i++)
        if (ds->items[i]->severity == TR_SEV_WARNING) ds->items[i]->severity = TR_SEV_ERROR;
}

static int diag_compare(const void *pa, const void *pb) {
    const tr_diag *a = *(tr_diag *const *)pa, *b = *(tr_diag *const *)pb;
    const char *fa = a->src ? a->src->path : "", *fb = b->src ? b->src->path : "";
    int c = strcmp(fa, fb);
    if (c) return c;
    if (a->begin != b->begin) return a->begin < b->begin ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void tr_diags_sort(tr_diags *ds) {
    if (ds->n > 1) qsort(ds->items, ds->n, sizeof *ds->items, diag_compare);
}

void tr_diags_move(tr_diags *to, tr_diags *from) {
    for (size_t i = 0; i < from->n; i++) {
        tr_diag *d = from->items[i];
        tr_diag *slot = diag_push(to, d->severity, d->code, d->name, d->src, d->begin, d->end, NULL);
        d->seq = slot->seq;
        to->items[to->n - 1] = d;
        free(slot);
    }
    free(from->items);
    from->items = NULL;
    from->n = from->cap = 0;
}

static const char *severity_word(tr_severity s) {
    return s == TR_SEV_ERROR ? "error" : s == TR_SEV_WARNING ? "warning" : "note";
}

/* ---- text ---------------------------------------------------------------------------- */

enum { SNIPPET_MAX = 160, SNIPPET_LEAD = 60 };

static bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/* The source line as it can be shown on a terminal: control characters as spaces, bytes
 * that are not UTF-8 as '?', so that a damaged file cannot garble the output. */
static void render_line(tr_buf *out, const char *line, size_t len) {
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)line[i];
        size_t n = tr_utf8_length((const unsigned char *)line + i, len - i);
        if (c == '\t') tr_buf_putc(out, '\t');
        else if (n == 0) tr_buf_putc(out, '?');
        else if (c < 0x20 || c == 0x7f) tr_buf_putc(out, ' ');
        else tr_buf_putn(out, line + i, n);
        i += n ? n : 1;
    }
}

/* The source line and a caret line under [begin, end), GCC-style, with the line number in
 * a gutter. Tabs before the caret are copied so that the caret lines up in any terminal. */
static void render_snippet(tr_buf *out, const tr_source *src, uint32_t begin, uint32_t end) {
    tr_pos p = tr_source_pos(src, begin);
    size_t len;
    const char *line = tr_source_line(src, p.line, &len);
    size_t at = (size_t)(line - src->text);   /* the line's first byte (after a byte order mark) */
    size_t col = begin > at ? begin - at : 0;  /* byte offset of begin in line */
    if (col > len) col = len;
    size_t stop = end > begin && end > at ? end - at : col;
    if (stop > len) stop = len;

    size_t from = 0, to = len;
    bool cut_left = false, cut_right = false;
    if (len > SNIPPET_MAX) {     /* a very long line: show a window around the range */
        if (col > SNIPPET_LEAD) {
            from = col - SNIPPET_LEAD;
            while (from > 0 && is_continuation((unsigned char)line[from])) from--;
            cut_left = from > 0;
        }
        if (from + SNIPPET_MAX < len) {
            to = from + SNIPPET_MAX;
            while (to > from && is_continuation((unsigned char)line[to])) to--;
            cut_right = true;
        }
        if (stop > to) stop = to;
    }

    tr_buf_printf(out, "%5u | %s", p.line, cut_left ? "..." : "");
    render_line(out, line + from, to - from);
    tr_buf_printf(out, "%s\n%5s | %s", cut_right ? "..." : "", "", cut_left ? "   " : "");
    for (size_t i = from; i < col; i++) {
        if (line[i] == '\t') tr_buf_putc(out, '\t');
        else if (!is_continuation((unsigned char)line[i])) tr_buf_putc(out, ' ');
    }
    tr_buf_putc(out, '^');
    for (size_t i = col + 1; i < stop; i++)
        if (!is_continuation((unsigned char)line[i])) tr_buf_putc(out, '~');
    tr_buf_putc(out, '\n');
}

static void render_location(tr_buf *out, const tr_source *src, uint32_t offset) {
    if (!src) {
        tr_buf_puts(out, "trellis: ");
        return;
    }
    tr_pos p = tr_source_pos(src, offset);
    tr_utf8_sanitize(out, src->path, strlen(src->path));
    tr_buf_printf(out, ":%u:%u: ", p.line, p.column);
}

void tr_diag_render_text(const tr_diag *d, tr_buf *out) {
    render_location(out, d->src, d->begin);
    tr_buf_printf(out, "%s[%s]: %s\n", severity_word(d->severity), d->code, d->message);
    if (d->src) render_snippet(out, d->src, d->begin, d->end);
    if (d->help) tr_buf_printf(out, "   = help: %s\n", d->help);   /* as LANGUAGE.md section 6 shows it */
    for (size_t i = 0; i < d->nnotes; i++) {
        const tr_note *n = &d->notes[i];
        render_location(out, n->src, n->begin);
        tr_buf_printf(out, "note: %s\n", n->message);
        if (n->src) render_snippet(out, n->src, n->begin, n->end);
    }
}

static void render_text(const tr_diags *ds, tr_buf *out) {
    for (size_t i = 0; i < ds->n; i++) tr_diag_render_text(ds->items[i], out);
    size_t errors = tr_diags_count(ds, TR_SEV_ERROR), warnings = tr_diags_count(ds, TR_SEV_WARNING);
    if (errors || warnings)
        tr_buf_printf(out, "%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s",
                      warnings, warnings == 1 ? "" : "s");
}

/* ---- JSON, SARIF ---------------------------------------------------------------------- */

/* A JSON string of any text: jansson refuses invalid UTF-8 (json_string returns NULL, and
 * the field would vanish), so such bytes are written \\xHH as in the text format. */
static json_t *json_text(const char *s) {
    size_t n = strlen(s);
    if (tr_utf8_valid(s, n)) return json_stringn(s, n);
    tr_buf b = {0};
    tr_utf8_sanitize(&b, s, n);
    json_t *j = json_stringn(b.data, b.len);
    tr_buf_free(&b);
    return j;
}

static json_t *json_location(const tr_source *src, uint32_t begin, uint32_t end) {
    json_t *o = json_object();
    tr_pos b = src ? tr_source_pos(src, begin) : (tr_pos){0, 0};
    tr_pos e = src ? tr_source_pos(src, end) : (tr_pos){0, 0};
    json_object_set_new(o, "file", src ? json_text(src->path) : json_null());
    json_object_set_new(o, "line", json_integer(b.line));
    json_object_set_new(o, "column", json_integer(b.column));
    json_object_set_new(o, "end_line", json_integer(e.line));
    json_object_set_new(o, "end_column", json_integer(e.column));
    return o;
}

static json_t *json_diag(const tr_diag *d) {
    json_t *o = json_location(d->src, d->begin, d->end);
    json_object_set_new(o, "severity", json_string(severity_word(d->severity)));
    json_object_set_new(o, "code", json_string(d->code));
    json_object_set_new(o, "name", d->name ? json_string(d->name) : json_null());
    json_object_set_new(o, "message", json_text(d->message));
    json_object_set_new(o, "help", d->help ? json_text(d->help) : json_null());
    json_t *notes = json_array();
    for (size_t i = 0; i < d->nnotes; i++) {
        json_t *n = json_location(d->notes[i].src, d->notes[i].begin, d->notes[i].end);
        json_object_set_new(n, "message", json_text(d->notes[i].message));
        json_array_append_new(notes, n);
    }
    json_object_set_new(o, "notes", notes);
    return o;
}

static void dump_json(json_t *doc, tr_buf *out) {
    char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    if (!s) abort();
    tr_buf_puts(out, s);
    tr_buf_putc(out, '\n');
    free(s);
    json_decref(doc);
}

static void render_json(const tr_diags *ds, tr_buf *out) {
    json_t *arr = json_array();
    for (size_t i = 0; i < ds->n; i++) json_array_append_new(arr, json_diag(ds->items[i]));
    dump_json(arr, out);
}

static json_t *sarif_region(const tr_source *src, uint32_t begin, uint32_t end) {
    tr_pos b = tr_source_pos(src, begin), e = tr_source_pos(src, end);
    return json_pack("{s:i,s:i,s:i,s:i}", "startLine", b.line, "startColumn", b.column,
                     "endLine", e.line, "endColumn", e.column);
}

/* artifactLocation.uri is a URI reference (RFC 3986): a path's bytes other than unreserved
 * characters and '/' are percent-encoded (a space, '#', '%', ':', non-ASCII...). */
static json_t *sarif_uri(const char *path) {
    static const char hex[] = "0123456789ABCDEF";
    tr_buf b = {0};
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            tr_buf_putc(&b, (char)*p);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            tr_buf_putn(&b, esc, sizeof esc);
        }
    }
    json_t *uri = json_stringn(b.data ? b.data : "", b.len);
    tr_buf_free(&b);
    return uri;
}

static json_t *sarif_message(const char *text) {
    json_t *m = json_object();
    json_object_set_new(m, "text", json_text(text));
    return m;
}

static json_t *sarif_location(const tr_source *src, uint32_t begin, uint32_t end, const char *msg) {
    json_t *artifact = json_object();
    json_object_set_new(artifact, "uri", sarif_uri(src->path));
    json_t *physical = json_object();
    json_object_set_new(physical, "artifactLocation", artifact);
    json_object_set_new(physical, "region", sarif_region(src, begin, end));
    json_t *loc = json_object();
    json_object_set_new(loc, "physicalLocation", physical);
    if (msg) json_object_set_new(loc, "message", sarif_message(msg));
    return loc;
}

static json_t *sarif_rules(const tr_diags *ds) {
    json_t *rules = json_array(), *seen = json_object();
    for (size_t i = 0; i < ds->n; i++) {
        const tr_diag *d = ds->items[i];
        if (json_object_get(seen, d->code)) continue;
        json_object_set_new(seen, d->code, json_true());
        json_t *rule = json_pack("{s:s}", "id", d->code);
        if (d->name) json_object_set_new(rule, "name", json_string(d->name));
        if (d->summary) json_object_set_new(rule, "shortDescription", sarif_message(d->summary));
        json_array_append_new(rules, rule);
    }
    json_decref(seen);
    return rules;
}

static void render_sarif(const tr_diags *ds, tr_buf *out) {
    json_t *results = json_array();
    for (size_t i = 0; i < ds->n; i++) {
        const tr_diag *d = ds->items[i];
        tr_buf text = {0};
        tr_buf_puts(&text, d->message);
        if (d->help) tr_buf_printf(&text, "\nhelp: %s", d->help);
        json_t *r = json_pack("{s:s,s:s}", "ruleId", d->code, "level", severity_word(d->severity));
        json_object_set_new(r, "message", sarif_message(text.data));
        tr_buf_free(&text);
        json_t *locs = json_array();
        if (d->src) json_array_append_new(locs, sarif_location(d->src, d->begin, d->end, NULL));
        json_object_set_new(r, "locations", locs);
        if (d->nnotes) {
            json_t *related = json_array();
            for (size_t k = 0; k < d->nnotes; k++)
                if (d->notes[k].src)
                    json_array_append_new(related, sarif_location(d->notes[k].src, d->notes[k].begin,
                                                                  d->notes[k].end, d->notes[k].message));
            json_object_set_new(r, "relatedLocations", related);
        }
        json_array_append_new(results, r);
    }
    json_t *driver = json_pack("{s:s,s:s}", "name", "trellis", "version", TR_VERSION);
    json_object_set_new(driver, "rules", sarif_rules(ds));
    /* columns count code points (LANGUAGE.md section 6), which SARIF must be told */
    json_t *doc = json_pack("{s:s,s:s,s:[{s:{s:o},s:s,s:o}]}",
                            "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
                            "version", "2.1.0", "runs", "tool", "driver", driver,
                            "columnKind", "unicodeCodePoints", "results", results);
    dump_json(doc, out);
}

/* ---- GitHub workflow commands ---------------------------------------------------------- */

static void github_escape(tr_buf *out, const char *s, bool property) {
    for (; *s; s++) {
        switch (*s) {
        case '%': tr_buf_puts(out, "%25"); break;
        case '\r': tr_buf_puts(out, "%0D"); break;
        case '\n': tr_buf_puts(out, "%0A"); break;
        case ':': tr_buf_puts(out, property ? "%3A" : ":"); break;
        case ',': tr_buf_puts(out, property ? "%2C" : ","); break;
        default: tr_buf_putc(out, *s);
        }
    }
}

/* file=...,line=...,col=...,endLine=...,endColumn=..., : where a command points */
static void github_place(tr_buf *out, const tr_source *src, uint32_t begin, uint32_t end) {
    if (!src) return;
    tr_pos b = tr_source_pos(src, begin), e = tr_source_pos(src, end);
    tr_buf path = {0};
    tr_utf8_sanitize(&path, src->path, strlen(src->path));
    tr_buf_puts(out, "file=");
    github_escape(out, path.data ? path.data : "", true);
    tr_buf_free(&path);
    tr_buf_printf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,", b.line, b.column, e.line, e.column);
}

/* One workflow command: ::SEVERITY PLACE title=CODE::TEXT */
static void github_command(tr_buf *out, const char *severity, const tr_source *src, uint32_t begin,
                           uint32_t end, const char *code, const char *text) {
    tr_buf_printf(out, "::%s ", severity);
    github_place(out, src, begin, end);
    tr_buf_puts(out, "title=");
    github_escape(out, code, true);
    tr_buf_puts(out, "::");
    github_escape(out, text, false);
    tr_buf_putc(out, '\n');
}

/* A diagnostic, then each of its notes as a ::notice of its own: an annotation has one
 * place, so a note's place ("first declared here") needs its own, which names the
 * diagnostic it belongs to. */
static void render_github(const tr_diags *ds, tr_buf *out) {
    for (size_t i = 0; i < ds->n; i++) {
        const tr_diag *d = ds->items[i];
        tr_buf b = {0};
        tr_buf_puts(&b, d->message);
        if (d->help) tr_buf_printf(&b, "\nhelp: %s", d->help);
        github_command(out, d->severity == TR_SEV_NOTE ? "notice" : severity_word(d->severity),
                       d->src, d->begin, d->end, d->code, b.data);
        tr_buf_free(&b);
        for (size_t k = 0; k < d->nnotes; k++) {
            const tr_note *n = &d->notes[k];
            tr_buf_printf(&b, "%s\nnote to ", n->message);
            if (d->src) {
                tr_pos p = tr_source_pos(d->src, d->begin);
                tr_buf path = {0};
                tr_utf8_sanitize(&path, d->src->path, strlen(d->src->path));
                tr_buf_printf(&b, "%s:%u:%u: ", path.data ? path.data : "", p.line, p.column);
                tr_buf_free(&path);
            }
            tr_buf_printf(&b, "%s[%s]: %s", severity_word(d->severity), d->code, d->message);
            github_command(out, "notice", n->src, n->begin, n->end, d->code, b.data);
            tr_buf_free(&b);
        }
    }
}

void tr_diags_render(const tr_diags *ds, tr_format format, tr_buf *out) {
    switch (format) {
    case TR_FORMAT_TEXT: render_text(ds, out); break;
    case TR_FORMAT_JSON: render_json(ds, out); break;
    case TR_FORMAT_SARIF: render_sarif(ds, out); break;
    case TR_FORMAT_GITHUB: render_github(ds, out); break;
    }
}

/* ---- suggestions ------------------------------------------------------------------------ */

/* Optimal string alignment distance: insertions, deletions, substitutions and swaps of
 * two neighbours ("exectuive" is one edit from "executive"). */
unsigned tr_edit_distance(const char *a, const char *b) {
    enum { MAXLEN = 64 };
    size_t la = strlen(a), lb = strlen(b);
    if (la > MAXLEN || lb > MAXLEN) return MAXLEN;
    unsigned d[MAXLEN + 1][MAXLEN + 1];
    for (size_t i = 0; i <= la; i++) d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            unsigned best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *tr_suggest(const char *word, const char *const *candidates, size_t n) {
    size_t len = strlen(word);
    unsigned limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    const char *best = NULL;
    unsigned best_distance = limit + 1;
    for (size_t i = 0; i < n; i++) {
        unsigned dist = tr_edit_distance(word, candidates[i]);
        if (dist < best_distance) {
            best_distance = dist;
            best = candidates[i];
        }
    }
    return best;
}
