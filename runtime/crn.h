/* crn.h — common random numbers: every chance event of a Monte Carlo run (a role's leavers
 * or one of its promotions in a month) is decided by its own uniform number, a hash of
 * (run, role, month, event), drawn into whole people by inverse CDF. The plan and its
 * counterfactual read the same number for the same event, so what differs between them
 * is what the plan changed, not the noise of two unrelated draws (docs/run.md).
 * Ownership: pure functions; nothing here allocates or keeps state. */
#ifndef TR_CRN_H
#define TR_CRN_H

#include <stdint.h>

/* splitmix64's finaliser: a bijection of 64 bits that scatters neighbouring inputs. */
uint64_t tr_crn_mix(uint64_t z);
/* The uniform in (0, 1) that decides event `slot` (0: leavers, 1 + j: the role's
 * promotion j) of role `role` in month `month` of the run whose key is `key`. */
double tr_crn_uniform(uint64_t key, int role, int month, int slot);
/* The u-quantile of Binomial(n, p) for n whole people (any n below 2^53): the least k
 * with P(X <= k) >= u, so that a lower chance never gives more people for the same u.
 * Exact (Loader's saddle-point terms, summed over the tail) while n p (1 - p) < 10^4;
 * above, the Cornish-Fisher expansion, off by at most one person there. */
double tr_crn_binomial_quantile(double u, double p, double n);

#endif
