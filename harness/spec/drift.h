/* drift.h - compares spec/ with the official model (botocore's
 * data/dynamodb/2012-08-10/service-2.json[.gz]) for `ddbconform spec check`.
 *
 * For every operation of the spec: input/output members (present/absent),
 * required flags, member shape names and types, min/max, patterns, enum value
 * sets, list/map element shapes, and the modeled error list. Each difference
 * is one line "drift: <where>: <attribute>: model <m>, spec <s> — explained:
 * <why>" (the spec's "model"/"drift" annotation records exactly the model's
 * value) or "... — unexplained". */
#ifndef DC_DRIFT_H
#define DC_DRIFT_H

#include <stddef.h>

#include "core/common.h"
#include "core/json.h"
#include "spec/spec.h"

typedef struct {
    size_t explained;
    size_t unexplained;
    size_t stale;  /* annotations whose recorded model value no longer differs from the spec */
    size_t shapes; /* spec shapes compared */
} dc_drift_result;

/* Reads the official model file (botocore's service model, not serve's
 * endpoint/model.h), plain or gzip (zlib reads both), and parses it. */
int dc_drift_load_official(const char *path, dc_json_doc *doc, dc_err *err);
/* Looks for botocore's model in the usual install places; writes the path
 * into buf and returns buf, or NULL when none is found. */
const char *dc_drift_find_official(char *buf, size_t cap);
/* Appends one line per difference to out. Returns -1 (err set) only when the
 * model is not a botocore service model. */
int dc_drift_check(const dc_spec *spec, const dc_json *model, dc_buf *out, dc_drift_result *res, dc_err *err);

#endif
