/* eval.h — constant expressions (units, ranges, dates, lets, built-in functions) evaluated
 * to tr_value, and metric expressions lowered to tr_metric trees with resolved names.
 * Ownership: values and trees are allocated in the resolver's arena. */
#ifndef TR_EVAL_H
#define TR_EVAL_H

#include "plan.h"
#include "resolve.h"

/* The largest magnitude a constant may have (E412 beyond); NaN fails the test too. */
#define TR_EVAL_MAX 1e300

/* The value of a constant expression in r->file. A value of kind TR_V_NONE means an error
 * was already reported: callers stay silent about it (one mistake, one error). */
tr_value tr_eval(tr_resolver *r, const tr_node *n);
/* The value of let `index` (evaluated once, on first use; cycles are E407). */
tr_value tr_eval_let(tr_resolver *r, uint32_t index);
/* A metric expression (`measure value`, `goal metric`); NULL after an error. */
tr_metric *tr_eval_metric(tr_resolver *r, const tr_node *n, bool measures_allowed);
/* What a value is, in the words of a message: "money per time", "a date", "a string". */
void tr_eval_describe(const tr_value *v, tr_buf *out);
/* The median of a range lo..hi: geometric mean when both are positive, else midpoint. */
double tr_range_median(double lo, double hi);

#endif
