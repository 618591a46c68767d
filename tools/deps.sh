#!/bin/sh
# tools/deps.sh — install what the build (and, with TRELLIS_DEPS=test|bench|fuzz, the tests,
# the benchmarks or the fuzzer) needs when it is missing, from Debian's packages, so that
# `make demo` and `make check` work on a fresh Debian machine. Silent, and no `apt-get
# update`, when everything is there already.
#
# `make` runs this, so it cannot install make itself: on a machine without make (or
# without a C compiler), run `sh tools/deps.sh` once first; it installs both.
#
# Every command the tests call that a minimal Debian lacks is here (grep tests/cases,
# tests/run.sh and bench/ when adding one): a test that needs a missing tool fails, it
# never skips.
set -e
need=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_header() { [ -f "/usr/include/$1" ] || [ -f "/usr/include/x86_64-linux-gnu/$1" ] || [ -f "/usr/include/aarch64-linux-gnu/$1" ]; }
# want PACKAGE COMMAND: PACKAGE unless COMMAND is on the PATH.
want() { have_cmd "$2" || need="$need $1"; }
# want_header PACKAGE HEADER: PACKAGE unless HEADER is installed.
want_header() { have_header "$2" || need="$need $1"; }

# The build: a compiler with the C library's headers, make, the scanner and parser
# generators, and the libraries it links.
want gcc cc
want make make
want_header libc6-dev stdio.h
want flex flex
want bison bison
want_header libreadline-dev readline/readline.h
want_header libjansson-dev jansson.h
want_header libgsl-dev gsl/gsl_rng.h
case "${TRELLIS_DEPS:-}" in
    test)
        # what the case scripts run: JSON checks, the terminal sessions, git for
        # diff --git, patch for fmt --diff, groff for the man page, python3 for
        # generated inputs; diff, cmp and tar are essential on Debian but named anyway
        want jq jq
        want tmux tmux
        want git git
        want patch patch
        want groff-base groff
        want python3 python3
        want diffutils diff
        want tar tar
        ;;
    bench) want lua5.4 luac5.4 ;;
    fuzz) want clang clang ;;
    "") ;;
    *) echo "trellis: TRELLIS_DEPS is '$TRELLIS_DEPS'; use test, bench or fuzz (or leave it unset)" >&2; exit 2 ;;
esac
[ -z "$need" ] && exit 0

echo "trellis: installing missing dependencies:$need" >&2
sudo=""
if [ "$(id -u)" != 0 ]; then
    if have_cmd sudo; then sudo="sudo"; else
        echo "trellis: need root or sudo to install:$need" >&2
        exit 1
    fi
fi
have_cmd apt-get || { echo "trellis: no apt-get here; install by hand:$need" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $need >&2
