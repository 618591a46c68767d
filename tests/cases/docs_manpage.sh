#!/bin/sh
# docs_manpage.sh — docs/trellis.1 tells the truth about this binary: a command has a section
# without the mark "Not available in this version." exactly when `trellis --help` lists it;
# every option a command's usage line shows is documented; each command's section documents
# exactly the options its --help lists, which the command all takes; -h, --help, help and
# version are there; the version is the binary's; and groff formats the page without a
# warning.
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

# The options of each command, both ways: what `trellis CMD --help` lists under "options:"
# and what the page's section for CMD documents (-h and --help are the page's, once, for
# every command). The spellings of the first column of --help, split on blanks, commas and
# bars; the page's text with troff's escapes undone.
help_options() {   # CMD: one option per line
    "$TRELLIS" "$1" --help | awk '/^options:/ { on = 1; next } on && /^$/ { exit } on { print substr($0, 3, 34) }' |
        tr ' ,|' '\n\n\n' | grep -E -- '^(--|-[a-z]|--[a-z][a-z-]*(=[a-z]+)?)$' | grep -vxE -- '-h|--help' | sort -u
}
page_options() {   # CMD
    awk -v cmd="$1" '/^\.S[SH] / { on = ($1 == ".SS" && $2 == cmd); next } on' "$page" |
        sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(em/ /g' |
        grep -oE -- '(^|[^A-Za-z0-9-])(-[a-z]|--[a-z][a-z-]*(=[a-z]+)?|--)([^A-Za-z0-9-]|$)' |
        sed -E 's/^[^-]*//; s/[^A-Za-z0-9=-]*$//' | grep -vxE -- '-h|--help' | sort -u
}
while read -r cmd; do
    help_options "$cmd" > help.txt
    [ -s help.txt ] || [ "$cmd" = explain ] || fail "'trellis $cmd --help' lists no options"
    page_options "$cmd" > page.txt
    comm -23 help.txt page.txt | sed "s/^/$cmd: not in the man page: /" >> drift.txt
    comm -13 help.txt page.txt | sed "s/^/$cmd: not in --help: /" >> drift.txt
done < have.txt
[ ! -s drift.txt ] || fail "the man page and --help differ:
$(cat drift.txt)"
# ... and every option --help lists is one the command takes
while read -r cmd; do
    help_options "$cmd" | while read -r opt; do
        "$TRELLIS" "$cmd" "$opt" nosuch.plan < /dev/null > /dev/null 2> err.txt
        ! grep -q "unknown option" err.txt || echo "$cmd $opt: $(cat err.txt)"
    done
done < have.txt > refused.txt
[ ! -s refused.txt ] || fail "options that --help lists but the command refuses: $(cat refused.txt)"
# -h and --help answer for every command, and the page says so; so do help and version
for cmd in $(cat have.txt); do
    for h in -h --help; do
        "$TRELLIS" "$cmd" "$h" > h.txt 2>&1 || fail "'trellis $cmd $h' failed"
        grep -q "^usage: trellis $cmd" h.txt || fail "'trellis $cmd $h' prints no usage: $(head -3 h.txt)"
    done
    "$TRELLIS" help "$cmd" | cmp -s - h.txt || fail "'trellis help $cmd' is not 'trellis $cmd --help'"
done
for word in '\\-h' '\\-\\-help' '\\-\\-version' 'help' 'version'; do
    sed -n '/^\.SH SYNOPSIS/,/^\.SH COMMANDS/p' "$page" | grep -qE -- "(^|[[ |])$word([] |]|$)" ||
        fail "the page's synopsis and description do not show '$word'"
done
for word in -h --help --version "'trellis help'" "'trellis version'"; do
    "$TRELLIS" --help | grep -qF -- "$word" || fail "'trellis --help' does not mention $word"
done
[ "$("$TRELLIS" version)" = "$("$TRELLIS" --version)" ] || fail "'trellis version' is not 'trellis --version'"
[ "$("$TRELLIS" help)" = "$("$TRELLIS" --help)" ] || fail "'trellis help' is not 'trellis --help'"

version=$("$TRELLIS" --version | sed 's/^trellis //')
grep -q "^\.TH TRELLIS 1 .*\"trellis $version\"" "$page" || fail "the .TH line does not carry version $version: $(grep '^\.TH' "$page")"

command -v groff > /dev/null 2>&1 || fail "groff is missing (TRELLIS_DEPS=test sh tools/deps.sh installs it)"
groff -man -Tutf8 -ww -z "$page" > groff.txt 2>&1
[ ! -s groff.txt ] || fail "groff warns: $(cat groff.txt)"
exit 0
