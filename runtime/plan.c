/* plan.c — small accessors over the checked plan's arrays. */
#include "plan.h"

static const char *const entity_kind_names[TR_E_COUNT] = {
    "role", "skill", "program", "budget", "milestone", "measure", "goal", "scenario",
};

const char *tr_entity_kind_name(tr_entity_kind k) {
    return k < TR_E_COUNT ? entity_kind_names[k] : "model";
}

uint32_t tr_plan_count(const tr_plan *p, tr_entity_kind k) {
    const uint32_t counts[TR_E_COUNT] = {p->nroles,      p->nskills,   p->nprograms,
                                         p->nbudgets,    p->nmilestones, p->nmeasures,
                                         p->ngoals,      p->nscenarios};
    return k < TR_E_COUNT ? counts[k] : 0;
}

const tr_value *tr_entity_common_value(const tr_entity *e, size_t offset) {
    static const tr_value none;
    return e->common ? (const tr_value *)(const void *)((const char *)e->common + offset) : &none;
}

const tr_entity *tr_plan_entity(const tr_plan *p, tr_entity_kind k, uint32_t i) {
    switch (k) {
    case TR_E_ROLE: return &p->roles[i].e;
    case TR_E_SKILL: return &p->skills[i].e;
    case TR_E_PROGRAM: return &p->programs[i].e;
    case TR_E_BUDGET: return &p->budgets[i].e;
    case TR_E_MILESTONE: return &p->milestones[i].e;
    case TR_E_MEASURE: return &p->measures[i].e;
    case TR_E_GOAL: return &p->goals[i].e;
    case TR_E_SCENARIO: return &p->scenarios[i].e;
    default: return &p->e;
    }
}

bool tr_plan_spending(const tr_value *cost, const tr_value *hours, tr_spending *out, bool *missing_hours) {
    static const struct { tr_dim dim; tr_spending spending; } rules[] = {
        {{1, 0, 0}, TR_SPEND_ONCE},       {{1, -1, 0}, TR_SPEND_MONTHLY},
        {{1, 0, -1}, TR_SPEND_PER_PERSON}, {{1, -1, -1}, TR_SPEND_PER_PERSON_MONTHLY},
    };
    if (missing_hours) *missing_hours = false;
    if (cost->kind != TR_V_NUMBER) return false;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (!tr_dim_eq(cost->dim, rules[i].dim)) continue;
        *out = rules[i].spending;
        /* written per hour (per person or not): an hourly rate, times the hours per person */
        bool per_time = *out == TR_SPEND_MONTHLY || *out == TR_SPEND_PER_PERSON_MONTHLY;
        if (per_time && tr_units_den(cost->units) == TR_TU_HOUR) {
            *out = TR_SPEND_PER_HOUR;
            if (hours->kind != TR_V_NUMBER) {
                if (missing_hours) *missing_hours = true;
                return false;
            }
        }
        return true;
    }
    return false;
}
