#!/bin/sh
# fmt_long_line.sh — one line of 80,000 bracketed calls and lists (the formatter once measured
# each bracket's column from the start of the line: quadratic) formats, to the same tree,
# and the result formats to itself. How long it takes is bench/fmt.sh's business.
set -u
T=${TRELLIS:?run me through tests/run.sh}
export LC_ALL=C
awk 'BEGIN {
    printf "role r {\n  x f(1)"
    for (i = 0; i < 20000; i++) printf ", f(1), [2], f(1), (3)"
    printf "\n}\n" }' > long.plan
"$T" fmt < long.plan > out.plan || { echo "FAIL: fmt exited $?"; exit 1; }
"$T" fmt --check out.plan > /dev/null || { echo "FAIL: the formatted text is not what fmt makes of it"; exit 1; }
tree() { "$T" check --dump-ast=nopos - < "$1" 2>/dev/null | grep -E '^(file$|  +[a-z])'; }
tree long.plan > before.ast
tree out.plan > after.ast
[ "$(wc -l < before.ast)" -gt 80000 ] || { echo "FAIL: the tree has $(wc -l < before.ast) lines"; exit 1; }
cmp -s before.ast after.ast || { echo "FAIL: fmt changed the tree"; diff before.ast after.ast | head; exit 1; }
exit 0
