/* cases.h - the case language in one include: the case file and its loader
 * (case.h), ${var} substitution (vars.h), body matchers and mismatches
 * (match.h), validation-message clause sets (clauses.h), and the regex search
 * they and the runner share (core/regex.h). Format: cases/README.md. */
#ifndef DC_CASES_H
#define DC_CASES_H

#include "core/regex.h"
#include "suite/case.h"
#include "suite/clauses.h"
#include "suite/match.h"
#include "suite/vars.h"

#endif
