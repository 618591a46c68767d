#!/bin/sh
# The plan shown in README.md checks without errors and simulates: the front page must not lie.
set -u
sed -n '/^plan "Unified talent development 2026-2029" { start/,/^goal apply_skills/p' "$TRELLIS_ROOT/README.md" > readme.plan
[ -s readme.plan ] || { echo "README.md no longer holds the example plan"; exit 1; }
"$TRELLIS" check --quiet readme.plan || { echo "the README's plan has errors"; exit 1; }
"$TRELLIS" run readme.plan > report.txt 2>/dev/null || { echo "the README's plan does not run"; exit 1; }
grep -q '^  apply_skills: ' report.txt || { echo "the report lacks the README's goal"; cat report.txt; exit 1; }
