/* clientrules.h - spec/client-rules.json: the client rules of `ddbconform gate`
 * as data (id, description, severity, source) and every number and list they
 * use (the retryable error codes, the tying window, the backoff limits).
 *
 * The judge (judge.h) implements the rule ids of dc_crule_id; the file must
 * describe each of them exactly once and nothing else. Loaded with the strict
 * JSON layer: a duplicate key, an unknown key, a wrong type, a missing rule or
 * an unknown rule id is a load error naming the JSON path, like every spec file.
 * Everything returned lives until dc_client_rules_free. */
#ifndef DC_CLIENTRULES_H
#define DC_CLIENTRULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "gate/retrystats.h"

#define DC_CLIENT_RULES_FILE "spec/client-rules.json"

typedef enum {
    DC_CRULE_WIRE_METHOD,
    DC_CRULE_WIRE_PATH,
    DC_CRULE_WIRE_CONTENT_TYPE,
    DC_CRULE_WIRE_TARGET,
    DC_CRULE_WIRE_JSON_BODY,
    DC_CRULE_SIGNING_SIGNATURE,
    DC_CRULE_SIGNING_SCOPE,
    DC_CRULE_SIGNING_CLOCK_SKEW,
    DC_CRULE_SIGNING_REQUIRED_HEADERS,
    DC_CRULE_SIGNING_AMZ_HEADERS_SIGNED,
    DC_CRULE_SIGNING_CONTENT_TYPE_SIGNED,
    DC_CRULE_VALIDITY_REQUEST,
    DC_CRULE_RETRY_AFTER_FAULT,
    DC_CRULE_RETRY_CRC32_CHECKED,
    DC_CRULE_RETRY_NON_RETRYABLE,
    DC_CRULE_RETRY_BACKOFF,
    DC_CRULE_RETRY_BACKOFF_CAP,
    DC_CRULE_RETRY_BACKOFF_GROWTH,
    DC_CRULE_RETRY_JITTER,
    DC_CRULE_RETRY_MAX_ATTEMPTS,
    DC_CRULE_RETRY_INVOCATION_ID,
    DC_CRULE_RETRY_ATTEMPT_HEADER,
    DC_CRULE_RETRY_RE_SIGNED,
    DC_CRULE_COUNT
} dc_crule_id;

typedef enum { DC_SEVERITY_FAILURE, DC_SEVERITY_WARNING, DC_SEVERITY_INFO } dc_severity;

typedef struct {
    const char *name; /* "retry.after-fault" */
    const char *description;
    const char *source;
    dc_severity severity;        /* at --level strict */
    dc_severity compat_severity; /* at --level compat: compatSeverity, else severity */
} dc_crule;

/* The classes of retryable errors, in the file's order. */
typedef enum {
    DC_RETRYABLE_THROTTLING,
    DC_RETRYABLE_TRANSIENT,
    DC_RETRYABLE_CLOCK_SKEW,
    DC_RETRYABLE_SERVICE,
    DC_RETRYABLE_CLASS_COUNT
} dc_retryable_class;

typedef struct {
    const char *const *codes; /* error names without namespace ("ThrottlingException") */
    size_t ncodes;
    const int64_t *statuses;
    size_t nstatuses;
    const char *source;
} dc_code_list;

/* Every number the rules use; each has its source in the file. */
typedef struct {
    int64_t window_ms;
    int64_t clock_skew_s;
    int64_t backoff_tolerance_ms;
    int64_t give_up_after_attempts;
    int64_t immediate_retry_ms;
    int64_t same_delay_percent;
    int64_t measuring_noise_ms;
    int64_t noise_excess_percent;
    int64_t growth_factor_percent;
    int64_t false_alarm_one_in;
    int64_t resign_gap_ms;
    int64_t example_body_bytes;
} dc_client_limits;

typedef struct dc_client_rules dc_client_rules;

/* Loads DIR/spec/client-rules.json. */
int dc_client_rules_load(const char *dir, dc_client_rules **out, dc_err *err);
/* Parses len bytes; name is the file name used in messages. */
int dc_client_rules_parse(const void *data, size_t len, const char *name, dc_client_rules **out, dc_err *err);
void dc_client_rules_free(dc_client_rules *r);

const dc_crule *dc_client_rule(const dc_client_rules *r, dc_crule_id id);
/* The rules in the file's order (the order of every report). */
dc_crule_id dc_client_rule_at(const dc_client_rules *r, size_t i);
const dc_client_limits *dc_client_rules_limits(const dc_client_rules *r);
const char *dc_client_rules_tying(const dc_client_rules *r); /* tying.description */
/* true when name is one of serviceOperations.names */
bool dc_client_rules_operation(const dc_client_rules *r, const char *name, size_t len);
/* true when an answer with this error name (no namespace; NULL = none) and
 * status is in one of the retryable classes; *cls says which. */
bool dc_client_rules_retryable(const dc_client_rules *r, const char *code, unsigned status, dc_retryable_class *cls);
/* retrySchemes.schemes in the file's order (the order of inference). */
size_t dc_client_rules_nschemes(const dc_client_rules *r);
const dc_retry_scheme *dc_client_rules_scheme(const dc_client_rules *r, size_t i);
const char *dc_client_rules_schemes_text(const dc_client_rules *r); /* retrySchemes.description */
/* The parameters of the statistical tests, from limits. */
dc_retry_stat_params dc_client_rules_stat_params(const dc_client_rules *r);
const dc_code_list *dc_client_rules_codes(const dc_client_rules *r, dc_retryable_class c);

const char *dc_severity_name(dc_severity s);
/* The id's name as the file spells it ("retry.after-fault"). */
const char *dc_crule_name(dc_crule_id id);

#endif
