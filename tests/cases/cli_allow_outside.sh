#!/bin/sh
# cli_allow_outside.sh — every command that checks a plan's imports takes
# --allow-outside-imports (LANGUAGE.md section 3): check, run, compare, diff (two files and
# --git) and repl. Without it a plan that imports ../shared.plan is refused with E207; with
# it the plan is read whole. diff --git then reads the outside file at REV too (the whole
# repository is extracted), and the REPL's :save checks the file it writes with it.
set -u
fail() { echo "cli_allow_outside: $*"; exit 1; }
command -v git > /dev/null 2>&1 || fail "git is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"
mkdir repo && cd repo || exit 1
git init -q . && git config user.email t@example.com && git config user.name t
mkdir plans
printf 'budget coaching { amount 200k USD per year }\n' > shared.plan
cat > plans/main.plan <<'PLAN'
import "../shared.plan"
plan "Outside" { start 2026-01; horizon 1 year }
role lead { headcount 10; salary 100k USD per year }
skill leading { half_life 18 months }
program lead_coaching {
  kind    coaching
  for     lead
  cost    300 USD per hour
  hours   20 hours per person per year
  budget  coaching
  gains   { leading 10% }
}
scenario more { lead_coaching.hours 40 hours per person per year }
PLAN
cp plans/main.plan plans/new.plan
git add . && git commit -q -m one

# without the flag: E207 at the import, exit 1, for every command
for cmd in "check plans/main.plan" "run plans/main.plan" "compare plans/main.plan baseline more" \
           "diff plans/main.plan plans/new.plan" "diff --git HEAD plans/main.plan"; do
    # shellcheck disable=SC2086
    "$TRELLIS" $cmd > out.txt 2>&1; st=$?
    [ $st -eq 1 ] || { cat out.txt; fail "$cmd without --allow-outside-imports: exit $st, expected 1"; }
    grep -q 'error\[E207\]' out.txt || { cat out.txt; fail "$cmd without --allow-outside-imports: no E207"; }
done
printf ':run\n' | "$TRELLIS" repl plans/main.plan > out.txt 2>&1
grep -q 'error\[E207\]' out.txt || { cat out.txt; fail "repl without --allow-outside-imports: no E207"; }

# with it: the plan is whole, before or after the other arguments
for cmd in "check --allow-outside-imports plans/main.plan" "run plans/main.plan --allow-outside-imports" \
           "compare --allow-outside-imports plans/main.plan baseline more" "compare plans/main.plan more --allow-outside-imports" \
           "diff --allow-outside-imports plans/main.plan plans/new.plan" "diff --git HEAD plans/main.plan --allow-outside-imports"; do
    # shellcheck disable=SC2086
    "$TRELLIS" $cmd > out.txt 2>&1; st=$?
    [ $st -eq 0 ] || { cat out.txt; fail "$cmd: exit $st, expected 0"; }
done
"$TRELLIS" compare --allow-outside-imports plans/main.plan baseline more > out.txt
grep -Eq '^  coaching 2026-12 +60,000 USD +120,000 USD \(\+60,000 USD\)$' out.txt || { cat out.txt; fail "compare does not read the outside budget"; }

# diff --git reads ../shared.plan as it was at HEAD
printf 'budget coaching { amount 300k USD per year }\n' > shared.plan
"$TRELLIS" diff --git HEAD plans/main.plan --allow-outside-imports > out.txt 2>&1 || { cat out.txt; fail "diff --git with the flag failed"; }
grep -q 'amount: 200k USD per year -> 300k USD per year' out.txt || { cat out.txt; fail "diff --git did not read the outside import at HEAD"; }

# repl: the plan loads, :run simulates, :save writes a scenario that checks with the flag
printf ':run more\n:set lead_coaching.hours 30 hours per person per year\n:save plans/main.plan thirty\n' |
    "$TRELLIS" repl --allow-outside-imports plans/main.plan > out.txt 2>&1
grep -q 'error\[' out.txt && { cat out.txt; fail "repl --allow-outside-imports reported an error"; }
grep -q '^  scenario more, 2026-01 to 2026-12' out.txt || { cat out.txt; fail "repl --allow-outside-imports: :run more printed no report"; }
grep -q '^saved scenario thirty to plans/main.plan$' out.txt || { cat out.txt; fail "repl --allow-outside-imports: :save refused"; }
"$TRELLIS" check --allow-outside-imports plans/main.plan > /dev/null || fail "the saved plan does not check"
printf ':quit\n' | "$TRELLIS" repl --allow-outside-imports -- plans/main.plan > out.txt 2>&1 || fail "repl -- FILE failed"
[ ! -s out.txt ] || { cat out.txt; fail "repl -- FILE printed something"; }

# usage mistakes
"$TRELLIS" repl --frob plans/main.plan < /dev/null > out.txt 2>&1; st=$?
[ $st -eq 2 ] && grep -q "unknown option '--frob' for repl" out.txt || { cat out.txt; fail "repl --frob: exit $st"; }
"$TRELLIS" repl plans/main.plan plans/new.plan < /dev/null > out.txt 2>&1; st=$?
[ $st -eq 2 ] && grep -q "repl takes at most one FILE" out.txt || { cat out.txt; fail "repl with two FILEs: exit $st"; }
exit 0
