#!/bin/sh
# bench/whatif.sh — how fast the what-if features answer on the main example
# (examples/unified.plan): one `:set` followed by `:run` in a REPL session (target: under
# 20 ms), and `trellis compare` of the baseline and three scenarios. Usage:
#   sh bench/whatif.sh TRELLIS
# The REPL figure is per pair, net of starting the session: a session of N pairs minus an
# empty one, divided by N. Exits 1 when a command fails, never because a target is missed.
set -u
[ $# -eq 1 ] || { echo "usage: bench/whatif.sh TRELLIS" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
trellis=$1
case "$trellis" in */*) ;; *) trellis=./$trellis ;; esac
[ -x "$trellis" ] || { echo "bench: no executable '$trellis'" >&2; exit 2; }
TRELLIS_STDLIB=${TRELLIS_STDLIB:-$root/stdlib}
export TRELLIS_STDLIB LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
plan=$work/unified.plan
cp "$root/examples/unified.plan" "$plan"
cat >> "$plan" <<'PLAN'

scenario no_academy "Without the sales academy" { sales_academy.enabled false }
scenario more_coaching { extends lean; exec_coaching.hours 48 hours per person per year }
PLAN
"$trellis" check "$plan" > /dev/null || { echo "bench: the plan does not check" >&2; exit 1; }

now() { date +%s%N; }
pairs=50
: > "$work/empty.in"
i=0
while [ $i -lt $pairs ]; do
    h=$((12 + i % 24))
    printf ':set exec_coaching.hours %d hours per person per year\n:run\n' "$h" >> "$work/pairs.in"
    i=$((i + 1))
done
best() {   # best of 5 wall times (ns) of: trellis repl plan < $1
    b=""
    for _ in 1 2 3 4 5; do
        t0=$(now)
        "$trellis" repl "$plan" < "$1" > "$work/out" 2>&1 || { echo "bench: the repl failed" >&2; exit 1; }
        t1=$(now)
        t=$((t1 - t0))
        [ -z "$b" ] || [ $t -lt "$b" ] && b=$t
    done
    echo "$b"
}
empty=$(best "$work/empty.in")
full=$(best "$work/pairs.in")
grep -q '^Results (whole horizon)' "$work/out" || { echo "bench: :run printed no report" >&2; exit 1; }
per=$(awk -v f="$full" -v e="$empty" -v n="$pairs" 'BEGIN { printf "%.2f", (f - e) / n / 1e6 }')
echo "what-if on examples/unified.plan:"
echo "  :set + :run in a session:      $per ms per pair ($pairs pairs, net of a $(awk -v e="$empty" 'BEGIN { printf "%.1f", e / 1e6 }') ms empty session)"
b=""
for _ in 1 2 3 4 5; do
    t0=$(now)
    "$trellis" compare "$plan" baseline lean no_academy more_coaching > /dev/null || { echo "bench: compare failed" >&2; exit 1; }
    t1=$(now)
    t=$((t1 - t0))
    [ -z "$b" ] || [ $t -lt "$b" ] && b=$t
done
echo "  compare, baseline + 3 scenarios: $(awk -v b="$b" 'BEGIN { printf "%.1f", b / 1e6 }') ms (whole command)"
awk -v p="$per" 'BEGIN { printf "target: :set + :run under 20 ms: %s\n", (p < 20 ? "met" : "MISSED") }'
exit 0
