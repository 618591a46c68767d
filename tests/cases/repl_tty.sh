#!/bin/sh
# The REPL in a real terminal (tmux): the prompt, a continuation prompt, tab completion of a
# command, Ctrl-C cancelling a line, history recalled with Up, and history saved across
# sessions under $XDG_STATE_HOME/trellis/history: separate entries stay separate in the
# next session, and a block typed over several lines comes back as one entry.
set -u
command -v tmux >/dev/null || { echo "tmux is not installed (tools/deps.sh installs it for make check)"; exit 1; }
dir=$(pwd)
export XDG_STATE_HOME="$dir/state"
sock="$dir/tmux.sock"
tm() { tmux -S "$sock" "$@"; }
cleanup() { tm kill-server 2>/dev/null; }
trap cleanup EXIT

# wait_for PATTERN: poll the screen until a line matches (5 s at most)
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

# wait_last PATTERN: the same for the last non-blank line (the line being edited)
wait_last() {
    i=0
    while [ $i -lt 50 ]; do
        tm capture-pane -t t -p 2>/dev/null | grep -v '^ *$' | tail -n 1 > "$dir/last"
        grep -q -- "$1" "$dir/last" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "the last line never matched: $1"; echo "--- screen:"; tm capture-pane -t t -p
    exit 1
}

tm new-session -d -s t -x 100 -y 40 "XDG_STATE_HOME='$XDG_STATE_HOME' '$TRELLIS' repl"
wait_for '^trellis> *$'
tm send-keys -t t '1+2' Enter
wait_for '^3$'
tm send-keys -t t '3+4' Enter
wait_for '^7$'
tm send-keys -t t 'skill s {' Enter
wait_last '^\.\.\.> *$'
tm send-keys -t t 'half_life 9 months }' Enter
wait_for '^added skill s'                # typed ahead of the prompt, ':hel' would show before it
tm send-keys -t t ':hel' Tab
wait_for '^trellis> :help *$'
tm send-keys -t t Enter
wait_for ':reload *read the loaded plan'
tm send-keys -t t 'role half {' C-c
tm send-keys -t t ':quit' C-a C-k        # typed then erased: nothing left on the line
wait_last '^trellis> *$'
tm send-keys -t t Up
wait_last '^trellis> :help *$'
tm send-keys -t t C-u C-d
i=0; while tm has-session -t t 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
tm has-session -t t 2>/dev/null && { echo "Ctrl-D did not end the session"; exit 1; }

hist="$XDG_STATE_HOME/trellis/history"
[ -f "$hist" ] || { echo "no history file at $hist"; exit 1; }
grep -q '^:help' "$hist" || { echo "history lacks :help"; cat "$hist"; exit 1; }
grep -q 'role half' "$hist" && { echo "a cancelled line went into the history"; exit 1; }
# every entry is written after a timestamp line, so that the next session can tell them apart
[ "$(grep -c '^#[0-9]' "$hist")" = 4 ] || { echo "the history has no timestamp per entry"; cat "$hist"; exit 1; }

# A NEW session recalls each entry on its own, newest first: :help, then the block typed
# over two lines as one entry, then 3+4, then 1+2 (never all of them run together).
tm new-session -d -s t -x 100 -y 40 "XDG_STATE_HOME='$XDG_STATE_HOME' '$TRELLIS' repl"
wait_for '^trellis> *$'
tm send-keys -t t Up
wait_last '^trellis> :help *$'
tm capture-pane -t t -p | grep -q 'half_life\|3+4' && { echo "Up recalled more than the last entry"; tm capture-pane -t t -p; exit 1; }
tm send-keys -t t Up
wait_for '^trellis> skill s {'
wait_last '^half_life 9 months }'
tm send-keys -t t Up
wait_last '^trellis> 3+4 *$'
tm capture-pane -t t -p | grep -q 'half_life' && { echo "the block was not replaced by 3+4"; tm capture-pane -t t -p; exit 1; }
tm send-keys -t t Up
wait_last '^trellis> 1+2 *$'
# the block recalled runs as one entry
tm send-keys -t t Down
wait_last '^trellis> 3+4 *$'
tm send-keys -t t Down
wait_last '^half_life 9 months }'
tm send-keys -t t Enter
wait_for '^added skill s$'
tm send-keys -t t C-u C-d
exit 0
