# mk/loopback-bench.mk - `make bench-loopback`: only bench/loopback.sh (wrk:
# serve's DescribeTable and DescribeBackup against nginx answering a static
# 70-byte body, same run; fails below DC_LOOPBACK_MIN_RATIO, default 0.5:
# issue 11 Performance). `make bench` runs it with every other bench/*.sh.
# BENCH_SECONDS=N sets the measured seconds per run (default 5).
.PHONY: bench-loopback
bench-loopback: deps $(BIN)
	@BUILD_DIR=$(abspath $(BUILD)) DC_BENCH_SECONDS=$(or $(BENCH_SECONDS),5) bash bench/loopback.sh
