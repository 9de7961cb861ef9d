# mk/fuzz.mk - in-process fuzz targets (fuzz/<target>.c, LLVMFuzzerTestOneInput).
#
#   all           also builds $(BUILD)/replay/<target>: each target with the
#                 standalone replay main (fuzz/replay_main.c), same compiler
#                 and sanitizers as the library; tests/integration/
#                 fuzz_regressions.sh runs them over corpus/ and fuzz/regressions/
#   make fuzz       clang libFuzzer + ASan + UBSan -> $(BUILD)/fuzz/<target>
#                   (the library rebuilt with -fsanitize=fuzzer-no-link into
#                   $(BUILD)/fuzz/obj)
#   make afl        afl-clang-fast (AFL_USE_ASAN/UBSAN) with the AFL++ driver
#                   -> $(BUILD)/afl/<target>
#   make fuzz-smoke each target a short bounded run from its seed corpus, then
#                   the replay of corpus/<target> and fuzz/regressions/<target>
#                   (part of `make test` through test-extra)
#   make fuzz-merge corpus minimization (libFuzzer -merge=1) into corpus/<target>
#   make fuzz-corpus add every seed to the corpora and rewrite the dictionaries
#                   (tools/gen/fuzz-corpus.py --seeds; then make fuzz-merge)
#   make fuzz-run T=<target> [FUZZ_SECONDS=600]  one long bounded local run

FUZZ_TARGETS := json validate check sigv4 cases serve
FUZZ_CC      ?= clang
AFL_CC       ?= afl-clang-fast
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_DEFS    := -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -Ifuzz
FUZZ_CFLAGS  := -std=c11 -O1 -g $(WARN) $(PKG_CFLAGS) $(FUZZ_DEFS)
FUZZ_COMMON  := fuzz/fuzz_util.c
FUZZ_SMOKE_SECONDS ?= 8

REPLAY_BINS := $(patsubst %,$(BUILD)/replay/%,$(FUZZ_TARGETS))
FUZZ_LIB    := $(BUILD)/fuzz/libddbconform.a
FUZZ_BINS   := $(patsubst %,$(BUILD)/fuzz/%,$(FUZZ_TARGETS))
AFL_LIB     := $(BUILD)/afl/libddbconform.a
AFL_BINS    := $(patsubst %,$(BUILD)/afl/%,$(FUZZ_TARGETS))

.PHONY: fuzz afl fuzz-smoke fuzz-merge fuzz-corpus fuzz-run fuzz-replay

all: $(REPLAY_BINS)
fuzz-replay: $(REPLAY_BINS)

# Replay binaries: the library's own flags (and SAN), without -MMD (several sources per link).
$(BUILD)/replay/%: fuzz/%.c $(FUZZ_COMMON) fuzz/replay_main.c fuzz/fuzz_util.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) $(FUZZ_DEFS) -o $@ $< $(FUZZ_COMMON) fuzz/replay_main.c \
	  $(LIB) $(LDFLAGS) $(LDLIBS)

# libFuzzer: the library with coverage (fuzzer-no-link) in its own folder.
$(BUILD)/fuzz/obj/%.o: harness/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(patsubst harness/%.c,$(BUILD)/fuzz/obj/%.o,$(LIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/fuzz/%: fuzz/%.c $(FUZZ_COMMON) fuzz/fuzz_util.h $(FUZZ_LIB)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< $(FUZZ_COMMON) $(FUZZ_LIB) $(LDLIBS)

fuzz: $(FUZZ_BINS)

# AFL++: the same targets through afl-clang-fast; -fsanitize=fuzzer links
# AFL++'s libAFLDriver, which calls LLVMFuzzerInitialize/TestOneInput.
$(BUILD)/afl/obj/%.o: harness/%.c
	@mkdir -p $(dir $@)
	AFL_QUIET=1 AFL_USE_ASAN=1 AFL_USE_UBSAN=1 $(AFL_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(AFL_LIB): $(patsubst harness/%.c,$(BUILD)/afl/obj/%.o,$(LIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/afl/%: fuzz/%.c $(FUZZ_COMMON) fuzz/fuzz_util.h $(AFL_LIB)
	AFL_QUIET=1 AFL_USE_ASAN=1 AFL_USE_UBSAN=1 $(AFL_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_COMMON) $(AFL_LIB) $(LDLIBS)

afl: $(AFL_BINS)

fuzz-smoke: fuzz $(REPLAY_BINS)
	@DDBCONFORM_HOME=$(CURDIR) FUZZ_SMOKE_SECONDS=$(FUZZ_SMOKE_SECONDS) fuzz/smoke.sh $(abspath $(BUILD)) $(FUZZ_TARGETS)

fuzz-merge: fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
	  tmp=$$(mktemp -d); \
	  DDBCONFORM_HOME=$(CURDIR) $(BUILD)/fuzz/$$t -merge=1 -dict=fuzz/$$t.dict $$tmp corpus/$$t >/dev/null 2>&1; \
	  rm -f corpus/$$t/*; cp $$tmp/* corpus/$$t/; rm -rf $$tmp; \
	  echo "fuzz-merge: corpus/$$t: $$(ls corpus/$$t | wc -l) files"; \
	done

fuzz-corpus:
	python3 tools/gen/fuzz-corpus.py --seeds

T ?= validate
FUZZ_SECONDS ?= 600
fuzz-run: $(BUILD)/fuzz/$(T)
	@mkdir -p $(BUILD)/fuzz-runs/$(T) $(BUILD)/fuzz-artifacts/$(T)
	DDBCONFORM_HOME=$(CURDIR) $(BUILD)/fuzz/$(T) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	  -dict=fuzz/$(T).dict -artifact_prefix=$(BUILD)/fuzz-artifacts/$(T)/ $(BUILD)/fuzz-runs/$(T) corpus/$(T)

test-extra:: fuzz-smoke

-include $(wildcard $(BUILD)/fuzz/obj/*.d $(BUILD)/afl/obj/*.d)
