#!/bin/sh
# lint_shared.sh — a file that two plans on the command line share is linted with each, and
# its findings are reported once; lints wait while any plan has errors; `explain` knows every
# lint by code and by name.
set -u
fail() { printf 'lint_shared: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "run me through tests/run.sh"
printf 'skill spare { half_life 3 months }\nrole employee { headcount 10 }\n' > shared.plan
printf 'import "shared"\nplan "A" { start 2026-01; horizon 1 year }\n' > a.plan
printf 'import "shared"\nplan "B" { start 2026-01; horizon 2 years }\n' > b.plan
"$TRELLIS" check --format json a.plan b.plan > both.json; status=$?
[ "$status" -eq 0 ] || fail "exit status $status, expected 0: $(cat both.json)"
[ "$(jq length both.json)" -eq 1 ] || fail "expected the unused skill once: $(cat both.json)"
[ "$(jq -r '.[0] | "\(.file):\(.line) \(.code) \(.name)"' both.json)" = "shared.plan:1 W110 unused" ] ||
    fail "unexpected finding: $(cat both.json)"

printf 'plan "C" { start 2026-01; horizon 1 year }\nrole r { headcount 5; reports_to nobody }\n' > broken.plan
"$TRELLIS" check --format json a.plan broken.plan > mixed.json; status=$?
[ "$status" -eq 1 ] || fail "with an error: exit status $status, expected 1"
[ "$(jq '[.[] | select(.code | startswith("W"))] | length' mixed.json)" -eq 0 ] ||
    fail "lints ran although a plan has errors: $(cat mixed.json)"

n=0
for code in W101 W102 W103 W104 W105 W106 W107 W108 W109 W110 W111 W112; do
    "$TRELLIS" explain "$code" > by_code.txt || fail "explain $code fails"
    name=$(head -1 by_code.txt | sed -E 's/^W[0-9]+ \(([a-z-]+)\): .*/\1/')
    "$TRELLIS" explain "$name" > by_name.txt || fail "explain $name fails"
    cmp -s by_code.txt by_name.txt || fail "explain $code and explain $name differ"
    n=$((n + 1))
done
"$TRELLIS" explain no-manager-involvement | head -1 | grep -qx 'W101 (no-manager-involvement): a training, workshop or elearning program has no manager_involvement' ||
    fail "explain no-manager-involvement: $("$TRELLIS" explain no-manager-involvement | head -1)"
"$TRELLIS" explain no-such-lint > /dev/null 2>&1 && fail "explain no-such-lint succeeds"
exit 0
