/* codes.c — every error code the front end, the checker and the REPL can report, with
 * the text `trellis explain` prints and docs/diagnostics.md lists. Lints (W1xx) keep their own
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
     "ASCII letters, digits and '_'; put other text inside \"quotes\". Several such characters\n"
     "written together ('@@', a word in another script) are one error.",
     "role manager { headcount 80 $ }"},
    {"E104", "unterminated-string", TR_SEV_ERROR, "a string is not closed on its line",
     "Strings start and end with '\"' on the same line. Write a line break as \\n. The string\n"
     "is taken to end at the end of its line, less a '{' that ends the line (it opens the\n"
     "block) or, inside a block, the last '}' on the line (it closes the block), so that the\n"
     "lines after it are read as they were meant.",
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
     "The number is beyond what the simulation can compute with (above 1e300). No plan needs\n"
     "it: check for a typing mistake. Long numbers are fine as long as their value is not\n"
     "that large.",
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
    /* E2xx: names and imports */
    {"E201", "unknown-name", TR_SEV_ERROR, "a name that is not declared",
     "A reference names a role, skill, budget, program, milestone, measure, scenario or\n"
     "constant that no file of the plan declares. Names are global across a file and its\n"
     "imports, and the order of declarations does not matter. The help line suggests the\n"
     "closest declared name of the expected kind, or shows how to declare one. (A name that\n"
     "is declared, as another kind of thing, is E303.) After an import that failed, or a\n"
     "block whose kind is misspelt, names that file or block may declare are not reported.",
     "role manager { headcount 80; reports_to exectuive }"},
    {"E202", "duplicate-name", TR_SEV_ERROR, "a name declared twice",
     "Two declarations of the same kind share a name (two roles called 'manager', two\n"
     "constants called 'rate'), in one file or across imports. The note shows the first one.\n"
     "A role and a skill may share a name: each use says which kind it wants.",
     "role manager { headcount 80 }\nrole manager { headcount 12 }"},
    {"E203", "unknown-block-kind", TR_SEV_ERROR, "a block kind the schema does not know",
     "Top-level blocks are plan, skill, role, budget, program, milestone, measure, goal,\n"
     "scenario, model and lint. Nested blocks are baseline and promotion (in a role), gains,\n"
     "phase and product (in a program).",
     "rol manager { headcount 80 }"},
    {"E204", "unknown-attribute", TR_SEV_ERROR, "an attribute the block kind does not take",
     "Each block kind takes the attributes of LANGUAGE.md section 5, plus title, description,\n"
     "owner and allow. Dotted paths (NAME.attribute) are overrides and belong in a scenario.",
     "role manager { headcount 80; salery 120k USD per year }"},
    {"E205", "import-not-found", TR_SEV_ERROR, "an imported file does not exist",
     "`import \"path\"` is relative to the importing file (\".plan\" is added when the name\n"
     "has no extension); `import \"std/NAME\"` reads NAME.plan from the standard library.\n"
     "The help line shows where the file was looked for and the chain of imports.",
     "import \"roles\"   # roles.plan is missing"},
    {"E206", "import-cycle", TR_SEV_ERROR, "files that import each other",
     "The message shows the chain of imports that leads back to the file. Move what the\n"
     "files share into a third file that both import.",
     "# a.plan\nimport \"b\"\n# b.plan\nimport \"a\""},
    {"E207", "import-outside-tree", TR_SEV_ERROR, "an import that leaves the plan's directory",
     "A plan may import files under the directory of the file named on the command line and\n"
     "the standard library, nothing else: CI checks untrusted pull requests, and a plan must\n"
     "not read arbitrary files. Pass --allow-outside-imports to lift the rule.",
     "import \"../../etc/shared.plan\""},
    {"E208", "ambiguous-name", TR_SEV_ERROR, "a name that means two things here",
     "Names are per kind of thing, so a budget and a program may share one. Where a use\n"
     "accepts both (spend(x), a scenario's NAME.attribute) it cannot tell which is meant.",
     "budget sales { amount 1M USD }\nprogram sales { ... }\nmeasure m { value spend(sales) }"},
    {"E209", "block-name", TR_SEV_ERROR, "a block without the name it needs, or with one it does not take",
     "Roles, skills, budgets, programs, milestones, measures, goals, scenarios, phases and\n"
     "products need a name (KIND NAME { }); plan, model and lint blocks take none (plan takes a\n"
     "quoted title).",
     "role { headcount 5 }"},
    {"E210", "given-twice", TR_SEV_ERROR, "an attribute or list entry given twice",
     "An attribute that is not repeatable appears twice in one block (a scenario's `extends`\n"
     "too), two of the plan's model blocks set one parameter (the prelude's do not count),\n"
     "or a list names the same thing twice. The note shows the first one.",
     "role r { headcount 5; headcount 6 }"},
    {"E211", "unknown-function", TR_SEV_ERROR, "a function that does not exist",
     "Constant functions are min, max, abs, round, floor, ceil and clamp; metric functions\n"
     "(headcount, retention, attrition, knowledge, behavior, productivity, spend, cost,\n"
     "benefit, roi, participation, alignment) read the simulation.",
     "let x = maximum(1, 2)"},

    /* E3xx: types and units */
    {"E301", "unknown-unit", TR_SEV_ERROR, "a unit word that is not known",
     "Units are the plan's currency and the currencies it declares with `exchange`; hour(s)\n"
     "h, day(s) d, week(s) w, month(s) mo, year(s) y; person persons people head heads fte.",
     "program p { duration 3 monts }"},
    {"E302", "dimension-mismatch", TR_SEV_ERROR, "quantities of different dimensions combined",
     "+ - and comparisons need equal dimensions (money with money, people with people);\n"
     "* and / combine them. A goal's target must have the dimension of its metric.",
     "let x = 5 USD + 3 months"},
    {"E303", "wrong-type", TR_SEV_ERROR, "a value of the wrong type or dimension for its attribute",
     "Each attribute takes one type (LANGUAGE.md section 5); the message names what was\n"
     "expected and what was found: 'for' expects a role, found the budget 'learning'. A plain\n"
     "number is read as people for headcount, and a bare percentage as per year for\n"
     "attrition, growth and promotion rates. A time over another time (3 hours per year) is\n"
     "no share, rate or effort.",
     "role r { headcount 5; salary 120k USD }"},
    {"E304", "cost-dimension", TR_SEV_ERROR, "a program cost that cannot become spending",
     "A program's cost is spent according to its dimension: money (once, at the start),\n"
     "money per time (every month), money per person (once per participant), money per\n"
     "person per time (every month per participant), money per hour (times `hours`). A cost\n"
     "written per hour (hour, hours, h; also through a `let` or a range) needs `hours`; one\n"
     "written per day, week, month or year is a fee spent every month, `hours` or not.",
     "program p { kind training; for r; cost 40 hours }\nprogram c { kind coaching; for r; cost 450 USD per hour }"},
    {"E305", "metric-outside-measure", TR_SEV_ERROR, "a metric function used in a constant",
     "Metric functions read the simulation month by month; they are allowed only in a\n"
     "measure's value and a goal's metric.",
     "let x = retention(manager)"},
    {"E306", "bad-arguments", TR_SEV_ERROR, "a function given the wrong arguments, or an attribute read in an expression",
     "Each function takes a fixed number and kind of arguments: knowledge(role, skill),\n"
     "spend(budget or program), clamp(value, low, high)... Attributes of declared things\n"
     "cannot be read inside plan files: name shared values with `let`.",
     "measure m { value knowledge(manager) }"},
    {"E307", "bad-range", TR_SEV_ERROR, "a range that is not a range of quantities",
     "`A to B` is a 90% interval of a number or quantity, low end first. Dates cannot be\n"
     "uncertain.",
     "let x = 600 to 400 USD"},
    {"E308", "division-by-zero", TR_SEV_ERROR, "a division by zero (or by a range that includes it)",
     "The divisor is zero, or a range whose interval includes zero.",
     "let x = 5 / 0"},
    {"E309", "unknown-word", TR_SEV_ERROR, "a word that is not one of the attribute's choices",
     "Some attributes take one of a few words: kind (coaching training mentoring workshop\n"
     "elearning audit), level (reaction learning behavior results roi), hiring (replace\n"
     "none), manager_involvement (before during after), phase names (pre core post).",
     "program p { kind traning }"},
    {"E310", "bad-currency", TR_SEV_ERROR, "a currency or exchange rate written wrongly",
     "`currency` is a three-letter ISO 4217 code. `exchange EUR 1.08 USD` declares another\n"
     "currency and its rate in the plan's currency, a positive amount (or, with a comma\n"
     "after the code, an expression or a range above zero, read at its median:\n"
     "`exchange EUR, 1.05 to 1.12 USD`). Amounts in a currency whose exchange failed are not\n"
     "reported again.",
     "plan \"P\" { currency dollars }"},
    {"E311", "too-many-values", TR_SEV_ERROR, "several values for an attribute that takes one",
     "Only list attributes (for, after, requires, manager_involvement, allow, deny) take\n"
     "several values separated by commas.",
     "role r { headcount 5, 6 }"},

    /* E4xx: structure */
    {"E401", "no-plan", TR_SEV_ERROR, "no plan block",
     "Every plan has exactly one `plan \"Title\" { start ...; horizon ... }` block, in the file\n"
     "named on the command line or one it imports. An empty file has none.",
     "role r { headcount 5 }"},
    {"E402", "more-than-one-plan", TR_SEV_ERROR, "more than one plan block",
     "A plan and its imports hold exactly one `plan` block. Files meant to be imported hold\n"
     "roles, programs and the rest, but no plan block.",
     "plan \"A\" { ... }\nplan \"B\" { ... }"},
    {"E403", "horizon-out-of-range", TR_SEV_ERROR, "a horizon shorter than a month or longer than 30 years",
     "The plan is simulated month by month over its horizon, which must be between 1 month\n"
     "and 30 years, and not a range.",
     "plan \"P\" { start 2026-01; horizon 50 years }"},
    {"E404", "date-outside-horizon", TR_SEV_ERROR, "a date before the plan's start or after its end",
     "Program and budget start and end dates, milestone due dates and goal dates must fall\n"
     "within the months simulated: from the start's month through the month before start +\n"
     "horizon (a 12-month plan from 2026-01 ends 2026-12-31; 2027-01 is outside).",
     "milestone m { due 2019-01 }"},
    {"E405", "reports-to-cycle", TR_SEV_ERROR, "roles that report to each other",
     "`reports_to` must form a hierarchy. The message shows the cycle.",
     "role a { headcount 1; reports_to b }\nrole b { headcount 1; reports_to a }"},
    {"E406", "milestone-cycle", TR_SEV_ERROR, "milestones that come after each other",
     "A milestone's `after` list must not lead back to itself. The message shows the cycle.",
     "milestone a { due 2026-03; after b }\nmilestone b { due 2026-04; after a }"},
    {"E407", "let-cycle", TR_SEV_ERROR, "constants defined in terms of each other",
     "A `let` constant may use others, in any order, but not itself through others. The\n"
     "message shows the cycle.",
     "let a = b + 1\nlet b = a * 2"},
    {"E408", "parent-cycle", TR_SEV_ERROR, "budgets or scenarios that contain themselves",
     "A budget's `parent` and a scenario's `extends` must form a tree. The message shows the\n"
     "cycle.",
     "budget a { amount 1M USD; parent b }\nbudget b { amount 2M USD; parent a }"},
    {"E409", "due-before-prerequisite", TR_SEV_ERROR, "a milestone due before one it comes after",
     "A milestone listed in `after` must be due no later than the milestone that waits for it.",
     "milestone audit { due 2026-06 }\nmilestone rollout { due 2026-03; after audit }"},
    {"E410", "out-of-range", TR_SEV_ERROR, "a percentage outside 0-100%, or a negative quantity",
     "Shares (participants, attrition, baseline and gains levels, model parameters) lie\n"
     "between 0% and 100%; durations are not negative.",
     "program p { participants 140% }"},
    {"E411", "negative-headcount", TR_SEV_ERROR, "a negative headcount",
     "A role's headcount is a number of people: zero or more.",
     "role r { headcount -5 }"},
    {"E412", "number-overflow", TR_SEV_ERROR, "a computation whose result is too large",
     "The result of the expression is beyond what can be represented (about 1e300), or its\n"
     "units are nonsensical powers, or a date moves beyond year 9999, or a money amount or\n"
     "a month's booking is too large to be booked in whole cents. Check the magnitudes and\n"
     "units.",
     "let x = 1e200 * 1e200"},
    {"E413", "missing-attribute", TR_SEV_ERROR, "a required attribute is missing",
     "Some attributes are required: plan start and horizon, role headcount, budget amount,\n"
     "program kind, for and cost, milestone due, measure value, goal metric and target,\n"
     "promotion into and rate.",
     "role r { salary 50k USD per year }"},
    {"E414", "ends-before-start", TR_SEV_ERROR, "an end date before the start date",
     "A program's or budget's `end` must not be before its `start`.",
     "program p { start 2026-06; end 2026-01 ... }"},
    {"E415", "promotion-into-itself", TR_SEV_ERROR, "a role promoted into itself",
     "A `promotion` block moves people from the role it is in into another role: `into`\n"
     "must name a different role.",
     "role manager { headcount 5; promotion { into manager; rate 3% per year } }"},
    {"E490", "cannot-simulate", TR_SEV_ERROR, "a checked plan the simulation cannot take",
     "An internal error: the plan passed every check, but turning it into the simulation's\n"
     "model failed (a value out of the model's domain, an amount too large to book, or the\n"
     "machine ran out of memory). `trellis check` refuses every value the model would, at its\n"
     "attribute (E410, E412, E415; tests/unit/check_model_agree.c keeps the two in step), so\n"
     "no clean plan is known to cause it: please report it with the plan that did.",
     "(no plan is known to cause it)"},

    /* E5xx: budgets */
    {"E501", "budget-exceeded", TR_SEV_ERROR, "programs spend more than their budget",
     "Before simulating, each budget's spending in each plan year is added up at the\n"
     "starting headcounts (medians of ranges; children count toward their parents) and\n"
     "compared with its amount: a yearly amount with each year, a total with the bookings to\n"
     "date. The first year that exceeds it is reported, with the programs that spend it.",
     "budget b { amount 10k USD per year }\nprogram p { ...; cost 1286 USD per person per year; budget b }"},

    /* E6xx: the REPL's commands (the language's codes above serve what is typed as plan text) */
    {"E601", "unknown-command", TR_SEV_ERROR, "a REPL command that does not exist",
     "Commands start with ':'. `:help` lists them; anything else typed is read as an\n"
     "expression or as plan text.",
     ":bogus"},
    {"E602", "command-arguments", TR_SEV_ERROR, "a REPL command without the arguments it needs",
     "The command is missing an argument, has one too many, or one it cannot take (a\n"
     "scenario name that is not an identifier). `:help` shows what each command takes.",
     ":set exec_coaching.hours"},
    {"E603", "nothing-to-change", TR_SEV_ERROR, "a REPL command with nothing to act on",
     "`:unset PATH` names a path the what-if does not override, `:undo` has nothing left to\n"
     "take back, or `:save` has no what-if to write. `:show NAME` lists a declaration's\n"
     "overrides.",
     ":unset exec_coaching.hours   # when it was never :set"},
    {"E604", "file-access", TR_SEV_ERROR, "a file the REPL cannot read or write",
     "`:load`, `:reload` and `:save` name files: the message says why the file could not be\n"
     "read or written (missing, a directory, no permission). Nothing was changed.",
     ":load no/such/plan.plan"},
    {"E605", "plan-has-errors", TR_SEV_ERROR, "a REPL command refused because a plan has errors",
     "The command needs a plan that checks: the session's (to simulate or save it), the plan\n"
     "being loaded, or the file `:save` would write. The errors are printed above; the\n"
     "session goes on with its plan unchanged.",
     ":load broken.plan"},
    {NULL, NULL, 0, NULL, NULL, NULL},
};

const tr_code_info *tr_code_table(void) { return codes; }

const tr_code_info *tr_code_find(const char *code_or_name) {
    for (const tr_code_info *c = codes; c->code; c++)
        if (strcasecmp(c->code, code_or_name) == 0 || strcmp(c->name, code_or_name) == 0) return c;
    return NULL;
}
