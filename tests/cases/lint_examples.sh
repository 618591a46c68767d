#!/bin/sh
# lint_examples.sh — the lint warnings each example carries, exactly: the examples follow
# LANGUAGE.md section 1, whose managers get no development of their own (siloed-development)
# and whose executive coaching starts before the audit (no-gap-analysis); docs/lints.md says
# why each is kept. Any other warning, or one of these gone, fails.
set -u
fail() { printf 'lint_examples: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] && [ -n "${TRELLIS_ROOT:-}" ] || fail "run me through tests/run.sh"
cd "$TRELLIS_ROOT" || fail "no $TRELLIS_ROOT"
for f in examples/unified.plan examples/sales_enablement.plan examples/team/main.plan; do
    "$TRELLIS" check --format json "$f" > "$OLDPWD/out.json"; status=$?
    [ "$status" -eq 0 ] || fail "$f: exit status $status, expected 0"
    jq -r '.[] | "\(.file):\(.line):\(.column): \(.severity) \(.code) \(.name)"' "$OLDPWD/out.json" >> "$OLDPWD/actual.txt"
done
cd "$OLDPWD" || exit 1
cat > expected.txt <<'EOF2'
examples/unified.plan:23:15: warning W104 siloed-development
examples/unified.plan:31:15: warning W104 siloed-development
examples/unified.plan:46:9: warning W108 no-gap-analysis
examples/sales_enablement.plan:23:15: warning W104 siloed-development
examples/sales_enablement.plan:92:9: warning W110 unused
examples/team/main.plan:18:9: warning W105 shallow-measures
examples/team/programs.plan:4:9: warning W108 no-gap-analysis
EOF2
diff -u expected.txt actual.txt > diff.txt || fail "the examples' warnings changed (update docs/lints.md too):
$(cat diff.txt)"
exit 0
