# mk/gate-bench.mk - `make bench-gate`: only bench/gate.sh (what judging the
# client costs serve per request: in process, and over HTTP with wrk with and
# without --client-report), the JSON lines `make bench` collects.
.PHONY: bench-gate
bench-gate: deps $(BIN) $(BUILD)/bench/bench_judge
	@BUILD_DIR=$(abspath $(BUILD)) DC_BENCH_SECONDS=$(or $(BENCH_SECONDS),5) bash bench/gate.sh
