/* plan.h - `ddbconform run --plan`: what the selected cases would create on an
 * account, how long they would take at the real service's pace and what they
 * would cost, worked out from the case files alone (nothing is sent).
 *
 * A step counts when it expects success (no expected error; status 200 or not
 * given): that is what it creates on an endpoint where the case passes. What
 * each operation creates is data (spec/plan-effects.json), the durations and
 * rates are spec/pace-aws.json, the prices spec/aws-prices.json
 * (docs/plan-and-sweep.md explains the estimate). */
#ifndef DC_PLAN_H
#define DC_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/common.h"
#include "suite/case.h"
#include "suite/runner.h"

/* What one case (or the whole plan) creates. */
typedef struct {
    size_t tables;         /* CreateTable + restores */
    size_t backups;        /* CreateBackup */
    size_t restores;       /* RestoreTableFromBackup + RestoreTableToPointInTime */
    size_t pitr_restores;  /* RestoreTableToPointInTime */
    size_t pitr_enables;   /* UpdateContinuousBackups with PointInTimeRecoveryEnabled true */
    size_t pitr_tables;    /* distinct tables that had PITR enabled */
    size_t system_backups; /* tables deleted with PITR on: SYSTEM backups the service keeps 35 days */
    size_t item_writes;    /* PutItem, UpdateItem, DeleteItem */
    size_t item_reads;     /* GetItem, Scan, Query */
    size_t provisioned;    /* tables billed by provisioned capacity (restores of one included) */
    size_t requests;       /* calls of steps and cleanup (waiter polls not counted) */
} dc_plan_counts;

typedef struct {
    const char *what; /* "write request units" */
    double quantity;
    const char *unit; /* from aws-prices.json */
    double unit_usd;
    const char *source;
    double usd;
} dc_plan_cost_item;

#define DC_PLAN_COST_ITEMS 8

typedef struct dc_plan dc_plan;

/* Reads the three data files under data_dir/spec. */
int dc_plan_new(const char *data_dir, dc_plan **out, dc_err *err);
void dc_plan_free(dc_plan *p);
/* Adds the cases of refs that o selects (dc_runner_selects; strict-only cases
 * are left out at compat, as the run skips them). A case file that does not
 * load is an error: the run would fail it. jobs: the run's --jobs. */
int dc_plan_add(dc_plan *p, const dc_runner_opts *o, const dc_case_ref *refs, size_t nrefs, dc_err *err);
/* The totals, after dc_plan_add. */
const dc_plan_counts *dc_plan_totals(const dc_plan *p);
/* Wall time estimate in seconds with jobs cases at once: typical and high. */
void dc_plan_wall_time(const dc_plan *p, unsigned jobs, double *typical, double *high);
/* Names created that sweep could not prove the suite's (not built from ${unique}). */
size_t dc_plan_unprovable(const dc_plan *p);
/* Cost estimate in USD; items (may be NULL) receives the line items. */
double dc_plan_cost(const dc_plan *p, dc_plan_cost_item items[DC_PLAN_COST_ITEMS], size_t *nitems);
/* The console summary (a few lines) and DIR/plan.json. */
void dc_plan_print(const dc_plan *p, unsigned jobs, const char *endpoint, FILE *out);
int dc_plan_write_json(const dc_plan *p, unsigned jobs, const char *endpoint, const char *path, dc_err *err);

#endif
