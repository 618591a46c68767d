/* schema.h — the one table of block kinds and their attributes (LANGUAGE.md section 5):
 * for each attribute its type and dimension, whether it is required or repeatable, and
 * where its checked value lives in runtime/plan.h's structs.
 * Ownership: static, read-only tables. */
#ifndef TR_SCHEMA_H
#define TR_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"

/* What an attribute accepts. The checker has one function per type (runtime/check_value.c). */
typedef enum tr_type {
    TR_T_DATE, TR_T_DURATION, TR_T_PEOPLE, TR_T_SALARY, TR_T_RATE, TR_T_SHARE, TR_T_NUMBER,
    TR_T_AMOUNT, TR_T_COST, TR_T_EFFORT, TR_T_COACHING, TR_T_STRING, TR_T_OWNER, TR_T_BOOL,
    TR_T_REF, TR_T_WORD, TR_T_METRIC, TR_T_BOUND, TR_T_CURRENCY, TR_T_EXCHANGE, TR_T_LINTS,
    TR_T_UNIT, TR_T_BLOCK, TR_T_SKILLS, TR_T_COUNT
} tr_type;

enum {
    TR_A_REQUIRED = 1,   /* the block is incomplete without it */
    TR_A_REPEAT = 2,     /* may be written more than once (nested blocks: promotion, phase) */
    TR_A_LIST = 4,       /* takes several values: `for a, b`, `after x, y` */
    TR_A_NONNEG = 8,     /* a quantity that cannot be negative (salary, cost, hours) */
    TR_A_POSITIVE = 16,  /* a quantity that must be more than zero (applied_half_life) */
};

/* The values a share or rate may take, as written (a rate per year): growth is above
 * -100% (a role cannot shrink to nothing by growing) and at most 1000% per year. */
typedef struct tr_bounds {
    double lo, hi;
    bool lo_open, hi_open;   /* the end itself is excluded */
} tr_bounds;

typedef struct tr_attr_spec {
    const char *block;   /* the block kind it belongs to */
    const char *name;
    tr_type type;
    unsigned flags;
    size_t offset;       /* of its tr_value in the block's struct; (size_t)-1 when stored apart */
    tr_entity_kind ref;  /* REF: what it names */
    const char *const *words;   /* WORD: the accepted words, NULL-terminated */
    const char *child;   /* BLOCK: the nested block's kind */
    const tr_bounds *bounds;   /* RATE, SHARE: when not the type's 0-100% */
} tr_attr_spec;

typedef enum tr_name_rule { TR_NAME_NONE, TR_NAME_REQUIRED, TR_NAME_OPTIONAL } tr_name_rule;

typedef struct tr_block_spec {
    const char *kind;
    tr_entity_kind entity;   /* TR_E_COUNT for plan, model, lint and nested blocks */
    bool top;                /* may stand at the top of a file */
    tr_name_rule name;
    const char *const *names;   /* the accepted names (phase pre/core/post), or NULL */
} tr_block_spec;

const tr_block_spec *tr_schema_block(const char *kind, size_t len);
/* The attribute `name` of block kind `block`, or NULL. */
const tr_attr_spec *tr_schema_attr(const char *block, const char *name, size_t len);
/* The block kinds (top-level ones when `top`), and the attributes of one kind, for
 * "did you mean": fills out[] with up to max names, returns how many. */
size_t tr_schema_block_names(bool top, const char **out, size_t max);
size_t tr_schema_attr_names(const char *block, const char **out, size_t max);
/* The attribute table hashed by (block kind, name), for the checker, which looks up every
 * attribute of a plan (a large one has hundreds of thousands): tr_schema_index_attr
 * answers as tr_schema_attr does. A finished index is read-only. */
typedef struct tr_schema_index tr_schema_index;
tr_schema_index *tr_schema_index_new(void);
void tr_schema_index_free(tr_schema_index *ix);
const tr_attr_spec *tr_schema_index_attr(const tr_schema_index *ix, const char *block, const char *name, size_t len);
/* The required attributes of block kind `block`, in table order: fills *n (0 for a kind
 * with none, or no kind at all). */
const tr_attr_spec *const *tr_schema_index_required(const tr_schema_index *ix, const char *block, size_t *n);
/* The whole attribute table, ended by a row whose block is NULL. */
const tr_attr_spec *tr_schema_attrs(void);
/* What the type accepts, in the words of a message: "a duration", "money per time". */
const char *tr_schema_expected(tr_type t);

extern const char *const tr_program_kinds[];
extern const char *const tr_levels[];
extern const char *const tr_involvement_words[];

#endif
