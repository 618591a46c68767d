#!/bin/sh
# docs_manpage.sh — docs/trellis.1 tells the truth about this binary: a command has a section
# without the mark "Not available in this version." exactly when `trellis --help` lists it;
# every option a command's usage line shows is documented; the version is the binary's;
# and groff formats the page without a warning.
set -u
fail() { printf 'docs_manpage: %s\n' "$*" >&2; exit 1; }
[ -n "${TRELLIS:-}" ] || fail "TRELLIS is not set: run me through tests/run.sh"
[ -n "${TRELLIS_ROOT:-}" ] || fail "TRELLIS_ROOT is not set: run me through tests/run.sh"
page=$TRELLIS_ROOT/docs/trellis.1
[ -f "$page" ] || fail "$page is missing"

# Commands the binary has, from --help ("  NAME      summary" lines after "commands:").
"$TRELLIS" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' | sort > have.txt
[ -s have.txt ] || fail "trellis --help lists no command"
# Sections of the page, and which of them are marked as not available.
awk '/^\.SS / { name = $2; print name > "sections.txt" } /^Not available in this version\./ { print name > "missing.txt" }' "$page"
touch missing.txt
sort -o sections.txt sections.txt
sort -o missing.txt missing.txt
comm -23 sections.txt missing.txt > documented.txt
diff have.txt documented.txt > diff.txt || fail "commands of 'trellis --help' (<) and commands the man page presents as available (>) differ; add or drop the mark 'Not available in this version.':
$(cat diff.txt)"
for cmd in check run compare diff fmt repl explain; do   # every command of the CLI spec
    grep -qx "$cmd" sections.txt || fail "the man page has no section for '$cmd'"
done

# Every option in a command's usage line is in the page (written \-\- in troff).
while read -r cmd; do
    "$TRELLIS" "$cmd" --help | head -1 | grep -oE -- '--[a-z][a-z-]*' | sort -u | while read -r opt; do
        troff=$(printf '%s' "$opt" | sed 's/-/\\-/g')
        grep -qF -- "$troff" "$page" || { echo "$cmd $opt"; }
    done
done < have.txt > undocumented.txt
[ ! -s undocumented.txt ] || fail "options in the usage lines but not in the man page: $(cat undocumented.txt)"

version=$("$TRELLIS" --version | sed 's/^trellis //')
grep -q "^\.TH TRELLIS 1 .*\"trellis $version\"" "$page" || fail "the .TH line does not carry version $version: $(grep '^\.TH' "$page")"

command -v groff > /dev/null 2>&1 || fail "groff is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"
groff -man -Tutf8 -ww -z "$page" > groff.txt 2>&1
[ ! -s groff.txt ] || fail "groff warns: $(cat groff.txt)"
exit 0
