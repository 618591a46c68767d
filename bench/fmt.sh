#!/bin/sh
# bench/fmt.sh — formatting against checking on the same bytes (issue "trellis fmt": a 10 MB
# plan formats in no more time than it checks): `trellis fmt --check` (parse and lay out,
# write nothing) beside `trellis check` on the generated 1 and 10 MB plans of bench/gen.awk,
# and on one line of 80,000 bracketed calls (once quadratic in the formatter). Usage:
#   sh bench/fmt.sh TRELLIS DATA     (bench/run.sh calls it with its data directory)
# Exits 1 when a command fails, never because a target is missed: timings vary.
set -u
[ $# -eq 2 ] || { echo "usage: bench/fmt.sh TRELLIS DATA" >&2; exit 2; }
trellis=$1 data=$2
failed=0

# best RUNS FILE CMD...: the best wall time in seconds; fmt --check may exit 1 (the file
# would change), anything else is a failure.
best() {
    runs=$1 file=$2
    shift 2
    set -- $("$data/measure" "$runs" "$@" "$file")
    if [ "$3" -gt 1 ]; then echo "bench: exit $3 on $file" >&2; failed=1; fi
    echo "$1"
}

long=$data/long-line.plan
if [ ! -s "$long" ]; then
    awk 'BEGIN {
        printf "role r {\n  x f(1)"
        for (i = 0; i < 20000; i++) printf ", f(1), [2], f(1), (3)"
        printf "\n}\n" }' > "$long"
fi

echo
echo "fmt beside check (best wall time):"
printf '%-22s %10s %10s %8s\n' file "check ms" "fmt ms" "fmt/check"
for f in "$data/plan-1mb.plan" "$data/plan-10mb.plan" "$long"; do
    [ -s "$f" ] || continue
    c=$(best 3 "$f" "$trellis" check --syntax-only)
    [ "$f" = "$long" ] || c=$(best 3 "$f" "$trellis" check)
    m=$(best 3 "$f" "$trellis" fmt --check)
    awk -v n="$(basename "$f")" -v c="$c" -v m="$m" 'BEGIN { printf "%-22s %10.1f %10.1f %8.2f\n", n, c * 1e3, m * 1e3, m / c }'
done
echo "(the long line is timed against its parse alone: it does not check, having no plan)"
exit $failed
