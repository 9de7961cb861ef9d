/* rules.h - the semantic-rule table of the validation core (internal).
 *
 * Rules are named in spec/operations/<Op>.json ("rules": [...], and "check" on
 * members); this is the one place where C knows about individual rules. Their
 * message texts come from spec/messages.json, by ids marked DC_MSG (spec.h):
 * tests/unit/test_messages.c checks every marked id against the spec. */
#ifndef DC_RULES_H
#define DC_RULES_H

#include <stdbool.h>

#include "core/json.h"
#include "spec/spec.h"
#include "validate/verdict.h"

typedef enum {
    DC_RULE_PHASE_PRE, /* before generic validation (legacy validators the service still runs first) */
    DC_RULE_PHASE_POST /* after generic validation passed */
} dc_rule_phase;

typedef struct {
    const dc_spec *spec;
    const dc_operation *op;
    const dc_json *request;
    const dc_validate_context *ctx;
    dc_verdict *out;
} dc_rule_env;

/* Runs the op's rules and member checks of the given phase in spec order;
 * stops at the first that decides (out->ok becomes false). */
int dc_rules_run(dc_rule_env *env, dc_rule_phase phase);
/* true if id names a rule or member check this build implements. */
bool dc_rule_known(const char *id);

#endif
