#!/bin/sh
# run_milestones.sh — the JSON report of milestones (docs/report-json.md): each with its
# due month, the month it is reached (null: not within the horizon), the milestones it
# comes after, the programs it requires with the month each delivered, and the programs
# after it with their start months; programs carry their own start and end months.
set -u
fail() { printf 'run_milestones: %s\n' "$*" >&2; exit 1; }
command -v jq > /dev/null || fail "jq is needed"
"$TRELLIS" run "$TRELLIS_ROOT/tests/golden/run/milestones.plan" --format json > out.json 2> err.txt || fail "run exited $?"
want() {   # want JQ-FILTER EXPECTED
    got=$(jq -c "$1" out.json) || fail "jq '$1' failed"
    [ "$got" = "$2" ] || fail "$1: got $got, want $2"
}
want '.milestones[] | select(.name == "audit") | [.due, .month, .requires]' \
     '["2026-03","2026-09",[{"program":"gap","delivered":"2026-09"}]]'
want '.milestones[] | select(.name == "piloted") | [.month, .after, .requires, .programs]' \
     '["2026-09",["audit"],[{"program":"pilot","delivered":"2026-04"}],[{"name":"rollout","start":"2026-10"}]]'
want '.milestones[] | select(.name == "blocked") | [.month, .requires[0].delivered, .programs]' \
     '[null,null,[{"name":"stuck","start":null}]]'
want '.milestones[] | select(.name == "circular") | .month' 'null'
want '[.money.programs[] | select(.name == "rollout" or .name == "stuck") | [.start, .end]]' \
     '[["2026-10","2026-12"],[null,null]]'
want '.money.programs[] | select(.name == "rollout") | .spend_minor[8:10]' '[0,50000]'
exit 0
