# Trellis — plain make. `make` builds ./trellis, `make check` runs every test (and the
# same suite under ASan+UBSan), `make demo` runs the main job on the main example.
VERSION   := 0.1.0
CC        ?= cc
CFLAGS    ?= -O2 -g
BUILD     ?= build
PREFIX    ?= /usr/local
DESTDIR   ?=

WARNINGS  := -Wall -Wextra -Werror -Wmissing-prototypes -Wshadow -Wstrict-prototypes
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DTR_VERSION='"$(VERSION)"' \
             -Ilang -Iruntime -I$(BUILD) $(WARNINGS) $(CFLAGS)
LDLIBS    := -Wl,--as-needed -ljansson -lgsl -lgslcblas -lreadline -lm
# flex's skeleton keeps yy_fatal_error even when YY_FATAL_ERROR is ours (it must not exit).
LEXER_CFLAGS = -Wno-unused-function

LANG_SRC    := $(sort $(wildcard lang/*.c))
RUNTIME_SRC := $(sort $(wildcard runtime/*.c))
CLI_SRC     := $(sort $(wildcard cli/*.c))
GEN_SRC     := $(BUILD)/parser.c $(BUILD)/lexer.c
OBJ := $(patsubst %.c,$(BUILD)/%.o,$(LANG_SRC) $(RUNTIME_SRC) $(CLI_SRC)) \
       $(BUILD)/parser.o $(BUILD)/lexer.o
LIB_OBJ := $(filter-out $(BUILD)/cli/%,$(OBJ))

.PHONY: all deps check test test-asan demo install bench fuzz clean unit
all: trellis

deps: $(BUILD)/.deps
$(BUILD)/.deps: tools/deps.sh
	@mkdir -p $(BUILD)
	@sh tools/deps.sh
	@touch $@

trellis: $(BUILD)/trellis
	cp $(BUILD)/trellis trellis

$(BUILD)/trellis: $(OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(BUILD)/parser.c $(BUILD)/parser.h: lang/parser.y | $(BUILD)/.deps
	bison -Wall -Werror -Wcounterexamples -o $(BUILD)/parser.c --header=$(BUILD)/parser.h lang/parser.y

$(BUILD)/lexer.c: lang/lexer.l | $(BUILD)/.deps
	flex -o $@ lang/lexer.l

$(BUILD)/parser.o: $(BUILD)/parser.c lang/lexer.h
	$(CC) $(ALL_CFLAGS) -MMD -c -o $@ $<
$(BUILD)/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h lang/lexer.h
	$(CC) $(ALL_CFLAGS) $(LEXER_CFLAGS) -MMD -c -o $@ $<

$(BUILD)/%.o: %.c $(BUILD)/parser.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -c -o $@ $<

-include $(OBJ:.o=.d)

# ---- tests ------------------------------------------------------------------------------
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRC))
$(BUILD)/unit/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(LDLIBS)

unit: $(UNIT_BIN)

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The whole suite, then again under AddressSanitizer and UndefinedBehaviorSanitizer; the
# last line is the total.
check: trellis unit
	@TRELLIS_DEPS=test sh tools/deps.sh
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="$(ASAN_FLAGS)" build/asan/trellis asan-unit
	@rm -f $(BUILD)/results.plain $(BUILD)/results.asan; \
	 sh tests/run.sh --summary-file $(BUILD)/results.plain ./trellis $(BUILD)/unit; \
	 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	 sh tests/run.sh --summary-file $(BUILD)/results.asan --label asan build/asan/trellis build/asan/unit; \
	 sh tests/total.sh $(BUILD)/results.plain $(BUILD)/results.asan

asan-unit: $(UNIT_BIN)

# The tests' tools (jq, tmux, git, patch, groff, python3) are installed when missing: a test
# that lacks one fails, it never skips.
test: trellis unit
	@TRELLIS_DEPS=test sh tools/deps.sh
	@sh tests/run.sh ./trellis $(BUILD)/unit

demo: trellis
	./trellis check examples/unified.plan
	./trellis run examples/unified.plan

# The binary comes from $(BUILD), so that `make install BUILD=...` never writes ./trellis.
# The standard library may still be empty: install what there is.
install: $(BUILD)/trellis
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/trellis/stdlib $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/trellis $(DESTDIR)$(PREFIX)/bin/trellis
	for f in stdlib/*.plan; do [ ! -f "$$f" ] || install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/trellis/stdlib/ || exit 1; done
	install -m 644 docs/trellis.1 $(DESTDIR)$(PREFIX)/share/man/man1/trellis.1

# Throughput and memory of `check` beside luac5.4 -p; inputs are generated in $(BUILD).
bench: $(BUILD)/trellis
	@TRELLIS_DEPS=bench sh tools/deps.sh
	@BENCH_DATA=$(BUILD)/bench-data sh bench/run.sh $(BUILD)/trellis

# libFuzzer over the front end (tests/fuzz/parse_fuzzer.c), seeded with every plan in the
# tests and examples; FUZZ_SECONDS (default 60). Crashes are written to $(FUZZ_BUILD).
FUZZ_BUILD  ?= build/fuzz
FUZZ_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJ     = $(patsubst %.c,$(FUZZ_BUILD)/%.o,$(LANG_SRC)) $(FUZZ_BUILD)/parser.o $(FUZZ_BUILD)/lexer.o
fuzz:
	@TRELLIS_DEPS=fuzz sh tools/deps.sh
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" $(FUZZ_OBJ)
	clang -std=c11 -D_DEFAULT_SOURCE -Ilang -I$(FUZZ_BUILD) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
	    -o $(FUZZ_BUILD)/parse-fuzzer tests/fuzz/parse_fuzzer.c $(FUZZ_OBJ) -ljansson -lm
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/seeds
	find tests/golden examples -name '*.plan' -exec cp {} $(FUZZ_BUILD)/seeds/ \;
	cd $(FUZZ_BUILD) && ./parse-fuzzer -max_total_time=$${FUZZ_SECONDS:-60} -max_len=65536 -timeout=10 \
	    -dict=$(CURDIR)/tests/fuzz/plan.dict -artifact_prefix=./ corpus seeds

clean:
	rm -rf build trellis
