# ddbconform - build, test, run.  `make test` and `make run` do all set-up.
# Layout: harness/<layer>/*.c -> build/libddbconform.a; harness/cli/main.c -> build/ddbconform;
# the layers and what each may include: tools/check-layers.sh (run by `make test`);
# tests/unit/test_*.c -> build/tests/test_* (cmocka); fuzz/*.c -> build/fuzz/* (issue 6).

BUILD    ?= build
CC       ?= cc
PKGS     := libcjson libcurl libmicrohttpd libpcre2-8 libcrypto zlib
OPT      ?= -O2 -g
SAN      ?=
WARN     := -Wall -Wextra -Werror -Wshadow -Wconversion -Wno-sign-conversion \
            -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wundef -Wvla
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -D_GNU_SOURCE -Iharness -DDC_VERSION=\"$(VERSION)\"
CFLAGS   += -std=c11 $(OPT) $(WARN) $(SAN) $(PKG_CFLAGS) -MMD -MP
LDFLAGS  += $(SAN)
LDLIBS   += $(PKG_LIBS) -lpthread -lm
VERSION  := 0.1.0

LIB_SRCS  := $(filter-out harness/cli/main.c,$(wildcard harness/*/*.c))
LIB_OBJS  := $(patsubst harness/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
LIB       := $(BUILD)/libddbconform.a
BIN       := $(BUILD)/ddbconform
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/*.c))
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps test test-unit test-integration test-extra asan run bench clean format format-check
.DEFAULT_GOAL := all

all: $(BIN) $(TEST_BINS)

deps:
	@tools/deps.sh

$(BUILD)/obj/%.o: harness/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/cli/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS) -lcmocka

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

# Unit tests, then the integration scripts (real HTTP, real peers), all against
# $(BUILD); then the whole again under ASan+UBSan.
test: deps
	@tools/check-layers.sh
	@tools/check-sources.py
	@tools/check-links.py
	@$(MAKE) --no-print-directory format-check
	@$(MAKE) --no-print-directory regen-check
	$(MAKE) test-unit test-integration
	$(MAKE) BUILD=build/asan SAN="$(ASAN_FLAGS)" OPT="-O1 -g" test-unit test-integration
	$(MAKE) test-extra

# mk/*.mk add their own steps to `make test` with `test-extra:: <target>`
# (double-colon: every file may add one) and their own targets.
test-extra::
	@:

test-unit: all
	@tools/run-unit-tests.sh $(TEST_BINS)

test-integration: all
	@DDBCONFORM=$(abspath $(BIN)) BUILD_DIR=$(abspath $(BUILD)) tools/run-integration.sh

asan:
	$(MAKE) BUILD=build/asan SAN="$(ASAN_FLAGS)" OPT="-O1 -g" test-unit test-integration

run: deps all
	$(BIN) run --report-dir reports/latest; rc=$$?; \
	  echo "report: $(abspath reports/latest)/report.html"; exit $$rc

bench: deps all $(BENCH_BINS)
	@BUILD_DIR=$(abspath $(BUILD)) tools/bench.sh

# every C file of the project: the library, tests, fuzz targets, benchmarks
C_FILES = $(wildcard harness/*/*.[ch] tests/unit/*.[ch] tests/sigv4/*.[ch] fuzz/*.[ch] bench/*.[ch])
format:
	clang-format -i $(C_FILES)

format-check:
	@clang-format --dry-run --Werror $(C_FILES) && echo "format-check: $(words $(C_FILES)) files clean"

clean:
	rm -rf build

-include $(LIB_OBJS:.o=.d) $(BUILD)/obj/cli/main.d $(TEST_BINS:=.d)
-include $(wildcard mk/*.mk)
