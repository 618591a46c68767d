/* lower.h — a checked plan, with or without one of its scenarios, lowered into the tr_model
 * the simulation walks (every value in the model's units, every range registered), and the
 * one call that lowers and simulates, for `run`, `compare`, `diff` and the REPL.
 * Ownership: the caller's tr_model and tr_sim_result receive everything (tr_model_free,
 * tr_sim_result_free); nothing here keeps a pointer into the plan once it returns, and
 * problems become diagnostics in the caller's tr_diags (never a print, never an abort). */
#ifndef TR_LOWER_H
#define TR_LOWER_H

#include <stdint.h>

#include "diag.h"
#include "model.h"
#include "plan.h"
#include "sim.h"

/* The code and name of the diagnostic for what only lowering or the engine can find (a
 * value the model cannot take, measures that read each other). A clean plan has none. */
#define TR_LOWER_CODE "E490"
#define TR_LOWER_NAME "cannot-simulate"

/* Lower plan `p` (which must have checked without errors) into `out`, which is initialised
 * here; with scenario >= 0, that scenario's overrides (and those of the scenarios it
 * extends, the furthest first) apply. 0 on success; -1 after adding an error to `diags`,
 * with `out` freed. */
int tr_lower(const tr_plan *p, int scenario, tr_model *out, tr_diags *diags);

/* When programs run and milestones are reached in plan `p` (checked without errors), by
 * the simulation's one schedule (tr_model_schedule: months from 1, 0 for never), for the
 * checks that must agree with the run (lints, the static budget check). The plan is lowered
 * without its measures, goals and scenarios, which the schedule does not read. 0, or -1
 * when it cannot be lowered (never for a clean plan) or memory ran out. */
int tr_lower_schedule(const tr_plan *p, tr_model_schedule *s);

/* The index of the scenario called `name`, or -1. */
int tr_lower_find_scenario(const tr_plan *p, const char *name);

/* The plan month (1 = the month of plan.start) holding the date `days`. */
int tr_lower_month(const tr_plan *p, int32_t days);

/* tr_lower, then tr_sim_run with options `o` (NULL: one deterministic run recording
 * skills). 0 on success with both `model` and `result` filled (the caller frees both);
 * -1 after adding an error to `diags`, with both freed. */
int tr_lower_run(const tr_plan *p, int scenario, const tr_sim_options *o, tr_model *model,
                 tr_sim_result *result, tr_diags *diags);

#endif
