/* casefile.h - a divergence written as a replayable case file
 * (cases/README.md format), DIR/cases/<id>.json, run with
 * `ddbconform run --cases DIR/cases/<id>.json`.
 *
 * The recorder follows a replay of the shrunk sequence: each step becomes a
 * case step whose expectation is the model's answer (status and error for the
 * steps before the divergence; status, error, message at strict and the body
 * as the judge compares it for the diverging one), a settle becomes a waiter
 * and the describe call it judged, a CreateBackup captures its BackupArn as
 * ${b<n>}, the run's name prefix is ${p} (from ${unique}), a time step is a
 * "pause" (run moves a clock it controls, else sleeps). A case that names a
 * PITR instant in the middle of a time step (${m<n>}) is tagged
 * "needs-test-clock": no replay can place that instant on an endpoint's clock. */
#ifndef DC_EXPLORE_CASEFILE_H
#define DC_EXPLORE_CASEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "explore/gen.h"
#include "explore/judge.h"
#include "explore/divergence.h"
#include "explore/sides.h"

typedef struct dc_ex_recorder dc_ex_recorder;

dc_ex_recorder *dc_ex_recorder_new(const dc_ex_rules *rules, bool compat);
void dc_ex_recorder_free(dc_ex_recorder *rec);
/* The run's name prefix (answers' names become ${p}). */
void dc_ex_recorder_prefix(dc_ex_recorder *rec, const char *prefix);

/* One judged call: op with its body as a case template (${p}, ${b<n>},
 * ${m<n>}, ${lek<n>}), the model's answer; capture: a member to capture as
 * var (NULL = none); diverged: the divergence is here (full expectation). */
void dc_ex_recorder_call(dc_ex_recorder *rec, const char *op, const char *tmpl, const dc_ex_answer *model,
                         const char *capture, const char *var, bool diverged);
/* The next call's full expectation also says that the member at path (in
 * the body, dotted: "TableDescription.GlobalSecondaryIndexes") is absent. */
void dc_ex_recorder_absent(dc_ex_recorder *rec, const char *path);
/* A waiter before the next call: poll op with tmpl until path equals value
 * (value NULL: until error name err). */
void dc_ex_recorder_wait(dc_ex_recorder *rec, const char *op, const char *tmpl, const char *path, const char *value,
                         const char *err);
/* A time step of ms (marker >= 0: explore's n-th, whose middle is ${m<n>};
 * -1: the millisecond after a PITR enable) as a "pause" step. */
void dc_ex_recorder_advance(dc_ex_recorder *rec, int64_t ms, int marker);
/* The case names ${m<marker>}: a PITR instant a replay cannot place, so the
 * case is tagged needs-test-clock (replayable by explore only). */
void dc_ex_recorder_instant(dc_ex_recorder *rec, int marker);
/* A clean-up step. */
void dc_ex_recorder_cleanup(dc_ex_recorder *rec, const char *op, const char *tmpl);

/* Where a finding was met and what it is. */
typedef struct {
    const char *dir; /* the findings folder */
    const char *id;  /* "<n>-<op>" */
    uint64_t seed;   /* the worker's seed */
    size_t episode;
    size_t step;         /* where it was met, in the episode */
    size_t original_len; /* steps before shrinking */
    size_t shrunk_len;   /* after */
    const dc_ex_divergence *d;
    const char *confidence; /* "confirmed", "disputed", "inferred" */
    const char *sources;    /* JSON array text or NULL */
    const char *endpoint;
} dc_ex_case_info;

/* Writes DIR/cases/<id>.json from what rec saw. */
int dc_ex_recorder_write(dc_ex_recorder *rec, const dc_ex_case_info *info, dc_err *err);

#endif
