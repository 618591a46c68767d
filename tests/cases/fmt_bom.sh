#!/bin/sh
# fmt_bom.sh — a UTF-8 byte-order mark (EF BB BF) that opens a file is kept byte for byte:
# the rest is formatted as without it, the result is canonical (formats to itself), an
# already canonical file with a mark is left alone, a file of the mark alone stays so,
# --diff shows no change of the mark and patch applies it, and a file with a mark and a
# syntax error is not touched. Whether the lexer takes the mark or not (fmt formats the
# text after it then), the bytes are the same.
set -u
T=${TRELLIS:?run me through tests/run.sh}
export LC_ALL=C
failed=0
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
command -v patch > /dev/null 2>&1 || { echo "FAIL: patch is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"; exit 1; }
bom=$(printf '\357\273\277')

printf 'role x {\nheadcount   1\n  salary 2 USD per year\n}\n' > plain.plan
{ printf '%s' "$bom"; cat plain.plan; } > marked.plan
cp marked.plan marked.orig
"$T" fmt < plain.plan > plain.fmt || fail "fmt of the plain file"
"$T" fmt < marked.plan > marked.fmt; st=$?
[ $st -eq 0 ] || fail "fmt < a file with a mark: exit $st"
{ printf '%s' "$bom"; cat plain.fmt; } > want.fmt
cmp -s marked.fmt want.fmt || { fail "the mark is not kept before the canonical text"; od -c marked.fmt | head -3; }
"$T" fmt --check marked.fmt > /dev/null || fail "the result with a mark is not canonical"

# --diff, then patch: the mark is on the first line of both sides
"$T" fmt --diff marked.plan > marked.diff || fail "--diff of a file with a mark"
cp marked.plan patched.plan
patch -s patched.plan < marked.diff && cmp -s patched.plan want.fmt || fail "patch of the --diff"

# in place: the mark kept; then canonical, so not rewritten again
"$T" fmt marked.plan || fail "fmt FILE with a mark"
cmp -s marked.plan want.fmt || fail "fmt FILE lost the mark"
before=$(stat -c %i marked.plan)
"$T" fmt marked.plan || fail "fmt of a canonical file with a mark"
[ "$(stat -c %i marked.plan)" = "$before" ] || fail "a canonical file with a mark was rewritten"

# the mark alone; the mark and a comment
printf '%s' "$bom" > only.plan
"$T" fmt < only.plan > only.fmt || fail "fmt of the mark alone"
cmp -s only.plan only.fmt || fail "the mark alone did not stay as it was"
printf '%s# about x\n\n\nrole x {}\n' "$bom" > comment.plan
printf '%s# about x\n\nrole x {}\n' "$bom" > comment.want
"$T" fmt < comment.plan > comment.fmt || fail "fmt of a mark and a comment"
cmp -s comment.fmt comment.want || { fail "a mark and a comment"; od -c comment.fmt | head -3; }

# a syntax error after the mark: diagnostics, exit 1, the file as it was
printf '%srole x {\n  headcount = 1\n}\n' "$bom" > broken.plan
cp broken.plan broken.orig
"$T" fmt broken.plan > out 2> err; st=$?
[ $st -eq 1 ] || fail "a file with a mark and a syntax error: exit $st"
cmp -s broken.plan broken.orig || fail "a file with a mark and a syntax error was changed"
grep -q 'not formatted: it has syntax errors' err || fail "no message: $(cat err)"
[ ! -s out ] || fail "output for a file with a syntax error"

# a mark later in the file is no mark: it is whatever the lexer makes of it, never dropped
printf 'role x {}\n%srole y {}\n' "$bom" > inner.plan
if "$T" fmt < inner.plan > inner.fmt 2> /dev/null; then
    grep -q "$bom" inner.fmt || fail "a mark inside the file was dropped"
fi

[ "$failed" -eq 0 ]
