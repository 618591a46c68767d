/* report.h — a simulation result rendered as text, JSON (docs/report-json.md) or CSV.
 * Ownership: the renderers append to a caller's tr_buf and keep nothing; they never print.
 * They read the model for names and amounts and the result for everything simulated. */
#ifndef TR_REPORT_H
#define TR_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "model.h"
#include "sim.h"
#include "units.h"

/* 0 on success, -1 when out of memory (JSON). */
int tr_report_text(tr_buf *out, const tr_model *m, const tr_sim_result *r);
int tr_report_json(tr_buf *out, const tr_model *m, const tr_sim_result *r);
int tr_report_csv(tr_buf *out, const tr_model *m, const tr_sim_result *r);

/* Pieces the renderers use, exposed for their tests and for `compare`/`diff`. */
/* 1234567.891 with 2 decimals -> "1,234,567.89"; negative numbers get a leading '-'. */
void tr_report_number(tr_buf *out, double value, int decimals);
/* Whole units when there are no minor units ("1,286 USD"), else all of them
 * ("64,300.25 USD"); exact, from the integer. */
void tr_report_money(tr_buf *out, int64_t minor, int minor_units, const char *currency);
/* The calendar month of plan month m (1-based) as "YYYY-MM". */
void tr_report_month(tr_buf *out, const tr_model *model, int month);

/* How a metric's value reads: its dimension in canonical units (money in the plan's
 * currency, time in months, people), whether a dimensionless value is a share (shown in
 * %), and the label its measure declares (`unit "kUSD"`), which then replaces the unit
 * words. Rates (per time) are shown per year, as the REPL shows them. */
typedef struct tr_report_unit {
    tr_dim dim;
    bool share;
    const char *label;   /* borrowed from the model; NULL: none */
} tr_report_unit;

#define TR_REPORT_NUMBER ((tr_report_unit){{0, 0, 0}, false, NULL})
#define TR_REPORT_SHARE ((tr_report_unit){{0, 0, 0}, true, NULL})
#define TR_REPORT_MONEY ((tr_report_unit){{1, 0, 0}, false, NULL})
#define TR_REPORT_PEOPLE ((tr_report_unit){{0, 0, 1}, false, NULL})

/* The unit of expression node `expr`: the checked dimension it carries; a share when it is
 * dimensionless and reads shares (retention, knowledge, ROI...) without dividing one by
 * another, or was written as a percentage; a goal's metric that names a measure takes the
 * measure's label. */
tr_report_unit tr_report_expr_unit(const tr_model *m, int expr);
tr_report_unit tr_report_measure_unit(const tr_model *m, int measure);
tr_report_unit tr_report_goal_unit(const tr_model *m, int goal);
bool tr_report_unit_is_share(tr_report_unit u);

/* A value in its unit: "88.0%", "9,004.56 USD" (money to the minor unit, the fraction
 * only when there is one), "9,000 USD per year", "1,286.37 USD per person", "76.0 people",
 * "9.00 kUSD", "8.87". */
void tr_report_value(tr_buf *out, const tr_model *m, tr_report_unit unit, double value);
/* to - from, as the difference of the two values as shown, so that the figures printed
 * add up: "+1,200 USD", "-0.01 USD per year", "+2.5 pt" for a share, "±0 USD". */
void tr_report_difference(tr_buf *out, const tr_model *m, tr_report_unit unit, double from, double to);
/* Do a and b read the same once shown? */
bool tr_report_same_shown(const tr_model *m, tr_report_unit unit, double a, double b);
/* The unit's words without the number. shown: as the text report prints them ("USD per
 * year", "%", "kUSD"); else the canonical unit the JSON and CSV reports give values in
 * ("USD per month", "people", "months", "USD per person"; "" when dimensionless). */
void tr_report_unit_words(tr_buf *out, const tr_model *m, tr_report_unit unit, bool shown);
/* What a value is multiplied by to read in its shown unit (12 for a rate per month shown
 * per year; 1 for most; a share's 100 is left to the caller's % sign). */
double tr_report_unit_scale(tr_report_unit unit);
/* "share", "number", "money", "people", "duration", or "quantity" (any other dimension). */
const char *tr_report_unit_kind(tr_report_unit unit);

#endif
