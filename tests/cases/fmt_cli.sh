#!/bin/sh
# fmt_cli.sh — `trellis fmt` as a command: --check names the files that would change and
# exits 1; --diff prints a unified diff that `patch` applies; FILE is rewritten in place
# through a temporary file, keeping its mode (and a symbolic link's target); an unchanged
# file is not rewritten; stdin to stdout; exit 2 for unreadable files and bad options; a
# file with syntax errors is left byte for byte as it was, with its diagnostics, exit 1;
# long names, FIFOs (refused in place) and an unreadable stdin (named <stdin>).
set -u
T=${TRELLIS:?run me through tests/run.sh}
export LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
failed=0
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
command -v diff > /dev/null 2>&1 || { echo "FAIL: diff is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"; exit 1; }
command -v patch > /dev/null 2>&1 || { echo "FAIL: patch is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"; exit 1; }
expect_status() { [ "$2" -eq "$3" ] || fail "$1: exit $2, expected $3"; }

printf 'role a {\nheadcount 1\n  salary   2 USD per year\n    attrition 3%%\n}\n' > messy.plan
printf 'role a {\n  headcount  1\n  salary     2 USD per year\n  attrition  3%%\n}\n' > want.plan
cp want.plan tidy.plan
cp messy.plan messy.orig
printf 'role a {\n  headcount = 1\n}\n' > broken.plan
cp broken.plan broken.orig

# --check: names exactly the files that would change, changes nothing
out=$("$T" fmt --check tidy.plan messy.plan); st=$?
expect_status "--check with one untidy file" $st 1
[ "$out" = "messy.plan" ] || fail "--check printed '$out', expected 'messy.plan'"
cmp -s messy.plan messy.orig || fail "--check changed messy.plan"
out=$("$T" fmt --check tidy.plan); st=$?
expect_status "--check of a tidy file" $st 0
[ -z "$out" ] || fail "--check of a tidy file printed '$out'"
out=$("$T" fmt --check < messy.plan); st=$?
expect_status "--check of stdin" $st 1
[ "$out" = "<stdin>" ] || fail "--check of stdin printed '$out'"

# --diff: exactly this diff, which patch applies; nothing changed
"$T" fmt --diff messy.plan tidy.plan > got.diff; st=$?
expect_status "--diff" $st 0
cat > want.diff <<'DIFF'
--- messy.plan	(original)
+++ messy.plan	(formatted)
@@ -1,5 +1,5 @@
 role a {
-headcount 1
-  salary   2 USD per year
-    attrition 3%
+  headcount  1
+  salary     2 USD per year
+  attrition  3%
 }
DIFF
cmp -s got.diff want.diff || { fail "--diff output"; diff -u want.diff got.diff; }
cmp -s messy.plan messy.orig || fail "--diff changed messy.plan"
cp messy.plan patched.plan
patch -s patched.plan < got.diff && cmp -s patched.plan want.plan || fail "patch does not apply the diff"
# Two hunks, and a last line without its newline: the same hunks as `diff -u` finds.
printf 'role a {\nheadcount 1\n}\n\nlet p = 1\nlet q = 2\nlet r = 3\nlet s = 4\nlet t = 5\nlet u = 6\nlet v = 7\n\nlet w   = 8' > long.plan
"$T" fmt --diff long.plan > long.diff
"$T" fmt < long.plan > long.fmt
cat > long.want <<'DIFF'
--- long.plan	(original)
+++ long.plan	(formatted)
@@ -1,6 +1,4 @@
-role a {
-headcount 1
-}
+role a { headcount 1 }
 
 let p = 1
 let q = 2
@@ -10,4 +8,4 @@
 let u = 6
 let v = 7
 
-let w   = 8
\ No newline at end of file
+let w = 8
DIFF
cmp -s long.diff long.want || { fail "--diff of a longer file"; diff -u long.want long.diff; }
diff -u long.plan long.fmt | tail -n +3 > gnu.hunks
tail -n +3 long.diff | cmp -s - gnu.hunks || fail "hunks differ from diff -u"
patch -s long.plan < long.diff && cmp -s long.plan long.fmt || fail "patch does not apply the longer diff"

# in place: the canonical text, the same mode, no temporary file left behind
chmod 640 messy.plan
"$T" fmt messy.plan; st=$?
expect_status "fmt FILE" $st 0
cmp -s messy.plan want.plan || fail "fmt FILE did not write the canonical text"
[ "$(stat -c %a messy.plan)" = 640 ] || fail "mode became $(stat -c %a messy.plan), expected 640"
[ -z "$(ls -A | grep '\.fmt-')" ] || fail "temporary file left: $(ls -A | grep '\.fmt-')"
# an unchanged file is not rewritten (same inode: no rename happened)
before=$(stat -c %i tidy.plan)
"$T" fmt tidy.plan || fail "fmt of a tidy file failed"
[ "$(stat -c %i tidy.plan)" = "$before" ] || fail "a tidy file was rewritten"
# through a symbolic link, the target is rewritten and the link stays
cp messy.orig target.plan
ln -s target.plan link.plan
"$T" fmt link.plan || fail "fmt through a link failed"
[ -L link.plan ] || fail "the link was replaced by a file"
cmp -s target.plan want.plan || fail "the link's target was not formatted"

