#!/bin/sh
# fmt_check_repo.sh — the CI rule: every plan in examples/ and stdlib/ is in the canonical
# layout (`trellis fmt --check` names nothing and exits 0). Skipped only while there is no
# plan there at all.
set -u
root=${TRELLIS_ROOT:?run me through tests/run.sh}
T=${TRELLIS:?run me through tests/run.sh}
plans=$(find "$root/examples" "$root/stdlib" -type f -name '*.plan' 2>/dev/null | sort)
if [ -z "$plans" ]; then
    echo "skipped: no plan in examples/ or stdlib/ yet"
    exit 0
fi
# shellcheck disable=SC2086 # one argument per plan; the repository's paths have no spaces
out=$("$T" fmt --check $plans)
status=$?
if [ $status -ne 0 ] || [ -n "$out" ]; then
    echo "FAIL: not in the canonical layout (run 'trellis fmt' on them; exit $status):"
    echo "$out"
    exit 1
fi
