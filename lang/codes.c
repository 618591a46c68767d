/* codes.c — every error code the front end and the checker can report, with the text
 * `trellis explain` prints and docs/diagnostics.md lists. Lints (W1xx) keep their own
 * table beside their functions in runtime/lint.c. Codes are stable: never renumber. */
#include "diag.h"

#include <string.h>

static const tr_code_info codes[] = {
    /* E1xx: syntax and encoding */
    {"E101", "invalid-utf8", TR_SEV_ERROR, "the file is not valid UTF-8",
     "Plan files are UTF-8 text. This byte does not start or continue a valid UTF-8\n"
     "sequence: the file may be in another encoding (Latin-1, UTF-16) or not text at all.\n"
     "Save it as UTF-8. Only the first few bad bytes are reported, and the file is not read\n"
     "further.",
     "skill caf\\xE9 {}   # a Latin-1 byte"},
    {"E102", "nul-byte", TR_SEV_ERROR, "the file contains a NUL byte",
     "A NUL byte (0x00) never belongs in a plan: the file is probably binary or was\n"
     "corrupted. The file is not read further.",
     "skill a {}\\0"},
    {"E103", "stray-character", TR_SEV_ERROR, "a character that cannot start anything",
     "The character is not part of the language outside strings and comments. Identifiers are\n"
     "ASCII letters, digits and '_'; put other text inside \"quotes\".",
     "role manager { headcount 80 $ }"},
    {"E104", "unterminated-string", TR_SEV_ERROR, "a string is not closed on its line",
     "Strings start and end with '\"' on the same line. Write a line break as \\n.",
     "plan \"Unified 2026 {"},
    {"E105", "invalid-escape", TR_SEV_ERROR, "an unknown escape in a string",
     "Strings know the escapes \\\" \\\\ \\n \\t and \\u{XXXX} (a Unicode code point in hex).",
     "plan \"C:\\plans\" {}"},
    {"E106", "bad-number", TR_SEV_ERROR, "a number that is not written correctly",
     "Numbers are digits with optional '_' between them, a decimal part and an exponent, then\n"
     "an optional magnitude ('k' for thousands, 'M' for millions) and '%'. A unit is a\n"
     "separate word: write '12 months', not '12months'.",
     "role r { headcount 1__000 }"},
    {"E107", "number-out-of-range", TR_SEV_ERROR, "a number too large to represent",
     "The number is beyond what the simulation can compute with (about 1e300). No plan needs\n"
     "it: check for a typing mistake.",
     "role r { headcount 1e400 }"},
    {"E108", "impossible-date", TR_SEV_ERROR, "a date that does not exist",
     "Dates are YYYY-MM (the first day of that month) or YYYY-MM-DD, and must exist in the\n"
     "Gregorian calendar: months 01-12, days up to the month's length (29 February only in\n"
     "leap years).",
     "plan \"P\" { start 2026-02-30 }"},
    {"E109", "unclosed-brace", TR_SEV_ERROR, "a '{' that is never closed",
     "The block opened here has no matching '}' before the end of the file. The help line\n"
     "points at the first line that looks like a new top-level block.",
     "role r {\n  headcount 5\n"},
    {"E110", "unmatched-close", TR_SEV_ERROR, "a closing '}', ')' or ']' with nothing to close",
     "There is one closing bracket more than opening ones. Remove it, or add the opening\n"
     "bracket it was meant to close.",
     "role r { headcount 5 } }"},
    {"E111", "syntax-error", TR_SEV_ERROR, "the text does not fit the grammar here",
     "The parser found a token where the grammar does not allow it. The message says what it\n"
     "found and what it expected; the parser then skips to the next statement and goes on.",
     "role r { headcount = 5 }"},
    {"E112", "too-deep", TR_SEV_ERROR, "blocks or expressions nested too deeply",
     "Blocks may nest 64 deep, brackets 256 deep and expressions 1,000 operators deep: far\n"
     "beyond any real plan, and the limits keep every tool that walks the tree safe.",
     "let x = ((((((...))))))"},
    {"E113", "unclosed-bracket", TR_SEV_ERROR, "a '(' or '[' that is never closed",
     "A '(' or '[' lets a line continue until it is closed. This one reaches a '{', '}' or\n"
     "the end of the file first.",
     "let x = max(1, 2"},
    {"E114", "top-level-attribute", TR_SEV_ERROR, "an attribute outside any block",
     "At the top of a file only 'import', 'let' and blocks may appear. Move the attribute into\n"
     "the block it belongs to.",
     "headcount 5"},
    {NULL, NULL, 0, NULL, NULL, NULL},
};

const tr_code_info *tr_code_table(void) { return codes; }

const tr_code_info *tr_code_find(const char *code_or_name) {
    for (const tr_code_info *c = codes; c->code; c++)
        if (strcasecmp(c->code, code_or_name) == 0 || strcmp(c->name, code_or_name) == 0) return c;
    return NULL;
}
