/* run_chart.h — `run --svg` and `run --html`: the journey as a self-contained SVG chart
 * (spend against budget, headcount, each measure and goal target over time) and the whole
 * report as one HTML page with that chart inline (no scripts, no external assets).
 * Ownership: the functions append to the caller's tr_buf and keep nothing. */
#ifndef TR_RUN_CHART_H
#define TR_RUN_CHART_H

#include "buf.h"
#include "model.h"
#include "sim.h"

void tr_chart_svg(tr_buf *out, const tr_model *m, const tr_sim_result *r);
/* `report` is the text report, shown below the chart. */
void tr_chart_html(tr_buf *out, const tr_model *m, const tr_sim_result *r, const tr_buf *report);

#endif
