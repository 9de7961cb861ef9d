/* regex.h - one PCRE2 search, for the texts a case or a check compares
 * (matchers, expected messages). The spec's shape patterns are compiled once
 * and kept by spec/spec.c instead: those are whole-string matches run per
 * request, these are unanchored searches run once per comparison. */
#ifndef DC_REGEX_H
#define DC_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common.h"

/* Unanchored search, as grep does; write ^...$ to anchor. The pattern is UTF-8
 * (PCRE2_UTF), the subject len bytes. -1 when the pattern does not compile:
 * err "regex /<pattern>/ does not compile at offset N: <pcre2's reason>". */
int dc_regex_search(const char *pattern, const char *subject, size_t len, bool *matched, dc_err *err);

/* The same search; when it matches, calls group(name, value, value_len, ctx)
 * for each named group (?<name>...) that took part in the match, in the
 * order of the pattern's name table (alphabetical). group returns 0 to go on,
 * -1 to stop (the search then returns -1; err is the callee's). */
typedef int (*dc_regex_group_fn)(const char *name, const char *value, size_t value_len, void *ctx, dc_err *err);
int dc_regex_search_groups(const char *pattern, const char *subject, size_t len, bool *matched, dc_regex_group_fn group,
                           void *ctx, dc_err *err);

#endif
