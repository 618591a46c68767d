/* report.h — a simulation result rendered as text, JSON (docs/report-json.md) or CSV.
 * Ownership: the renderers append to a caller's tr_buf and keep nothing; they never print.
 * They read the model for names and amounts and the result for everything simulated. */
#ifndef TR_REPORT_H
#define TR_REPORT_H

#include <stdint.h>

#include "buf.h"
#include "model.h"
#include "sim.h"

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

/* How a metric's value reads: a share (shown in %), money, people or a plain number. */
typedef enum { TR_REPORT_NUMBER, TR_REPORT_SHARE, TR_REPORT_MONEY, TR_REPORT_PEOPLE } tr_report_unit;
tr_report_unit tr_report_expr_unit(const tr_model *m, int expr);
/* A value in its unit: "88.0%", "1,286 USD", "76.0 people", "8.87". */
void tr_report_value(tr_buf *out, const tr_model *m, tr_report_unit unit, double value);

#endif
