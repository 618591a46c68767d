#!/bin/sh
# diff --git REV FILE reads the old version at REV, its imports too (the directory tree at
# REV, not the work tree's files), and reports what changed; a bad revision or a file that
# did not exist then is exit 2; a broken old version is exit 1.
set -u
fail() { echo "diff_git: $*"; exit 1; }
command -v git >/dev/null || fail "git is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"
command -v jq >/dev/null || fail "jq is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"
mkdir repo tmp && cd repo || exit 1
TMPDIR=$(cd ../tmp && pwd)
export TMPDIR
git init -q . && git config user.email t@example.com && git config user.name t
mkdir plans
cp "$TRELLIS_ROOT/tests/golden/whatif/_base.plan" plans/main.plan
sed -i '1i import "shared"' plans/main.plan
sed -i 's/^budget coaching.*//' plans/main.plan
printf 'budget coaching { parent learning; amount 200k USD per year }\n' > plans/shared.plan
git add plans && git commit -q -m one
# the new version: more hours, and the imported budget changes too
sed -i 's/hours   20 hours per person per year/hours   40 hours per person per year/' plans/main.plan
printf 'budget coaching { parent learning; amount 300k USD per year }\n' > plans/shared.plan
"$TRELLIS" diff --git HEAD plans/main.plan > out.txt 2> err.txt || { cat out.txt err.txt; fail "diff --git failed"; }
grep -q '^diff HEAD:plans/main.plan -> plans/main.plan$' out.txt || { cat out.txt; fail "no header"; }
grep -q 'hours: 20 hours per person per year -> 40 hours per person per year' out.txt || { cat out.txt; fail "the change of hours is missing"; }
grep -q 'amount: 200k USD per year -> 300k USD per year' out.txt || { cat out.txt; fail "the imported file was not read at HEAD"; }
grep -q '^  coaching 2026-12: ' out.txt || { cat out.txt; fail "no change of spend"; }
"$TRELLIS" diff --git HEAD plans/main.plan --format markdown | grep -q '^### Trellis: what this change' || fail "no markdown"
"$TRELLIS" diff --git HEAD plans/main.plan --format json > j.json || fail "json failed"
[ "$(jq -r '.entities[] | select(.name == "lead_coaching") | .attributes[0].new' j.json)" = "40 hours per person per year" ] || fail "json entities"
# from another directory, with the path relative to it
(cd plans && "$TRELLIS" diff --git HEAD main.plan > ../sub.txt) || fail "diff --git from a subdirectory failed"
grep -q 'hours: 20' sub.txt || fail "subdirectory: no change"
"$TRELLIS" diff --git nosuchrev plans/main.plan > /dev/null 2> e1.txt; [ $? = 2 ] || fail "a bad revision is not exit 2"
# git's own words stay out of it: one line of ours
[ "$(wc -l < e1.txt)" = 1 ] || { cat e1.txt; fail "a bad revision is not one line"; }
grep -q "^trellis: 'nosuchrev' is not a revision of the repository at " e1.txt || { cat e1.txt; fail "no trellis line for a bad revision"; }
grep -q 'fatal' e1.txt && fail "git's message leaked"
printf 'plan "x" { start 2026-01; horizon 1 year }\n' > plans/new.plan
"$TRELLIS" diff --git HEAD plans/new.plan > /dev/null 2> e2.txt; [ $? = 2 ] || fail "a file missing at REV is not exit 2"
grep -q "does not exist at revision 'HEAD'" e2.txt || { cat e2.txt; fail "no message for a missing file"; }
# an old version with errors: exit 1
git add plans && git commit -q -m two
printf 'role broken { headcount 3 days }\n' >> plans/main.plan && git commit -qam broken
git show HEAD~1:plans/main.plan > plans/main.plan
"$TRELLIS" diff --git HEAD plans/main.plan > /dev/null 2> e3.txt; [ $? = 1 ] || { cat e3.txt; fail "errors in the old version are not exit 1"; }
grep -q "error\[E303\]" e3.txt || { cat e3.txt; fail "the old version's error is not shown"; }
# the old version's files are named REV:PATH, never the temporary copy
grep -q "^HEAD:plans/main.plan:[0-9]*:[0-9]*: error\[E303\]" e3.txt || { cat e3.txt; fail "the error does not name HEAD:plans/main.plan"; }
grep -q "trellis-diff-" e3.txt && { cat e3.txt; fail "the temporary copy shows"; }
# an error in an imported file at REV is named the same way
git show HEAD~1:plans/main.plan > plans/main.plan
printf 'budget coaching { parent learning; amount 3 days }\n' > plans/shared.plan && git commit -qam "broken import"
git show HEAD~1:plans/shared.plan > plans/shared.plan
"$TRELLIS" diff --git HEAD plans/main.plan > /dev/null 2> e4.txt; [ $? = 1 ] || { cat e4.txt; fail "errors in an old import are not exit 1"; }
grep -q "^HEAD:plans/shared.plan:1:" e4.txt || { cat e4.txt; fail "the old import is not named HEAD:plans/shared.plan"; }
# from a subdirectory the old side is still named from the repository's top
(cd plans && "$TRELLIS" diff --git HEAD~2 main.plan > ../sub2.txt 2>&1)
grep -q '^diff HEAD~2:plans/main.plan -> main.plan' sub2.txt || { cat sub2.txt; fail "the old side is not REV:PATH from the top"; }
[ -z "$(ls "$TMPDIR")" ] || fail "temporary files were left: $(ls "$TMPDIR")"
exit 0
