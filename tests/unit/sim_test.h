/* sim_test.h — the small harness the sim_*, money_* and report_* unit tests share:
 * EXPECT prints what failed and counts it; DONE sets the exit status. */
#ifndef TR_SIM_TEST_H
#define TR_SIM_TEST_H

#include <math.h>
#include <stdio.h>

static int failures;

#define EXPECT(cond, ...) do { if (!(cond)) { failures++; \
    printf("FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

/* |got - want| <= tol, printing both when not. */
#define NEAR(got, want, tol, what) do { double g_ = (got), w_ = (want); \
    EXPECT(fabs(g_ - w_) <= (tol), "%s: got %.10g, want %.10g +- %g", what, g_, w_, (double)(tol)); } while (0)

#define DONE(name) do { if (failures) { printf("%s: %d failed\n", name, failures); return 1; } \
    printf("%s: ok\n", name); return 0; } while (0)

#endif
