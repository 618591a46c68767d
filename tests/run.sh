#!/bin/sh
# tests/run.sh — the test driver. Usage:
#   tests/run.sh [--label L] [--summary-file F] TRELLIS UNIT_DIR
# Runs, with LC_ALL=C:
#   tests/golden/**/NAME.plan  `trellis check NAME.plan` (or the arguments in NAME.args, one
#                              per line, with NAME.stdin as standard input when present),
#                              from the file's directory; compared with NAME.out, which holds
#                              stdout, then "--- stderr" and stderr when there is any, then
#                              "exit: N". A .plan whose name starts with '_' is a helper
#                              (an import), not a test.
#   tests/repl/NAME.in         piped into `trellis repl` (NAME.args may name a plan);
#                              compared with NAME.out the same way.
#   tests/cases/NAME.sh        a script that checks something exactly (machine formats
#                              field by field, atomic writes...); run in an empty
#                              directory of its own; passes when it exits 0.
#   UNIT_DIR/*                 unit-test programs; pass when they exit 0.
# UPDATE=1 rewrites the .out files instead of comparing: review the diff before committing.
# Prints "N passed, N failed" last; --summary-file also writes "N M" there.
set -u
label="" summary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --label) label="$2: "; shift 2 ;;
        --summary-file) summary="$2"; shift 2 ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: tests/run.sh [--label L] [--summary-file F] TRELLIS [UNIT_DIR]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
TRELLIS=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
unit_dir=${2:-}
export TRELLIS LC_ALL=C TRELLIS_STDLIB="$root/stdlib" NO_COLOR=1 TRELLIS_ROOT="$root"
unset XDG_STATE_HOME
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "${label}FAIL: $1"; [ -n "${2:-}" ] && cat "$2" | head -60; }

# run_case DIR EXPECTED ARGS_FILE STDIN_FILE DEFAULT_ARGS...
run_case() {
    dir=$1 expected=$2 argsfile=$3 stdinfile=$4
    shift 4
    if [ -f "$argsfile" ]; then
        set --
        while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done < "$argsfile"
    fi
    [ -f "$stdinfile" ] || stdinfile=/dev/null
    (cd "$dir" && "$TRELLIS" "$@" < "$stdinfile" > "$tmp/stdout" 2> "$tmp/stderr"; echo "exit: $?" > "$tmp/status")
    {
        cat "$tmp/stdout"
        if [ -s "$tmp/stderr" ]; then echo "--- stderr"; cat "$tmp/stderr"; fi
        cat "$tmp/status"
    } > "$tmp/actual"
    name=${expected#"$root"/}
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$tmp/actual" "$expected"
        pass
    elif [ ! -f "$expected" ]; then
        fail "$name is missing (UPDATE=1 writes it)" "$tmp/actual"
    elif diff -u "$expected" "$tmp/actual" > "$tmp/diff"; then
        pass
    else
        fail "$name" "$tmp/diff"
    fi
}

for plan in $(find "$root/tests/golden" -name '*.plan' | sort); do
    base=${plan%.plan}
    case "$(basename "$plan")" in _*) continue ;; esac
    run_case "$(dirname "$plan")" "$base.out" "$base.args" "$base.stdin" check "$(basename "$plan")"
done

if [ -d "$root/tests/repl" ]; then
    for input in $(find "$root/tests/repl" -name '*.in' | sort); do
        base=${input%.in}
        run_case "$(dirname "$input")" "$base.out" "$base.args" "$input" repl
    done
fi

if [ -d "$root/tests/cases" ]; then
    for script in $(find "$root/tests/cases" -name '*.sh' | sort); do
        work=$(mktemp -d "$tmp/case.XXXXXX")   # each script in a directory of its own
        if (cd "$work" && sh "$script") > "$tmp/case.log" 2>&1; then pass; else fail "${script#"$root"/}" "$tmp/case.log"; fi
    done
fi

if [ -n "$unit_dir" ] && [ -d "$unit_dir" ]; then
    for prog in "$unit_dir"/*; do
        [ -x "$prog" ] || continue
        if "$prog" > "$tmp/unit.log" 2>&1; then pass; else fail "unit $(basename "$prog")" "$tmp/unit.log"; fi
    done
fi

echo "${label}$passed passed, $failed failed"
[ -n "$summary" ] && echo "$passed $failed" > "$summary"
[ "$failed" -eq 0 ]
