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
NPROC      := $(shell nproc 2>/dev/null || echo 2)
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps test test-slow test-unit test-integration test-extra asan run bench clean format format-check
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

# `make test`: what every change must pass, in at most ~6 minutes on 2 cores once the
# dependencies are installed: the checks, the unit tests, the integration scripts
# (INTEGRATION_JOBS at a time; those of tests/integration/slow.list are left to
# test-slow) and test-extra (the fuzz smoke runs).
test: deps
	@tools/check-layers.sh
	@tools/check-sizes.sh
	@tools/check-sources.py
	@tools/check-links.py
	@$(MAKE) --no-print-directory format-check
	@$(MAKE) --no-print-directory regen-check
	$(MAKE) -j$(NPROC) all
	$(MAKE) test-unit
	$(MAKE) test-integration
	$(MAKE) -j$(NPROC) test-extra

# `make test-slow`: what CI (.ci/run) adds after `make test`, so that it still runs
# everything: the slow integration scripts (valgrind, the longest peer runs), then the
# unit tests and every integration script again under ASan+UBSan (build/asan).
test-slow: deps
	$(MAKE) test-integration INTEGRATION_SET=slow
	$(MAKE) asan

# mk/*.mk add their own steps to `make test` with `test-extra:: <target>`
# (double-colon: every file may add one) and their own targets.
test-extra::
	@:

test-unit: all
	@tools/run-unit-tests.sh $(TEST_BINS)

# INTEGRATION_SET: fast (all but tests/integration/slow.list), slow, all; INTEGRATION_JOBS: at a time
INTEGRATION_SET  ?= fast
INTEGRATION_JOBS ?= 3
test-integration: all
	@DDBCONFORM=$(abspath $(BIN)) BUILD_DIR=$(abspath $(BUILD)) INTEGRATION_SET=$(INTEGRATION_SET) \
	    INTEGRATION_JOBS=$(INTEGRATION_JOBS) tools/run-integration.sh

# the unit tests and every integration script under ASan+UBSan (part of test-slow)
asan:
	$(MAKE) -j$(NPROC) BUILD=build/asan SAN="$(ASAN_FLAGS)" OPT="-O1 -g" all
	$(MAKE) BUILD=build/asan SAN="$(ASAN_FLAGS)" OPT="-O1 -g" test-unit
	$(MAKE) BUILD=build/asan SAN="$(ASAN_FLAGS)" OPT="-O1 -g" test-integration INTEGRATION_SET=all

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
