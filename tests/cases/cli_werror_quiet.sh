#!/bin/sh
# cli_werror_quiet.sh — `check --werror` turns every warning into an error (and exit status
# 1); `check --quiet` drops the warnings and keeps every error. Neither changes anything
# about errors, nor the status of a plan without warnings.
# The front end reports no warning yet (no W code exists): the part that needs one checks
# whatever warnings the warning plan below draws, and starts to bite when lints exist.
set -u
fail() { printf 'cli_werror_quiet: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
command -v jq >/dev/null 2>&1 || fail "jq is missing: sh tools/deps.sh installs it"

printf 'plan "Exit" {\n  start 2026-01\n  horizon 2 years\n}\nrole manager { headcount 5 }\n' > good.plan
printf 'role manager {\n  headcount = 5\n}\nlet y = 2026-13\n' > bad.plan
# Lints the language names: an unused skill; a training without manager involvement nor
# reinforcement; a measure only at reaction level.
cat > warn.plan <<'EOF2'
plan "Warnings" {
  start    2026-01
  horizon  2 years
  currency USD
}
skill unused_skill { half_life 12 months }
skill selling { half_life 9 months }
role employee { headcount 100 }
program academy {
  kind  training
  for   employee
  cost  1000 USD per person
  gains { selling 10% }
}
measure smiles { level reaction; value participation(academy) }
EOF2

for f in good.plan bad.plan warn.plan; do
    for fmt in text json; do
        "$TRELLIS" check --format $fmt $f > plain.out; plain=$?
        "$TRELLIS" check --format $fmt --werror $f > werror.out; werror=$?
        "$TRELLIS" check --format $fmt --quiet $f > quiet.out; quiet=$?
        "$TRELLIS" check --format $fmt -q $f > q.out
        cmp -s quiet.out q.out || fail "$f: -q and --quiet differ"
        "$TRELLIS" check --format json $f > diags.json
        errors=$(jq '[.[] | select(.severity == "error")] | length' diags.json)
        warnings=$(jq '[.[] | select(.severity == "warning")] | length' diags.json)
        want=$([ "$errors" -gt 0 ] && echo 1 || echo 0)
        [ "$plain" -eq "$want" ] || fail "$f: exit status $plain with $errors errors, expected $want"
        [ "$quiet" -eq "$want" ] || fail "$f --quiet: exit status $quiet, expected $want"
        if [ "$warnings" -eq 0 ]; then
            [ "$werror" -eq "$plain" ] || fail "$f --werror without warnings: exit status $werror, expected $plain"
            cmp -s plain.out werror.out || fail "$f --werror without warnings changed the output"
            cmp -s plain.out quiet.out || fail "$f --quiet without warnings changed the output"
        else
            [ "$werror" -eq 1 ] || fail "$f --werror with $warnings warnings: exit status $werror, expected 1"
        fi
        [ "$fmt" = json ] || continue
        # --werror: the same diagnostics, every warning now an error.
        jq -c 'map(if .severity == "warning" then .severity = "error" else . end)' plain.out > want.json
        jq -c '.' werror.out > got.json
        cmp -s want.json got.json || fail "$f --werror: expected $(cat want.json), got $(cat got.json)"
        # --quiet: the errors, all of them, and nothing else.
        jq -c 'map(select(.severity == "error"))' plain.out > want.json
        jq -c '.' quiet.out > got.json
        cmp -s want.json got.json || fail "$f --quiet: expected $(cat want.json), got $(cat got.json)"
    done
done
"$TRELLIS" check --quiet bad.plan | grep -c '^bad.plan:[0-9]*:[0-9]*: error\[' > n.txt
[ "$(cat n.txt)" -eq 2 ] || fail "--quiet should keep both errors of bad.plan, kept $(cat n.txt)"
exit 0