# stdin to stdout, with no FILE or with '-'
"$T" fmt < messy.orig > out1 || fail "fmt < FILE failed"
"$T" fmt - < messy.orig > out2 || fail "fmt - < FILE failed"
cmp -s out1 want.plan || fail "fmt < FILE output"
cmp -s out2 want.plan || fail "fmt - < FILE output"

# syntax errors: diagnostics with a position, exit 1, the file byte for byte as it was,
# and the other files still formatted
cp messy.orig other.plan
"$T" fmt broken.plan other.plan > out 2> err; st=$?
expect_status "fmt of a file with syntax errors" $st 1
cmp -s broken.plan broken.orig || fail "a file with syntax errors was changed"
grep -q '^broken.plan:2:13: error\[E111\]' err || { fail "no diagnostic for broken.plan"; cat err; }
cmp -s other.plan want.plan || fail "the file after a broken one was not formatted"
[ ! -s out ] || fail "stdout not empty: $(cat out)"
"$T" fmt < broken.orig > out 2> /dev/null; st=$?
expect_status "fmt < broken" $st 1
[ ! -s out ] || fail "stdin with syntax errors gave output"

# exit 2: a missing file (the others are still done), a directory, an unknown option
cp messy.orig later.plan
"$T" fmt missing.plan later.plan > out 2> err; st=$?
expect_status "missing file" $st 2
grep -q "cannot read 'missing.plan'" err || fail "no message for the missing file: $(cat err)"
cmp -s later.plan want.plan || fail "the file after a missing one was not formatted"
mkdir adir
"$T" fmt adir 2> err; st=$?
expect_status "directory" $st 2
"$T" fmt --bogus tidy.plan > out 2> err; st=$?
expect_status "unknown option" $st 2
grep -q "unknown option '--bogus'" err || fail "no message for the unknown option: $(cat err)"
# a directory we may not write into: the file is left as it was, exit 2
if [ "$(id -u)" != 0 ]; then
    mkdir ro && cp messy.orig ro/x.plan && chmod 555 ro
    "$T" fmt ro/x.plan 2> err; st=$?
    expect_status "read-only directory" $st 2
    cmp -s ro/x.plan messy.orig || fail "file in a read-only directory changed"
    chmod 755 ro
fi

# names of 245 to 255 bytes: the temporary name (cut short) still fits in NAME_MAX
for n in 245 250 255; do
    name=$(printf "%0$((n - 5))d.plan" 0)
    cp messy.orig "$name"
    "$T" fmt "$name" 2> err; st=$?
    expect_status "fmt of a $n-byte name" $st 0
    cmp -s "$name" want.plan || fail "a $n-byte name was not formatted: $(cat err)"
done
# the same with a name of two-byte characters: cut at a character, not inside one
name=$(i=0; while [ $i -lt 125 ]; do printf '\303\251'; i=$((i + 1)); done).plan
cp messy.orig "$name"
"$T" fmt "$name" 2> err || fail "a 255-byte UTF-8 name: $(cat err)"
cmp -s "$name" want.plan || fail "a 255-byte UTF-8 name was not formatted"
[ -z "$(ls -A | grep '\.fmt-')" ] || fail "temporary file left after long names"

# a FIFO (any file not regular) is not rewritten in place: exit 2, a message, still a FIFO;
# --check and --diff read it
if mkfifo fifo 2> /dev/null; then
    "$T" fmt fifo 2> err; st=$?
    expect_status "fmt of a FIFO" $st 2
    grep -q "^trellis: cannot format 'fifo' in place: it is a FIFO, not a regular file" err ||
        fail "no message for the FIFO: $(cat err)"
    [ -p fifo ] || fail "the FIFO was replaced"
    cat messy.orig > fifo &
    out=$("$T" fmt --check fifo); st=$?
    wait
    expect_status "--check of a FIFO" $st 1
    [ "$out" = fifo ] || fail "--check of a FIFO printed '$out'"
fi

# an unreadable stdin is named <stdin>
"$T" fmt <&- 2> err; st=$?
expect_status "closed stdin" $st 2
grep -qx "trellis: cannot read '<stdin>': Bad file descriptor" err || fail "closed stdin: $(cat err)"
"$T" fmt - < adir 2> err; st=$?
expect_status "a directory as stdin" $st 2
grep -q "^trellis: cannot read '<stdin>'" err || fail "a directory as stdin: $(cat err)"

# --help
"$T" fmt --help | grep -q '^usage: trellis fmt \[--check|--diff\] \[FILE...\]' || fail "fmt --help"

[ "$failed" -eq 0 ]
