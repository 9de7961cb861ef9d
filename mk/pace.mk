# mk/pace.mk - `make test-pace`: the full strict suite against `serve --pace
# aws:SCALE` with `run --pace aws:SCALE` at --jobs 1 and 8 (tools/pace-suite.sh;
# minutes: too slow for `make test`, whose tests/integration/run_pace.sh runs
# the throttle-prone subset). PACE_SCALE=0.05 (20 times the real pace),
# PACE_JOBS="1 8"; `make bench-pace` measures --jobs 1, 4 and 8 (docs/real-aws.md).
PACE_SCALE ?= 0.05
.PHONY: test-pace bench-pace
test-pace: deps $(BIN)
	@DDBCONFORM=$(abspath $(BIN)) PACE_SCALE=$(PACE_SCALE) PACE_JOBS="$(or $(PACE_JOBS),1 8)" tools/pace-suite.sh
bench-pace: deps $(BIN)
	@DDBCONFORM=$(abspath $(BIN)) PACE_SCALE=$(PACE_SCALE) PACE_JOBS="$(or $(PACE_JOBS),1 4 8)" tools/pace-suite.sh
