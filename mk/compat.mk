# mk/compat.mk - `make compat`: the golden suite against serve, DynamoDB Local and
# moto (those present), then `ddbconform report` -> reports/compat/matrix.html.
# COMPAT_LEVEL=strict for exact messages; COMPAT_DIR=DIR to write elsewhere.
.PHONY: compat
compat: deps $(BIN)
	@DDBCONFORM=$(abspath $(BIN)) tools/compat.sh
