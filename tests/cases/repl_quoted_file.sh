#!/bin/sh
# repl_quoted_file.sh — :save and :load take FILE bare or as a string written as in the
# language: the quotes are not part of the name, escapes are decoded, so a name with blanks
# can be given; a string that is not closed, an unknown escape, text after a quoted :load
# FILE or a NAME glued to it are E602, and no file is made.
set -u
fail() { echo "repl_quoted_file: $*"; exit 1; }
cp "$TRELLIS_ROOT/tests/repl/_whatif.plan" plan.plan
cp plan.plan 'my plan.plan'
{
    echo ':set lead_coaching.hours 40 hours per person per year'
    echo ':save "q.plan" quoted'
    echo ':save "sp ace.plan" spaced'
    echo ':save "a\u{62}\t.plan" escaped'
    echo ':save "open.plan spaced'
    echo ':save "x\q.plan" bad_escape'
    echo ':save "glued.plan"name'
    echo ':save "" empty'
    echo ':load "my plan.plan"'
    echo ':load "my plan.plan" extra'
    echo ':load my plan.plan'
} | "$TRELLIS" repl plan.plan > out.txt 2>&1
grep -q '^saved scenario quoted to q.plan$' out.txt || { cat out.txt; fail ':save "q.plan" did not save to q.plan'; }
[ -f q.plan ] || fail "q.plan was not made"
[ ! -e '"q.plan"' ] || fail 'a file named "q.plan", quotes and all, was made'
grep -q '^saved scenario spaced to sp ace.plan$' out.txt || { cat out.txt; fail "a quoted name with a blank was not saved"; }
[ -f 'sp ace.plan' ] || fail "'sp ace.plan' was not made"
[ -f "$(printf 'ab\t.plan')" ] || { ls; fail "the escapes \\u{62} and \\t were not decoded"; }
"$TRELLIS" check q.plan > /dev/null || fail "q.plan does not check"
grep -q "^<repl>:5:7: error\[E602\]: the FILE's string is not closed$" out.txt || { cat out.txt; fail "an unclosed string was not refused at its column"; }
grep -q "^<repl>:6:9: error\[E602\]: this escape cannot be in a FILE$" out.txt || { cat out.txt; fail "an unknown escape was not refused at its column"; }
grep -q "^<repl>:7:19: error\[E602\]: put a blank between FILE and NAME$" out.txt || { cat out.txt; fail "a NAME glued to FILE was not refused"; }
grep -q "^<repl>:8:7: error\[E602\]: the FILE's string is empty$" out.txt || { cat out.txt; fail "an empty FILE was not refused"; }
grep -q '^loaded my plan.plan$' out.txt || { cat out.txt; fail ':load "my plan.plan" did not load it'; }
grep -q "^<repl>:10:22: error\[E602\]: :load takes one FILE$" out.txt || { cat out.txt; fail "text after a quoted :load FILE was not refused"; }
grep -q '^loaded my plan.plan$' out.txt || fail "a bare :load FILE with a blank no longer loads"
[ "$(grep -c '^loaded my plan.plan$' out.txt)" -eq 2 ] || { cat out.txt; fail "a bare :load FILE with a blank no longer loads"; }
for f in open.plan 'open.plan spaced' 'x\q.plan' xq.plan glued.plan '"glued.plan"name'; do
    [ ! -e "$f" ] || fail "'$f' was made by a refused :save"
done
exit 0
