/* record.h - normalized recordings of responses: `run --record DIR` stores, per
 * case, what every step answered (DIR/<case id>.json); `run --compare-to DIR`
 * diffs a new run against it. This is how a user records the real service once
 * and holds an emulator to it.
 *
 * Normalization (rules in spec/normalize.json, the model is LocalStack's
 * snapshot transformers): strings are scanned for the rules' patterns (ARNs,
 * UUIDs, ISO-8601 times), numbers in members whose name matches
 * "timestampMembers" are timestamps, and the run's unique name ("ddbc-3fa2c1-6756f3a1-002a91be", suite/names.h) is
 * a literal. Each such value becomes a typed placeholder "<type#N>", N counted
 * per type in order of first appearance within one case: the same value always
 * gets the same placeholder, so two fields that must be equal still compare
 * equal ("<arn:backup#1>" in CreateBackup and in DescribeBackup). A value of
 * the wrong form does not match its rule and keeps its raw text, which then
 * shows up as a difference. Object members are written in sorted order (and
 * visited in that order, so numbering does not depend on the server's member
 * order); arrays keep theirs.
 *
 * One normalized step:
 *   {"step": 3, "op": "CreateBackup", "status": 200,
 *    "error": "com.amazonaws.dynamodb.v20120810#TableNotFoundException" | null,
 *    "headers": {"content-type": "...", "x-amzn-requestid": "<request-id#3>", "x-amz-crc32": "<crc32:valid>"},
 *    "body": <normalized JSON> | "<not JSON: N bytes>" | null}
 * or {"step": 3, "op": "...", "transport": "refused"} when nothing came back. */
#ifndef DC_RECORD_H
#define DC_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "suite/cases.h"
#include "core/common.h"
#include "wire/http.h"
#include "core/json.h"

#define DC_NORM_MAX_RULES 64            /* string and header rules in spec/normalize.json */
#define DC_NORM_MAX_LITERALS 16         /* literal replacements per case */
#define DC_NORM_MAX_VALUES 4096         /* distinct placeholder values per case */
#define DC_RECORD_MAX_BYTES (16u << 20) /* one recording file */

/* ---- rules ---------------------------------------------------------------- */

/* Ownership, in one place: dc_norm_rules owns everything it parsed (data is
 * not kept). A dc_norm borrows its rules, which must outlive it, and owns
 * copies of its literals. Steps and texts handed in are borrowed for the call
 * only; output goes to caller-owned dc_bufs. A loaded recording is a
 * caller-owned dc_json_doc; dc_record_find_step points into it. A
 * dc_record_cmp owns its renaming table; dc_record_diff copies what it puts
 * into the mismatches. */
typedef struct dc_norm_rules dc_norm_rules;

/* Parses spec/normalize.json's format; errors read "<file>: <json path>: <what>". */
int dc_norm_rules_parse(const char *file, const void *data, size_t len, dc_norm_rules **out, dc_err *err);
/* Loads <data_dir>/spec/normalize.json. */
int dc_norm_rules_load(const char *data_dir, dc_norm_rules **out, dc_err *err);
void dc_norm_rules_free(dc_norm_rules *r);

/* ---- per-case normalizer -------------------------------------------------- */

/* Placeholder state of one case; not thread-safe (one per running case). */
typedef struct dc_norm dc_norm;

/* rules is borrowed: it must outlive the normalizer. */
dc_norm *dc_norm_new(const dc_norm_rules *rules);
void dc_norm_free(dc_norm *n);
/* Every occurrence of literal (outside pattern matches) becomes placeholder,
 * e.g. the run's unique name -> "<unique>". Empty literals are ignored. Both
 * strings are copied. */
int dc_norm_add_literal(dc_norm *n, const char *literal, const char *placeholder, dc_err *err);
/* Appends the normalized text of s[0..len). */
void dc_norm_text(dc_norm *n, const char *s, size_t len, dc_buf *out);
/* Appends v normalized as JSON (sorted members, 2-space indent from level indent). */
void dc_norm_json(dc_norm *n, const dc_json *v, int indent, dc_buf *out);

/* What one step answered, as the runner saw it. Every pointer is borrowed. */
typedef struct {
    int step; /* 1-based */
    const char *op;
    const dc_http_response *resp; /* NULL: no response */
    const char *transport;        /* error kind name when resp is NULL */
    const char *error_type;       /* "ns#Name", "Name", or NULL */
} dc_norm_step;

/* Appends the normalized step object (format at the top of this file). */
void dc_norm_step_json(dc_norm *n, const dc_norm_step *s, int indent, dc_buf *out);

/* ---- recordings ----------------------------------------------------------- */

/* DIR/<id>.json; -1 when the id could leave DIR ("..", absolute, empty). */
int dc_record_path(const char *dir, const char *id, dc_buf *out, dc_err *err);

/* Writes DIR/<id>.json atomically (folders created):
 * {"id", "endpoint", "level", "status", "recorded", "steps": [ steps_json ]}
 * steps_json is the comma-separated normalized step objects. */
int dc_record_write(const char *dir, const char *id, const char *endpoint, const char *level, const char *status,
                    const char *steps_json, size_t steps_len, dc_err *err);

/* Reads DIR/<id>.json into out, which the caller frees with dc_json_doc_free
 * when 0 is returned. Returns 1 when it does not exist, 0 when loaded, -1 on
 * a malformed file. */
int dc_record_load(const char *dir, const char *id, dc_json_doc *out, dc_err *err);
/* The recorded step object with "step" == step, or NULL; points into recording. */
const dc_json *dc_record_find_step(const dc_json *recording, int step);

/* Comparison state of one case: which recorded placeholder stands for which
 * actual one. Placeholders are compared by consistent renaming, not by their
 * numbers: recorded "<arn:table#1>" matches actual "<arn:table#2>" as long as
 * every later #1 is #2 again and nothing else is #2 (an ARN, id or request id
 * that was equal must stay equal, and distinct ones distinct). Timestamps
 * ("epoch") only need the first half: two events a fast implementation
 * stamps with the same millisecond are not a difference, but values that were
 * equal when recorded (EarliestRestorableDateTime == LatestRestorableDateTime
 * after enabling, one backup's BackupCreationDateTime everywhere) must stay
 * equal. */
typedef struct dc_record_cmp dc_record_cmp;

dc_record_cmp *dc_record_cmp_new(void);
void dc_record_cmp_free(dc_record_cmp *c);

/* Differences between a recorded and an actual normalized step (or any two
 * normalized values): object members by name, arrays by index, scalars by
 * value, placeholders (also inside longer strings) by renaming as above.
 * compat: the error's namespace and the message/Message member of error
 * bodies are not compared (the compat level checks status, name and shape).
 * Paths: "status", "error", "headers.x-amz-crc32", "body.BackupDetails.BackupArn",
 * "body.KeySchema.0.KeyType"; "(absent)" stands for a missing member. */
void dc_record_diff(dc_record_cmp *c, const dc_json *expected, const dc_json *actual, bool compat, dc_mismatches *out);

#endif
