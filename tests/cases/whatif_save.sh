#!/bin/sh
# :save appends the session's what-if to a file as `scenario NAME { ... }`: atomically
# (every byte of the old file kept, its mode kept, no temporary left behind), the result
# passes `trellis check`, and `trellis run --scenario NAME` prints the report that :run
# printed in the session (the scenario's name aside).
set -u
fail() { echo "whatif_save: $*"; exit 1; }
cp "$TRELLIS_ROOT/tests/repl/_whatif.plan" plan.plan
chmod 640 plan.plan
cp plan.plan before.plan
printf '%s\n' ':set lead_coaching.hours 40 hours per person per year' ':scenario more' ':set lead.headcount 12' \
    ':run' ':save plan.plan session_what_if' ':save plan.plan session_what_if' ':save plan.plan 9bad' |
    "$TRELLIS" repl plan.plan > session.out 2>&1 || fail "the repl failed"
grep -q '^saved scenario session_what_if to plan.plan$' session.out || { cat session.out; fail "no 'saved' line"; }
grep -q "^error: the plan already has a scenario 'session_what_if'$" session.out || { cat session.out; fail "saving twice was not refused"; }
grep -q "^error: '9bad' cannot name a scenario" session.out || fail "a bad name was not refused"
# the old bytes are the new file's first bytes
n=$(wc -c < before.plan)
head -c "$n" plan.plan | cmp -s - before.plan || fail "the old content was not kept byte for byte"
tail -n 6 plan.plan > added.txt
printf '\nscenario session_what_if {\n  extends more\n  lead_coaching.hours 40 hours per person per year\n  lead.headcount 12\n}\n' > expected.txt
cmp -s added.txt expected.txt || { diff expected.txt added.txt; fail "the scenario block is not as expected"; }
[ "$(stat -c %a plan.plan)" = 640 ] || fail "the mode was not kept: $(stat -c %a plan.plan)"
[ "$(ls | grep -c '^plan.plan.')" = 0 ] || fail "a temporary file was left behind"
"$TRELLIS" check plan.plan > check.out 2>&1 || { cat check.out; fail "the saved plan does not check"; }
"$TRELLIS" run plan.plan --scenario session_what_if > run.out 2>&1 || { cat run.out; fail "run --scenario failed"; }
# the session's report: from its "Plan:" line to the end of its "Results" section
awk '/^Plan: /{on=1} on{print} on && /^  benefit-cost ratio/{exit}' session.out | sed 's/scenario what-if,/scenario S,/' > a.txt
awk '/^Plan: /{on=1} on{print} on && /^  benefit-cost ratio/{exit}' run.out | sed 's/scenario session_what_if,/scenario S,/' > b.txt
[ -s a.txt ] || { cat session.out; fail ":run printed no report"; }
diff a.txt b.txt > d.txt || { cat d.txt; fail "run --scenario does not reproduce :run"; }
grep -q "headcount\|12.0" a.txt || fail "the what-if did not reach the report"
# a file that does not exist yet is created
printf '%s\n' ':set lead.headcount 3' ':save new.plan just_this' | "$TRELLIS" repl plan.plan > new.out 2>&1
grep -q 'saved scenario just_this to new.plan' new.out || { cat new.out; fail "no new file"; }
grep -q '^scenario just_this {$' new.plan || fail "the new file lacks the scenario"
# an unwritable directory: an error, the file untouched
mkdir ro && cp before.plan ro/p.plan && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
    printf '%s\n' ':set lead.headcount 3' ':save ro/p.plan x' | "$TRELLIS" repl plan.plan > ro.out 2>&1
    grep -q "^error: cannot write 'ro/p.plan'" ro.out || { cat ro.out; fail "no error for an unwritable directory"; }
    cmp -s ro/p.plan before.plan || fail "a failed save changed the file"
fi
chmod 755 ro
exit 0
