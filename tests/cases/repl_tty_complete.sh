#!/bin/sh
# The REPL in a real terminal (tmux) completes a declared name and an attribute path:
# `lead_coa<TAB>` becomes `lead_coaching`, `lead_coaching.hou<TAB>` becomes
# `lead_coaching.hours`, `lead_coaching.<TAB><TAB>` lists the program's attributes (and its
# blocks, one part at a time: `lead_coaching.gains.<TAB>` goes on to the skill), and the
# completed expression evaluates; `let` constants and model parameters complete too.
set -u
command -v tmux >/dev/null || { echo "tmux is not installed (tools/deps.sh installs it for make check)"; exit 1; }
dir=$(pwd)
export XDG_STATE_HOME="$dir/state"
sock="$dir/tmux.sock"
tm() { tmux -S "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT
wait_for() {
    i=0
    while [ $i -lt 50 ]; do
        tm capture-pane -t t -p > "$dir/screen" 2>/dev/null
        grep -q -- "$1" "$dir/screen" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "never saw: $1"; echo "--- screen:"; cat "$dir/screen"
    exit 1
}
cp "$TRELLIS_ROOT/tests/repl/_whatif.plan" plan.plan
tm new-session -d -s t -x 120 -y 40 "XDG_STATE_HOME='$XDG_STATE_HOME' TRELLIS_STDLIB='$TRELLIS_STDLIB' '$TRELLIS' repl plan.plan"
wait_for '^trellis> *$'
tm send-keys -t t 'lead_coa' Tab
wait_for '^trellis> lead_coaching *$'
tm send-keys -t t '.hou' Tab
wait_for '^trellis> lead_coaching\.hours *$'
tm send-keys -t t Enter
wait_for '^20 hours per person per year$'
tm send-keys -t t 'lead_coaching.' Tab Tab
wait_for 'lead_coaching\.budget'
wait_for 'lead_coaching\.participants'
tm capture-pane -t t -p | grep -q 'lead_coaching\.gains\.leadership' && { echo "the listing went past the next part"; tm capture-pane -t t -p; exit 1; }
wait_for 'lead_coaching\.gains'
tm send-keys -t t C-u 'lead_coaching.gains.' Tab
wait_for '^trellis> lead_coaching\.gains\.leadership *$'
tm send-keys -t t Enter
wait_for '^15%$'
tm send-keys -t t 'coach_r' Tab
wait_for '^trellis> coach_rate *$'
tm send-keys -t t Enter
wait_for '^400 USD per hour$'
tm send-keys -t t 'model.' Tab Tab
wait_for 'model\.transfer_floor'
wait_for 'model\.effect_sd'
tm send-keys -t t C-u 'model.transfer_f' Tab
wait_for '^trellis> model\.transfer_floor *$'
tm send-keys -t t C-u ':se' Tab
wait_for '^trellis> :set *$'
tm send-keys -t t 'lead.sal' Tab
wait_for '^trellis> :set lead\.salary *$'
tm send-keys -t t C-u C-d
exit 0
