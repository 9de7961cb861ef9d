/* baseline.h - known failures of one implementation (baselines/<impl>.json):
 *   {"impl": "moto", "cases": {"<case id>": {"reason": "...", "issue": "optional link"}}}
 * A listed case that fails is reported "xfail"; a listed case that passes is
 * reported passed with "fixed (xfail passed)"; only unlisted failures fail a run. */
#ifndef DC_BASELINE_H
#define DC_BASELINE_H

#include <stddef.h>

#include "core/common.h"
#include "suite/result.h"

#define DC_BASELINE_MAX_BYTES (4u << 20)

/* Every string is owned by the dc_baseline (copied out of the file, which is
 * not kept) and freed by dc_baseline_free. */
typedef struct {
    char *id;
    char *reason;
    char *issue; /* NULL when not given */
} dc_baseline_entry;

typedef struct {
    char *impl;
    dc_baseline_entry *items;
    size_t n;
} dc_baseline;

/* Errors read "<file>: <json path>: <what is wrong>". */
int dc_baseline_parse(const char *file, const void *data, size_t len, dc_baseline *b, dc_err *err);
int dc_baseline_load(const char *file, dc_baseline *b, dc_err *err);
void dc_baseline_free(dc_baseline *b);
const dc_baseline_entry *dc_baseline_find(const dc_baseline *b, const char *id);
/* failed + listed -> xfail (reason/issue copied into c, which owns them); passed + listed -> fixed.
 * dc_baseline_find's entry points into b. */
void dc_baseline_apply(const dc_baseline *b, dc_case_result *c);

#endif
