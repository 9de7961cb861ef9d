# mk/explore-bench.mk - `make bench-explore`: only bench/explore.sh (explore's
# steps/s against serve --test-control and its findings there, which must be
# none), the JSON lines `make bench` collects into reports/bench.json.
.PHONY: bench-explore
bench-explore: deps $(BIN)
	@BUILD_DIR=$(abspath $(BUILD)) bash bench/explore.sh
