#!/bin/sh
# fmt_diff_large.sh — `fmt --diff` stays readable when a large file changes in many places:
# one hunk per changed block, as `diff -u` gives, not the whole file deleted and inserted
# (what a diff that gives up on a minimal script prints); `patch` applies it exactly.
# 4,000 blocks of three lines, each formatted onto one line, seven unchanged lines apart:
# 16,000 differences, past what Myers alone may spend on a file.
set -u
T=${TRELLIS:?run me through tests/run.sh}
export LC_ALL=C
failed=0
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
command -v diff > /dev/null 2>&1 || { echo "FAIL: diff is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"; exit 1; }
command -v patch > /dev/null 2>&1 || { echo "FAIL: patch is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"; exit 1; }
awk 'BEGIN {
    for (i = 1; i <= 4000; i++) {
        print ""
        for (c = 1; c <= 6; c++) print "# block " i ", note " c
        print "role r" i " {"
        print "headcount " i
        print "}"
    }
}' > big.plan
"$T" fmt < big.plan > big.fmt || fail "fmt"
"$T" fmt --diff big.plan > big.diff; st=$?
[ $st -eq 0 ] || fail "--diff exited $st"
hunks=$(grep -c '^@@' big.diff)
[ "$hunks" -eq 4000 ] || fail "$hunks hunks, expected one per block: 4000"
lines=$(wc -l < big.diff)
echo "$hunks hunks, $lines lines"
diff -u big.plan big.fmt | tail -n +3 > gnu.hunks
tail -n +3 big.diff | cmp -s - gnu.hunks || fail "hunks differ from diff -u ($(wc -l < gnu.hunks) lines)"
patch -s big.plan < big.diff && cmp -s big.plan big.fmt || fail "patch does not apply the diff exactly"
[ "$failed" -eq 0 ]
