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

#endif
