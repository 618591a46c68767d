#!/bin/sh
# bench/run.sh — how fast `trellis check` reads plans, and in how much memory, beside
# `luac5.4 -p` reading a Lua data file of the same size and shape. Usage:
#   sh bench/run.sh TRELLIS            (`make bench` runs it with ./trellis)
# Environment: BENCH_DATA (default build/bench-data) holds the generated inputs, which are
# made again when bench/gen.awk changes; BENCH_SIZES (default "1 10 50") in MB of 10^6 bytes.
# Targets: at least luac -p's throughput, at most 10 bytes of peak RSS per input byte,
# under 5 ms for a 500-line plan. Exits 1 when a command fails on a generated input (the
# generator must write valid plans), never because a target is missed: timings vary.
set -u
[ $# -eq 1 ] || { echo "usage: bench/run.sh TRELLIS" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
trellis=$1
case "$trellis" in */*) ;; *) trellis=./$trellis ;; esac
[ -x "$trellis" ] || { echo "bench: no executable '$trellis'" >&2; exit 2; }
command -v luac5.4 >/dev/null 2>&1 || { echo "bench: luac5.4 is missing (TRELLIS_DEPS=bench sh tools/deps.sh)" >&2; exit 2; }
data=${BENCH_DATA:-build/bench-data}
sizes=${BENCH_SIZES:-1 10 50}
mkdir -p "$data" || exit 2
export LC_ALL=C
# A binary in build/ has no stdlib/ beside it: use the source tree's unless one is given.
TRELLIS_STDLIB=${TRELLIS_STDLIB:-$(dirname "$here")/stdlib}
export TRELLIS_STDLIB
failed=0

# The measuring helper: getrusage of the child, so /usr/bin/time is not needed.
if [ ! -x "$data/measure" ] || [ -n "$(find "$here/measure.c" -newer "$data/measure")" ]; then
    ${CC:-cc} -O2 -std=c11 -o "$data/measure" "$here/measure.c" || exit 2
fi

# gen FORMAT bytes|lines N FILE: (re)make FILE when it is missing or older than the generator.
gen() {
    if [ ! -s "$4" ] || [ -n "$(find "$here/gen.awk" -newer "$4")" ]; then
        awk -v format="$1" -v "$2=$3" -f "$here/gen.awk" > "$4.tmp" && mv "$4.tmp" "$4" || exit 2
    fi
}

# measure RUNS FILE COMMAND...: sets wall, rss (KiB); complains when the command fails.
measure() {
    runs=$1 file=$2
    shift 2
    set -- $("$data/measure" "$runs" "$@" "$file")
    wall=$1 rss=$2
    if [ "$3" -ne 0 ]; then
        echo "bench: '$trellis check' or luac5.4 exited $3 on $file; the generated input must be valid" >&2
        failed=1
    fi
}

# Runs that read (almost) nothing: starting a process costs milliseconds on some machines,
# and the "net" columns take that time and that memory away. The smallest valid plan.
printf 'plan "Idle" { start 2026-01; horizon 1 year }\n' > "$data/empty.plan"
printf '' > "$data/empty.lua"
measure 10 "$data/empty.plan" "$trellis" check
idle_trellis_wall=$wall idle_trellis_rss=$rss
measure 10 "$data/empty.plan" "$trellis" check --syntax-only
idle_parse_wall=$wall idle_parse_rss=$rss
measure 10 "$data/empty.lua" luac5.4 -p
idle_luac_wall=$wall idle_luac_rss=$rss
spawn=$("$data/measure" 10 true | cut -d' ' -f1)

printf 'trellis bench: best wall time of several runs; MB = 10^6 bytes; RSS = peak resident set;\n'
printf '"net" leaves out the time and memory of the same command on an empty file.\n'
printf '%-6s %-14s %9s %8s %8s %10s %9s %9s %9s\n' size reader lines "MB/s" "net MB/s" "lines/s" "peak RSS" "RSS/byte" "net/byte"
verdict_speed="" verdict_rss="" verdict_parse=""
for mb in $sizes; do
    bytes=$((mb * 1000000))
    plan=$data/plan-${mb}mb.plan lua=$data/plan-${mb}mb.lua
    gen plan bytes "$bytes" "$plan"
    gen lua bytes "$bytes" "$lua"
    runs=$([ "$mb" -ge 10 ] && echo 3 || echo 5)
    for reader in parse trellis luac; do
        if [ $reader = parse ]; then
            file=$plan name="trellis parse" idle_wall=$idle_parse_wall idle_rss=$idle_parse_rss
            measure "$runs" "$file" "$trellis" check --syntax-only
        elif [ $reader = trellis ]; then
            file=$plan name="trellis check" idle_wall=$idle_trellis_wall idle_rss=$idle_trellis_rss
            measure "$runs" "$file" "$trellis" check
        else
            file=$lua name="luac5.4 -p" idle_wall=$idle_luac_wall idle_rss=$idle_luac_rss
            measure "$runs" "$file" luac5.4 -p
        fi
        size=$(wc -c < "$file") nlines=$(wc -l < "$file")
        line=$(awk -v b="$size" -v l="$nlines" -v w="$wall" -v r="$rss" -v idle="$idle_rss" -v iw="$idle_wall" -v mb="$mb" -v name="$name" 'BEGIN {
            printf "%-6s %-14s %9d %8.1f %8.1f %10.0f %7.1fMB %9.2f %9.2f", mb "MB", name, l, b / w / 1e6,
                   b / (w - iw) / 1e6, l / w, r * 1024 / 1e6, r * 1024 / b, (r - idle) * 1024 / b }')
        echo "$line"
        if [ $reader = parse ]; then p_speed=$(awk -v b="$size" -v w="$wall" 'BEGIN { print b / w }'); p_rss=$(awk -v b="$size" -v r="$rss" 'BEGIN { print r * 1024 / b }')
        elif [ $reader = trellis ]; then t_speed=$(awk -v b="$size" -v w="$wall" 'BEGIN { print b / w }'); t_rss=$(awk -v b="$size" -v r="$rss" 'BEGIN { print r * 1024 / b }')
        else l_speed=$(awk -v b="$size" -v w="$wall" 'BEGIN { print b / w }'); fi
    done
    verdict_parse="$verdict_parse $(awk -v t="$p_speed" -v l="$l_speed" -v r="$p_rss" -v mb="$mb" 'BEGIN { printf "%sMB:%s(%.2fx,%.1fB/B)", mb, (t >= l && r <= 10 ? "met" : "MISSED"), t / l, r }')"
    verdict_speed="$verdict_speed $(awk -v t="$t_speed" -v l="$l_speed" -v mb="$mb" 'BEGIN { printf "%sMB:%s(%.2fx)", mb, (t >= l ? "met" : "MISSED"), t / l }')"
    verdict_rss="$verdict_rss $(awk -v r="$t_rss" -v mb="$mb" 'BEGIN { printf "%sMB:%s(%.2f)", mb, (r <= 10 ? "met" : "MISSED"), r }')"
done

small=$data/plan-500lines.plan small_lua=$data/plan-500lines.lua
gen plan lines 500 "$small"
gen lua lines 500 "$small_lua"
measure 30 "$small" "$trellis" check
t_small=$wall
measure 30 "$small_lua" luac5.4 -p
awk -v t="$t_small" -v l="$wall" -v it="$idle_trellis_wall" -v il="$idle_luac_wall" -v sp="$spawn" 'BEGIN {
    printf "500-line plan: trellis check %.2f ms, %.2f ms net of an empty check (luac5.4 -p on 500 lines: %.2f ms, %.2f net);\n", t * 1e3, (t - it) * 1e3, l * 1e3, (l - il) * 1e3
    printf "               starting a process that does nothing (true) takes %.2f ms here\n", sp * 1e3 }'
echo "targets (parse: issue 'Foundations'; check: issue 'Semantic analysis'):"
echo "  parse >= luac5.4 -p, <= 10 B/B:$verdict_parse"
echo "  check >= luac5.4 -p:       $verdict_speed"
echo "  peak RSS <= 10 bytes/byte: $verdict_rss"
awk -v t="$t_small" 'BEGIN { printf "  500 lines < 5 ms:           %s (%.2f ms)\n", (t < 0.005 ? "met" : "MISSED"), t * 1e3 }'
echo
sh "$here/fmt.sh" "$trellis" "$data" || failed=1
sh "$here/scenarios.sh" "$trellis" "$data" || failed=1
sh "$here/run_sim.sh" "$trellis" || failed=1
sh "$here/whatif.sh" "$trellis" || failed=1
exit $failed
