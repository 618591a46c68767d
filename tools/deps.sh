#!/bin/sh
# Install what the build needs when it is missing (Debian packages only), so that
# `make demo` and `make check` work on a fresh machine with nothing done first.
set -e
need=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_header() { [ -f "/usr/include/$1" ] || [ -f "/usr/include/x86_64-linux-gnu/$1" ] || [ -f "/usr/include/aarch64-linux-gnu/$1" ]; }

have_cmd cc || need="$need gcc"
have_cmd make || need="$need make"
have_cmd flex || need="$need flex"
have_cmd bison || need="$need bison"
have_cmd jq || need="$need jq"
have_header readline/readline.h || need="$need libreadline-dev"
have_header jansson.h || need="$need libjansson-dev"
have_header gsl/gsl_rng.h || need="$need libgsl-dev"
if [ "${TRELLIS_DEPS:-}" = "bench" ]; then
    have_cmd luac5.4 || need="$need lua5.4"
fi
if [ "${TRELLIS_DEPS:-}" = "fuzz" ]; then
    have_cmd clang || need="$need clang"
fi
if [ "${TRELLIS_DEPS:-}" = "test" ]; then
    have_cmd tmux || need="$need tmux"
fi
[ -z "$need" ] && exit 0

echo "trellis: installing missing build dependencies:$need" >&2
sudo=""
if [ "$(id -u)" != 0 ]; then
    if have_cmd sudo; then sudo="sudo"; else
        echo "trellis: need root or sudo to install:$need" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $need >&2
