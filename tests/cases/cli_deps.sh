#!/bin/sh
# cli_deps.sh — tools/deps.sh asks apt-get for every package the build and the tests need
# when their commands are missing (on a fresh Debian: gcc, make, flex, bison, and for
# TRELLIS_DEPS=test jq, tmux, git, patch, groff, python3...), runs `apt-get update` only
# then, and says nothing and installs nothing when all is there. apt-get and id are stubs
# here; the PATH holds only what each case lets deps.sh see. (Headers are looked for in
# /usr/include, which the stubs cannot hide: the build packages that only give headers are
# not checked here.)
set -u
fail() { printf 'cli_deps: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS_ROOT:-}" ] || fail "TRELLIS_ROOT is not set: run me through tests/run.sh"
deps=$TRELLIS_ROOT/tools/deps.sh
log=$(pwd)/apt.log
mkdir bare full
for d in bare full; do
    printf '#!/bin/sh\necho "apt-get $*" >> "%s"\n' "$log" > $d/apt-get
    printf '#!/bin/sh\necho 0\n' > $d/id
    chmod +x $d/apt-get $d/id
done
# `full` has every command deps.sh looks for (stand-ins that are never run)
for c in cc make flex bison jq tmux git patch groff python3 diff tar luac5.4 clang; do
    printf '#!/bin/sh\nexit 0\n' > full/$c
    chmod +x full/$c
done
sh=$(command -v sh)

# Nothing there: one update, then one install naming every package, on stderr only.
: > "$log"
TRELLIS_DEPS=test PATH=$(pwd)/bare "$sh" "$deps" > out.txt 2> err.txt || fail "deps.sh failed on a bare machine: $(cat err.txt)"
[ ! -s out.txt ] || fail "deps.sh wrote to stdout: $(cat out.txt)"
grep -q 'installing missing dependencies' err.txt || fail "deps.sh did not say what it installs: $(cat err.txt)"
[ "$(sed -n 1p "$log")" = "apt-get update -qq" ] || fail "the first apt-get call is not the update: $(cat "$log")"
[ "$(wc -l < "$log")" -eq 2 ] || fail "expected an update and one install: $(cat "$log")"
install=$(sed -n 2p "$log")
for pkg in gcc make flex bison jq tmux git patch groff-base python3 diffutils tar; do
    case " $install " in *" $pkg "*) ;; *) fail "a bare machine does not get '$pkg': $install" ;; esac
done
# Without TRELLIS_DEPS only the build's packages.
: > "$log"
PATH=$(pwd)/bare "$sh" "$deps" 2> /dev/null || fail "deps.sh (build only) failed"
install=$(sed -n 2p "$log")
for pkg in gcc make flex bison; do
    case " $install " in *" $pkg "*) ;; *) fail "the build alone does not get '$pkg': $install" ;; esac
done
for pkg in jq tmux git patch groff-base python3; do
    case " $install " in *" $pkg "*) fail "the build alone asks for the test tool '$pkg': $install" ;; esac
done
# bench and fuzz add theirs.
: > "$log"
TRELLIS_DEPS=bench PATH=$(pwd)/bare "$sh" "$deps" 2> /dev/null || fail "deps.sh (bench) failed"
grep -q ' lua5.4' "$log" || fail "bench does not ask for lua5.4: $(cat "$log")"
: > "$log"
TRELLIS_DEPS=fuzz PATH=$(pwd)/bare "$sh" "$deps" 2> /dev/null || fail "deps.sh (fuzz) failed"
grep -q ' clang' "$log" || fail "fuzz does not ask for clang: $(cat "$log")"

# Everything there: silent, and apt-get is not run at all (no update either).
for kind in "" test bench fuzz; do
    : > "$log"
    TRELLIS_DEPS=$kind PATH=$(pwd)/full "$sh" "$deps" > out.txt 2>&1 || fail "deps.sh failed with everything present ($kind): $(cat out.txt)"
    [ ! -s out.txt ] || fail "deps.sh is not quiet with everything present ($kind): $(cat out.txt)"
    [ ! -s "$log" ] || fail "deps.sh ran apt-get with everything present ($kind): $(cat "$log")"
done

# Not root and no sudo: it says so and fails, and installs nothing.
printf '#!/bin/sh\necho 1000\n' > bare/id
: > "$log"
TRELLIS_DEPS=test PATH=$(pwd)/bare "$sh" "$deps" > out.txt 2> err.txt && fail "deps.sh succeeded without root or sudo"
grep -q 'need root or sudo' err.txt || fail "no word about root or sudo: $(cat err.txt)"
[ ! -s "$log" ] || fail "apt-get ran without root: $(cat "$log")"

# An unknown TRELLIS_DEPS is a mistake, not nothing to do.
TRELLIS_DEPS=tests PATH=$(pwd)/full "$sh" "$deps" 2> err.txt && fail "TRELLIS_DEPS=tests was accepted"
grep -q "TRELLIS_DEPS is 'tests'" err.txt || fail "no word about TRELLIS_DEPS: $(cat err.txt)"
exit 0
