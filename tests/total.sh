#!/bin/sh
# Adds up the summaries tests/run.sh wrote and prints the closing line of `make check`.
passed=0 failed=0
for f in "$@"; do
    if [ -f "$f" ]; then
        read -r p x < "$f"
        passed=$((passed + p)); failed=$((failed + x))
    else
        echo "missing summary $f (a test run did not finish)"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
