#!/bin/sh
# :save appends the session's what-if to a file as `scenario NAME { ... }`: atomically
# (every byte of the old file kept, its mode kept, no temporary left behind), in the
# formatter's layout, the result passes `trellis check`, and `trellis run --scenario NAME`
# prints the report that :run printed in the session (the scenario's name aside). A FILE
# that would not check with the block, or that already declares NAME, is refused and left
# as it was; a symbolic link is written through to its file.
set -u
fail() { echo "whatif_save: $*"; exit 1; }
cp "$TRELLIS_ROOT/tests/repl/_whatif.plan" plan.plan
chmod 640 plan.plan
cp plan.plan before.plan
printf '%s\n' ':set lead_coaching.hours 40 hours per person per year' ':scenario more' ':set lead.headcount 12' \
    ':run' ':save plan.plan session_what_if' ':save plan.plan session_what_if' ':save plan.plan 9bad' ':save plan.plan baseline' |
    "$TRELLIS" repl plan.plan > session.out 2>&1 || fail "the repl failed"
grep -q '^saved scenario session_what_if to plan.plan$' session.out || { cat session.out; fail "no 'saved' line"; }
grep -q "^<repl>:6:17: error\[E202\]: 'plan.plan' already declares scenario 'session_what_if'; nothing was written$" session.out ||
    { cat session.out; fail "saving twice was not refused"; }
grep -q "^<repl>:7:17: error\[E602\]: '9bad' cannot name a scenario" session.out || { cat session.out; fail "a bad name was not refused"; }
grep -q "^<repl>:8:17: error\[E209\]: 'baseline' is the plan as written" session.out || { cat session.out; fail "baseline was not refused"; }
# the old bytes are the new file's first bytes
n=$(wc -c < before.plan)
head -c "$n" plan.plan | cmp -s - before.plan || fail "the old content was not kept byte for byte"
tail -n 6 plan.plan > added.txt
printf '\nscenario session_what_if {\n  extends              more\n  lead_coaching.hours  40 hours per person per year\n  lead.headcount       12\n}\n' > expected.txt
cmp -s added.txt expected.txt || { diff expected.txt added.txt; fail "the scenario block is not as expected"; }
[ "$(stat -c %a plan.plan)" = 640 ] || fail "the mode was not kept: $(stat -c %a plan.plan)"
[ "$(ls | grep -c '^plan.plan.')" = 0 ] || fail "a temporary file was left behind"
"$TRELLIS" check plan.plan > check.out 2>&1 || { cat check.out; fail "the saved plan does not check"; }
tail -n 5 plan.plan > block.plan
"$TRELLIS" fmt --check block.plan > fmt.out 2>&1 || { cat fmt.out block.plan; fail "the saved block is not in the canonical layout"; }
"$TRELLIS" run plan.plan --scenario session_what_if > run.out 2>&1 || { cat run.out; fail "run --scenario failed"; }
# the session's report: from its "Plan:" line to the end of its "Results" section
awk '/^Plan: /{on=1} on{print} on && /^  benefit-cost ratio/{exit}' session.out | sed 's/scenario what-if,/scenario S,/' > a.txt
awk '/^Plan: /{on=1} on{print} on && /^  benefit-cost ratio/{exit}' run.out | sed 's/scenario session_what_if,/scenario S,/' > b.txt
[ -s a.txt ] || { cat session.out; fail ":run printed no report"; }
diff a.txt b.txt > d.txt || { cat d.txt; fail "run --scenario does not reproduce :run"; }
grep -q "headcount\|12.0" a.txt || fail "the what-if did not reach the report"

# one override: the block on one line, as `trellis fmt` writes it
printf '%s\n' ':set lead.headcount 3' ':save plan.plan one' | "$TRELLIS" repl plan.plan > one.out 2>&1
tail -n 1 plan.plan | grep -qx 'scenario one { lead.headcount 3 }' || { tail -n 3 plan.plan; fail "a one-override block is not on one line"; }
tail -n 1 plan.plan > block1.plan
"$TRELLIS" fmt --check block1.plan > fmt2.out 2>&1 || { cat fmt2.out; fail "the one-line block is not canonical"; }

# a file that does not exist yet is created importing the plan, and checks
printf '%s\n' ':set lead.headcount 3' ':save new.plan just_this' | "$TRELLIS" repl plan.plan > new.out 2>&1
grep -q 'saved scenario just_this to new.plan' new.out || { cat new.out; fail "no new file"; }
printf 'import "plan.plan"\n\nscenario just_this { lead.headcount 3 }\n' | cmp -s - new.plan || { cat new.plan; fail "the new file is not the import and the block"; }
"$TRELLIS" check new.plan > newcheck.out 2>&1 || { cat newcheck.out; fail "the new file does not check"; }
"$TRELLIS" run new.plan --scenario just_this > /dev/null 2>&1 || fail "the new file's scenario does not run"
"$TRELLIS" fmt --check new.plan > newfmt.out 2>&1 || { cat newfmt.out; fail "the new file is not in the canonical layout"; }

# a file that is not the plan and does not import it: refused, untouched
printf 'role other { headcount 2 }\n' > other.plan
cp other.plan other.before
printf '%s\n' ':set lead_coaching.hours 6 hours per person per year' ':save other.plan s1' ':save other.plan s1' |
    "$TRELLIS" repl plan.plan > other.out 2>&1
grep -q "^other.plan:1:1: error\[E401\]: no plan block" other.out || { cat other.out; fail "no E401 for a file without the plan"; }
grep -q "^<repl>:2:7: error\[E605\]: 'other.plan' would not check with scenario s1; nothing was written$" other.out || { cat other.out; fail "no refusal"; }
[ "$(grep -c 'E605' other.out)" = 2 ] || { cat other.out; fail "the second save was not refused too"; }
cmp -s other.plan other.before || fail "a refused save changed the file"
grep -q saved other.out && fail "a refused save said it saved"

# a symbolic link is written through: it stays a link, its file gets the block
mkdir real && cp before.plan real/p.plan && ln -s real/p.plan link.plan
printf '%s\n' ':set lead.headcount 5' ':save link.plan via_link' | "$TRELLIS" repl link.plan > link.out 2>&1
grep -q 'saved scenario via_link to link.plan' link.out || { cat link.out; fail "no save through the link"; }
[ -L link.plan ] || fail "the link was replaced by a file"
grep -q '^scenario via_link { lead.headcount 5 }$' real/p.plan || { cat real/p.plan; fail "the link's file lacks the block"; }
[ "$(ls real | grep -c '^p.plan.')" = 0 ] || fail "a temporary file was left beside the link's file"
ln -s nowhere.plan dangling.plan
printf '%s\n' ':set lead.headcount 5' ':save dangling.plan x' | "$TRELLIS" repl plan.plan > dangling.out 2>&1
grep -q "error\[E604\]: 'dangling.plan' is a symbolic link to a file that does not exist" dangling.out || { cat dangling.out; fail "a dangling link was not refused"; }

# an unwritable directory: an error, the file untouched
mkdir ro && cp before.plan ro/p.plan && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
    printf '%s\n' ':set lead.headcount 3' ':save ro/p.plan x' | "$TRELLIS" repl ro/p.plan > ro.out 2>&1
    grep -q "error\[E604\]: cannot write 'ro/p.plan'" ro.out || { cat ro.out; fail "no error for an unwritable directory"; }
    cmp -s ro/p.plan before.plan || fail "a failed save changed the file"
fi
chmod 755 ro
exit 0
