/* clauses.h - validation messages as clause sets: the service prints
 * "N validation error(s) detected: a; b" with its clauses in no stable order
 * ([S:validation-grammar]), so a case lists them and they compare as a set
 * (cases/README.md, "message": {"clauses": [...], "count": N}). */
#ifndef DC_CLAUSES_H
#define DC_CLAUSES_H

#include <stdbool.h>
#include <stddef.h>

#include "suite/match.h"

#define DC_CLAUSES_MAX 64 /* clauses parsed from one validation message */

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
 * clause is one mismatch under path; a wrong count one under path.count. */
bool dc_clauses_match(const char *const *expected, size_t nexpected, long count, const char *msg, size_t len,
                      const char *path, dc_mismatches *out);

#endif
