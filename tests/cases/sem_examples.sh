#!/bin/sh
# sem_examples.sh — every example plan is clean under `trellis check`, the team split across
# files is one plan whether main.plan or all its files are named, and a copy of it that
# imports from outside its directory is refused unless --allow-outside-imports.
set -u
fail() { printf 'sem_examples: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] && [ -n "${TRELLIS_ROOT:-}" ] || fail "run me through tests/run.sh"
ex=$TRELLIS_ROOT/examples
# --quiet: the lint warnings an example carries on purpose are pinned by lint_examples.sh.
for f in "$ex"/*.plan "$ex"/team/main.plan; do
    out=$("$TRELLIS" check --quiet "$f") || fail "$f is not clean: $out"
    [ -z "$out" ] || fail "$f prints diagnostics: $out"
done
out=$(cd "$ex" && "$TRELLIS" check --quiet team/*.plan) || fail "team/*.plan is not clean: $out"
out=$(cd "$ex/team" && "$TRELLIS" check roles.plan 2>&1); [ $? -eq 1 ] || fail "roles.plan alone should lack a plan block"
echo "$out" | grep -q 'error\[E401\]: no plan block' || fail "roles.plan alone: $out"
mkdir -p inner && cp "$ex/team/programs.plan" inner/ && cp "$ex/team/roles.plan" .
printf 'import "programs"\nplan "P" { start 2026-01; horizon 1 year }\nbudget team_learning { amount 1M EUR }\nmilestone skills_review { due 2026-02 }\n' > inner/main.plan
sed -i 's/^import "roles"/import "..\/roles"/' inner/programs.plan
out=$("$TRELLIS" check inner/main.plan); [ $? -eq 1 ] || fail "outside import not refused: $out"
echo "$out" | grep -q 'error\[E207\]' || fail "no E207: $out"
"$TRELLIS" check --allow-outside-imports inner/main.plan > allowed.txt 2>&1
grep -q E207 allowed.txt && fail "--allow-outside-imports still refuses: $(cat allowed.txt)"
exit 0
