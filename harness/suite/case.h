/* case.h - the case file: the loader of cases/<group>/<name>.json (format:
 * cases/README.md) and the walk that finds case files under a --cases path.
 *
 * Everything the loader returns points into the case's own parsed document
 * (dc_case.doc) and lives until dc_case_free. Nothing here does I/O except
 * dc_case_load (the case file and the fixtures it includes) and dc_cases_find. */
#ifndef DC_CASE_H
#define DC_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common.h"
#include "core/json.h"
#include "suite/confidence.h"

#define DC_CASE_MAX_BYTES (1u << 20) /* one case file (and one fixture) */
#define DC_CASE_MAX_STEPS 64         /* steps (and, separately, cleanup steps) per case, includes expanded */
#define DC_CASE_MAX_FILES 10000      /* case files found under one --cases path */
#define DC_WAIT_MAX_SECONDS 3600.0   /* longest waiter timeout a case may ask for */
#define DC_PAUSE_MAX_SECONDS 900.0   /* longest pause step a case may ask for */

typedef enum { DC_MSG_NONE, DC_MSG_EXACT, DC_MSG_CLAUSES, DC_MSG_REGEX } dc_msg_kind;

typedef struct {
    int status;                 /* 0: not given (200 without "error", else not checked) */
    const char *error;          /* error name, or NULL */
    const char *ns;             /* explicit "namespace", or NULL (then the catalog's, at strict) */
    const dc_json *message_key; /* explicit "messageKey": "message" | "Message" | null; NULL if not given */
    dc_msg_kind msg_kind;
    const dc_json *message; /* exact text, or the regex / clause-array node (templates) */
    long clause_count;      /* DC_MSG_CLAUSES: expected N, -1 = number of clauses */
    const dc_json *body;    /* matcher template, or NULL */
    const dc_json *headers; /* object name -> matcher template, or NULL */
} dc_expect;

typedef struct {
    const char *op;          /* operation for the DynamoDB_20120810.<op> target */
    const dc_json *request;  /* body template (object), or NULL */
    const dc_json *raw_body; /* STRING node: body bytes sent as they are, after ${var} text interpolation */
    const dc_json *headers;  /* extra/overriding headers (null value removes one), or NULL */
    bool sign;
    bool has_expect;
    dc_expect expect;
    const dc_json *capture; /* object name -> dotted response path, or NULL */
} dc_call;

typedef struct {
    int index;        /* 1-based position in steps/cleanup (report numbering) */
    const char *path; /* "steps[2]" for messages */
    bool has_call;    /* a step may be only a waiter */
    dc_call call;
    bool has_wait;
    dc_call wait;         /* request polled; expect unused */
    const dc_json *until; /* object: dotted path -> matcher template; "$error" -> name */
    double wait_timeout;  /* seconds */
    double wait_interval; /* seconds */
    double pause;         /* a "pause" step: seconds that must pass on the endpoint's clock; 0 = none */
} dc_step;

/* One entry of "sources": what a source says, and which source it is. */
typedef struct {
    const char *says;
    const char *source;
} dc_case_claim;

typedef struct {
    char *file; /* as given to the loader */
    const char *id;
    const char *description;
    const char *source;
    const char *generated_by; /* "tools/gen/cases.py" for a generated case, NULL for a hand-written one */
    bool strict_only;
    dc_confidence confidence; /* "confidence"; DC_CONFIDENCE_CONFIRMED when not given */
    dc_case_claim *sources;   /* "sources" (a disputed case: at least two sides) */
    size_t nsources;
    const char **tags;
    size_t ntags;
    const dc_json *vars; /* object or NULL; values substituted in document order */
    dc_step *steps;
    size_t nsteps;
    dc_step *cleanup;
    size_t ncleanup;
    bool clocked;     /* a main step pauses: the run may advance the endpoint's clock instead (runner.h) */
    const char **ops; /* distinct operations used by steps, waiters and cleanup */
    size_t nops;
    dc_json_doc doc; /* owns everything above except file/steps/tags/ops arrays */
} dc_case;

/* Parses one case from memory. expected_id (may be NULL) is the id implied by
 * the file's place under the cases root; a different "id" is an error. Errors
 * read "<file>: <json path>: <what is wrong>". On failure *c is freed. An
 * "include" step is refused here: it is resolved only by dc_case_load. */
int dc_case_parse(const char *file, const void *data, size_t len, const char *expected_id, dc_case *c, dc_err *err);
/* Reads and parses file. A step {"include": "<name>"} in steps or cleanup is
 * replaced by the steps of <cases folder>/.fixtures/<name>.json, where the
 * cases folder is file's path without "/<id>.json" (the id is expected_id, else
 * the file's own "id"); step numbers and paths in messages count the included
 * steps. Fixtures: {"description": "...", "steps": [...]}, no includes of their own. */
int dc_case_load(const char *file, const char *expected_id, dc_case *c, dc_err *err);
void dc_case_free(dc_case *c);
/* A tag of the case; a case's confidence other than "confirmed" counts as a tag
 * too, so --tags disputed selects the disputed cases. */
bool dc_case_has_tag(const dc_case *c, const char *tag);
bool dc_case_uses_op(const dc_case *c, const char *op);
/* The operation a case tests: the last operation of its main steps (not
 * waiters, not cleanup) for which is_plumbing(op, ctx) is false, else its last
 * operation; NULL when it has none. Borrowed from the case. */
const char *dc_case_operation(const dc_case *c, bool (*is_plumbing)(const char *op, const void *ctx), const void *ctx);

/* A case file found under a --cases path. */
typedef struct {
    char *file; /* path to open */
    char *id;   /* path relative to the root, without ".json"; NULL for a file given directly */
} dc_case_ref;

/* Collects *.json under path (a folder, recursed; dotfiles and dot-folders such
 * as .fixtures skipped) or path itself when it is a file (then id is NULL: the
 * file's own "id" is taken). Appends to *refs, sorted by id. -1 when path cannot
 * be read. */
int dc_cases_find(const char *path, dc_case_ref **refs, size_t *n, dc_err *err);
void dc_case_refs_free(dc_case_ref *refs, size_t n);

#endif
