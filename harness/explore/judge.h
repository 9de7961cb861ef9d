/* judge.h - compares the endpoint's answer with the model's on what the
 * service guarantees (rules: spec/explore.json on top of spec/normalize.json):
 * status, error name (and at strict the exact message and namespace), and the
 * body with statistics left out, timestamps by type only, set-like arrays
 * (Scan's Items, AttributeDefinitions, index lists) in any order, and ARNs,
 * ids and request ids by consistent renaming over the whole sequence (the
 * backup the endpoint named in CreateBackup must be the one DescribeBackup
 * and ListBackups show). A member only the endpoint sends is a note (forward
 * compatibility, fuller descriptions), never a divergence, unless
 * spec/explore.json "absenceMatters" names it for the operation and its value
 * is not empty (GetItem's Item where the model has none). */
#ifndef DC_EXPLORE_JUDGE_H
#define DC_EXPLORE_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common.h"
#include "core/json.h"
#include "explore/sides.h"
#include "spec/spec.h"
#include "suite/match.h"
#include "suite/record.h"

typedef struct dc_ex_rules dc_ex_rules;

/* Loads <data_dir>/spec/explore.json and spec/normalize.json. */
int dc_ex_rules_load(const char *data_dir, dc_ex_rules **out, dc_err *err);
void dc_ex_rules_free(dc_ex_rules *r);
/* The confidence of a divergence of op at path, given the sequence's text
 * ("op body" lines; an entry's "when" must occur in it): "confirmed",
 * or "disputed"/"inferred" with its sources as a JSON array text (*sources,
 * borrowed). */
const char *dc_ex_rules_confidence(const dc_ex_rules *r, const char *op, const char *path, const char *sequence,
                                   const char **sources);
/* Is member name one explore leaves out (statistics)? */
bool dc_ex_rules_ignored(const dc_ex_rules *r, const char *name, size_t len);
bool dc_ex_rules_unordered(const dc_ex_rules *r, const char *name, size_t len);
bool dc_ex_rules_timestamp(const dc_ex_rules *r, const char *name, size_t len);

/* The comparison state of one run of a sequence. */
typedef struct dc_ex_judge dc_ex_judge;
dc_ex_judge *dc_ex_judge_new(const dc_ex_rules *r);
void dc_ex_judge_free(dc_ex_judge *j);

/* Differences of real from model for op, into out (caller-initialised);
 * *notes counts members only the endpoint sent. compat: error names only. */
void dc_ex_judge_compare(dc_ex_judge *j, const dc_operation *op, const dc_ex_answer *model, const dc_ex_answer *real,
                         bool compat, dc_mismatches *out, size_t *notes);

/* The answer's body as the judge sees it: statistics dropped, timestamps
 * "<time>", set-like arrays sorted (for case files and messages). */
void dc_ex_judge_view(const dc_ex_rules *r, const dc_json *body, bool compat, dc_buf *out);

#endif
