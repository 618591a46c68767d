#!/bin/sh
# diff --git REV FILE with FILE outside any git repository: one line of ours on stderr,
# none of git's ("fatal: not a git repository ..."), nothing on stdout, exit 2.
set -u
fail() { echo "diff_git_outside: $*"; exit 1; }
command -v git >/dev/null || fail "git is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"
dir=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$dir"' EXIT
# git stops looking for a repository at the temporary directory's parent, wherever it is
GIT_CEILING_DIRECTORIES=$(dirname "$dir")
export GIT_CEILING_DIRECTORIES
git -C "$dir" rev-parse --show-toplevel > /dev/null 2>&1 && fail "$dir is inside a repository"
printf 'plan "P" { start 2026-01; horizon 1 year }\n' > "$dir/p.plan"
cd "$dir" || fail "cd"
"$TRELLIS" diff --git HEAD p.plan > out.txt 2> err.txt
status=$?
[ "$status" -eq 2 ] || fail "exit status $status, expected 2"
[ ! -s out.txt ] || fail "unexpected stdout: $(cat out.txt)"
printf "trellis: 'p.plan' is not inside a git repository\n" > want.txt
diff want.txt err.txt > diff.txt || fail "stderr differs (- expected, + got):
$(cat diff.txt)"
exit 0
