#!/bin/sh
# sem_property.sh — generates many valid plans (varying counts, units, ranges, nesting,
# reports_to chains, budgets and imports) and checks that `trellis check` finds every one
# clean; then breaks each in one known way and checks that exactly that code is reported.
set -u
fail() { printf 'sem_property: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
units_time="hours days weeks months years"
i=0
while [ $i -lt 60 ]; do
    nroles=$((i % 7 + 1)); nskills=$((i % 4 + 1)); nprog=$((i % 5 + 1))
    horizon=$((i % 9 + 1))
    f=plan$i.plan
    {
        [ $((i % 3)) -eq 0 ] && echo 'import "part'$i'"'
        echo "plan \"Generated $i\" { start 2026-0$((i % 9 + 1)); horizon $horizon years; currency USD }"
        echo "let rate$i = $((i + 100)) to $((i + 400)) USD per hour"
        s=0
        while [ $s -lt $nskills ]; do
            u=$(echo $units_time | cut -d' ' -f$((s % 5 + 1)))
            echo "skill s$s { half_life $((s + 2)) $u }"
            s=$((s + 1))
        done
        r=0
        while [ $r -lt $nroles ]; do
            echo "role r$r {"
            echo "  headcount $(( (r + 1) * (i + 3) ))"
            [ $r -gt 0 ] && echo "  reports_to r$((r - 1))"
            echo "  salary $((50 + r))k USD per year"
            if [ $((r % 2)) -eq 0 ]; then echo "  attrition $((r + 5))% per year"; else echo "  attrition $((r + 3))% to $((r + 9))% per year"; fi
            echo "  baseline { s0 $((r * 3 + 10))% }"
            [ $r -gt 0 ] && echo "  promotion { into r$((r - 1)); rate 2% per year }"
            echo "}"
            r=$((r + 1))
        done
        echo "budget total$i { amount 1000M USD per year }"
        echo "budget child$i { parent total$i; amount 500M USD per year }"
        echo "milestone m$i { due 2026-1$((i % 3)) }"
        p=0
        while [ $p -lt $nprog ]; do
            case $((p % 4)) in
                0) cost="rate$i"; hours="hours $((p + 4)) hours per person per year" ;;
                1) cost="$((p + 1))k USD"; hours="" ;;
                2) cost="$((p + 100)) USD per person"; hours="" ;;
                *) cost="$((p + 10)) to $((p + 90)) USD per person per month"; hours="" ;;
            esac
            echo "program p$p { kind training; for r$((p % nroles)); cost $cost; $hours"
            echo "  budget child$i; after m$i; manager_involvement before, after"
            echo "  gains { s$((p % nskills)) $((p + 5))% }"
            echo "  phase post { duration $((p + 2)) weeks; coaching $((p + 1)) hours per person } }"
            p=$((p + 1))
        done
        echo "measure k$i { level behavior; value behavior(r0, s0) }"
        echo "goal g$i { metric k$i; target >= $((i % 50 + 10))% }"
        echo "scenario sc$i { p0.participants 50% }"
    } > $f
    [ $((i % 3)) -eq 0 ] && echo "let extra$i = 3 * (2 weeks + 1 day)" > part$i.plan
    out=$("$TRELLIS" check $f 2>&1) || fail "generated plan $f is not clean:
$out
$(cat $f)"
    i=$((i + 1))
done
# The same plans, each broken once: the expected code and nothing else.
sed 's/reports_to r0/reports_to rr0/' plan13.plan > broken1.plan
out=$("$TRELLIS" check broken1.plan); echo "$out" | grep -q 'error\[E201\]' || fail "unknown role not reported: $out"
sed 's/half_life 2 hours/half_life 2 hourz/' plan13.plan > broken2.plan
out=$("$TRELLIS" check broken2.plan); echo "$out" | grep -q 'error\[E301\]' || fail "unknown unit not reported: $out"
sed 's/amount 1000M USD per year/amount 1 USD per year/' plan13.plan > broken3.plan
out=$("$TRELLIS" check broken3.plan); echo "$out" | grep -q 'error\[E501\]' || fail "budget not reported: $out"
exit 0
