# mk/serve-bench.mk - `make bench-serve`: only bench/serve.sh (wrk: serve vs
# DynamoDB Local and moto, serve's VmRSS with 10,000 backups), the same JSON
# lines `make bench` collects into reports/bench.json.
# BENCH_SECONDS=N sets the measured seconds per run (default 5, warm-up 2).
.PHONY: bench-serve
bench-serve: deps $(BIN)
	@BUILD_DIR=$(abspath $(BUILD)) DC_BENCH_SECONDS=$(or $(BENCH_SECONDS),5) bash bench/serve.sh
