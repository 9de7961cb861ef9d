/* cases.h - golden cases: the loader of cases/<operation>/<name>.json, ${var}
 * substitution, the body matchers and the validation-message clause sets.
 *
 * The format is documented in cases/README.md. Everything the loader returns
 * points into the case's own parsed document (dc_case.doc) and lives until
 * dc_case_free. Nothing here does I/O except dc_case_load / dc_cases_find. */
#ifndef DC_CASES_H
#define DC_CASES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common.h"
#include "core/json.h"

#define DC_CASE_MAX_BYTES (1u << 20) /* one case file */
#define DC_CASE_MAX_STEPS 64         /* steps (and, separately, cleanup steps) per case */
#define DC_CASE_MAX_FILES 10000      /* case files found under one --cases path */
#define DC_VARS_MAX 256              /* variables (vars + captures) per case */
#define DC_MISMATCH_MAX 32           /* mismatches kept per comparison; the rest are counted */
#define DC_CLAUSES_MAX 64            /* clauses parsed from one validation message */
#define DC_WAIT_MAX_SECONDS 3600.0   /* longest waiter timeout a case may ask for */

/* ---- variables --------------------------------------------------------- */

/* A case's variables: name -> JSON value (each value owns a copy). */
typedef struct dc_vars dc_vars;

dc_vars *dc_vars_new(void);
void dc_vars_free(dc_vars *vars);
/* Stores a deep copy of value under name (replacing an earlier one). -1 when full. */
int dc_vars_set(dc_vars *vars, const char *name, const dc_json *value, dc_err *err);
/* Stores s as a JSON string / numtext as a JSON number (numtext must be a valid number). */
int dc_vars_set_string(dc_vars *vars, const char *name, const char *s, dc_err *err);
int dc_vars_set_number(dc_vars *vars, const char *name, const char *numtext, dc_err *err);
/* Borrowed; NULL when unset. */
const dc_json *dc_vars_get(const dc_vars *vars, const char *name);

/* Substitutes ${name} everywhere in tmpl (object keys are left alone) and parses
 * the result into out (caller frees). A string that is exactly "${name}" takes
 * the variable's JSON value with its type; "${name}" inside a longer string is
 * replaced by the text of a string/number/boolean value. "$${" writes "${".
 * err: "${nope} is not defined at steps[1].request.TableName" (path_prefix + path). */
int dc_subst(const dc_json *tmpl, const dc_vars *vars, const char *path_prefix, dc_json_doc *out, dc_err *err);
/* Text interpolation only (for rawBody and header values): appends to out. */
int dc_subst_text(const char *s, size_t len, const dc_vars *vars, const char *path, dc_buf *out, dc_err *err);

/* ---- comparison results ------------------------------------------------ */

typedef struct {
    char *path;     /* "BackupDetails.BackupStatus", "" for the root */
    char *expected; /* what the template asked for, as text */
    char *actual;   /* what the response had, as text ("(absent)" when missing) */
} dc_mismatch;

typedef struct {
    dc_mismatch *items;
    size_t count;
    size_t dropped; /* mismatches beyond DC_MISMATCH_MAX */
} dc_mismatches;

void dc_mismatches_init(dc_mismatches *m);
void dc_mismatches_free(dc_mismatches *m);
void dc_mismatches_add(dc_mismatches *m, const char *path, const char *expected, const char *actual);

/* ---- body matchers ----------------------------------------------------- */

/* Checks that tmpl is a well-formed template (known $operators with arguments
 * of the right type). err: "expect.body.BackupDetails.$epoch: ..." */
int dc_match_check(const dc_json *tmpl, const char *path, dc_err *err);
/* Structural match of actual (may be NULL = absent) against tmpl. Captured
 * values ($capture) go into captures (may be NULL). Mismatch paths are built
 * from path (the location of actual, "" for a body root). Returns true on match. */
bool dc_match(const dc_json *tmpl, const dc_json *actual, const char *path, dc_vars *captures, dc_mismatches *out);

/* ---- validation-message clause sets ------------------------------------ */

/* "2 validation errors detected: a; b" -> count 2, clauses {a, b}. */
typedef struct {
    long count;
    char **clauses;
    size_t n;
} dc_clause_set;

/* Returns -1 when msg does not have the "N validation error(s) detected: " form. */
int dc_clauses_parse(const char *msg, size_t len, dc_clause_set *out);
void dc_clause_set_free(dc_clause_set *cs);
/* Order-independent comparison of msg against the expected clauses and count
 * (count < 0: take the number of expected clauses). Each missing or unexpected
 * clause is one mismatch under path. */
bool dc_clauses_match(const char *const *expected, size_t nexpected, long count, const char *msg, size_t len,
                      const char *path, dc_mismatches *out);

/* ---- regex (PCRE2), shared with the runner ------------------------------ */

/* Unanchored search, as grep does; write ^...$ to anchor. -1 when the pattern does not compile. */
int dc_regex_search(const char *pattern, const char *subject, size_t len, bool *matched, dc_err *err);

/* ---- the case file ----------------------------------------------------- */

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
} dc_step;

typedef struct {
    char *file; /* as given to the loader */
    const char *id;
    const char *description;
    const char *source;
    const char *generated_by; /* "tools/gen/cases.py" for a generated case, NULL for a hand-written one */
    bool strict_only;
    const char **tags;
    size_t ntags;
    const dc_json *vars; /* object or NULL; values substituted in document order */
    dc_step *steps;
    size_t nsteps;
    dc_step *cleanup;
    size_t ncleanup;
    const char **ops; /* distinct operations used by steps, waiters and cleanup */
    size_t nops;
    dc_json_doc doc; /* owns everything above except file/steps/tags/ops arrays */
} dc_case;

/* Parses one case. expected_id (may be NULL) is the id implied by the file's
 * place under the cases root; a different "id" is an error. Errors read
 * "<file>: <json path>: <what is wrong>". On failure *c is freed. */
int dc_case_parse(const char *file, const void *data, size_t len, const char *expected_id, dc_case *c, dc_err *err);
int dc_case_load(const char *file, const char *expected_id, dc_case *c, dc_err *err);
void dc_case_free(dc_case *c);
bool dc_case_has_tag(const dc_case *c, const char *tag);
bool dc_case_uses_op(const dc_case *c, const char *op);

/* A case file found under a --cases path. */
typedef struct {
    char *file; /* path to open */
    char *id;   /* path relative to the root, without ".json"; NULL for a file given directly */
} dc_case_ref;

/* Collects *.json under path (a folder, recursed; dotfiles skipped) or path
 * itself when it is a file (then id is NULL: the file's own "id" is taken).
 * Appends to *refs, sorted by id. -1 when path cannot be read. */
int dc_cases_find(const char *path, dc_case_ref **refs, size_t *n, dc_err *err);
void dc_case_refs_free(dc_case_ref *refs, size_t n);

#endif
