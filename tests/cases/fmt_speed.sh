#!/bin/sh
# fmt_speed.sh — formatting is linear in the file: a value of 80,000 calls on one line
# (many brackets on one long line, once quadratic: the column was measured from the start
# of the line at every bracket) formats in no more than three times what `check` takes of
# it, or two seconds (generous bounds: the suite also runs under ASan on a busy machine).
set -u
T=${TRELLIS:?run me through tests/run.sh}
export LC_ALL=C
ms() { echo $(($(date +%s%N) / 1000000)); }
{
    printf 'role r {\n  x f(1)'
    i=0
    while [ $i -lt 1000 ]; do
        printf ', f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3), f(1), [2], f(1), (3)'
        i=$((i + 1))
    done
    printf '\n}\n'
} > long.plan
t0=$(ms)
"$T" check --syntax-only long.plan > /dev/null 2>&1
t1=$(ms)
"$T" fmt < long.plan > out.plan || { echo "FAIL: fmt failed"; exit 1; }
t2=$(ms)
check=$((t1 - t0)) fmt=$((t2 - t1))
limit=$((3 * check)); [ $limit -ge 2000 ] || limit=2000
echo "check ${check} ms, fmt ${fmt} ms"
[ $fmt -le $limit ] || { echo "FAIL: fmt took ${fmt} ms, more than ${limit} ms"; exit 1; }
"$T" fmt --check out.plan > /dev/null || { echo "FAIL: not idempotent"; exit 1; }
