# mk/regen.mk - the generators under tools/gen/, one command line for all (tools/gen/genlib.py):
# tools/gen/<name>.py writes what it owns, --check writes nothing and names every file that
# differs, is missing or is an ORPHAN (marked as its output but no longer written), --help says
# what it writes and what its check means.
#
#   make regen        every generator, in the order of the chain:
#                     validate-table (tests/data/validate/table.json) -> cases (cases/, the derived
#                     ones) -> fuzz-corpus (fuzz/*.dict); sigv4-vectors (tests/data/sigv4/);
#                     moto-baseline (baselines/moto.json, reasons re-derived without a moto run);
#                     spec-draft drafts into $(BUILD)/spec-draft (spec/ is curated by hand)
#   make regen-check  every generator's --check, sigv4-requests (run at test time, nothing
#                     committed) and spec-draft included; `make test` runs it
GEN_CHAIN := validate-table cases fuzz-corpus sigv4-vectors moto-baseline
GEN_CHECK := $(GEN_CHAIN) sigv4-requests spec-draft

.PHONY: regen regen-check
regen:
	@set -e; for g in $(GEN_CHAIN); do python3 tools/gen/$$g.py; done
	@python3 tools/gen/spec-draft.py --out $(BUILD)/spec-draft

regen-check:
	@rc=0; for g in $(GEN_CHECK); do python3 tools/gen/$$g.py --check || rc=1; done; exit $$rc
