# mk/gate-sdks.mk - `make gate-sdk-sweep`: tests/integration/gate_sdks.sh over 20
# fault seeds per SDK (JS v2, Go v2, boto3 adaptive and AWS_NEW_RETRIES_2026, JS v3
# adaptive and configured), one line per run (failed rules, warnings, COMMAND's
# exit, the retry scheme inferred); fails on a verdict the SDK's code does not
# explain. SEEDS="1 2 3" picks others. About 20 s a run on a loaded 2-core machine.
.PHONY: gate-sdk-sweep
gate-sdk-sweep: deps $(BIN)
	@DDBCONFORM=$(abspath $(BIN)) BUILD_DIR=$(abspath $(BUILD)) \
	  GATE_SDK_SEEDS="$(or $(SEEDS),1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)" \
	  bash tests/integration/gate_sdks.sh
