/* judge.h - the client judge: the rules of spec/client-rules.json applied to
 * what the reference endpoint saw (serve.h's observation hook), per client.
 *
 * A client is an access key id + User-Agent family (the product name of the
 * User-Agent's first token: "Boto3", "aws-cli", "aws-sdk-js"). Each exchange is
 * judged as it arrives (dc_gate_judge_observe, thread-safe, a few microseconds)
 * and only counters, at most DC_GATE_MAX_EXAMPLES example exchanges per client
 * and rule, and the calls whose last attempt failed within the tying window
 * are kept, so memory does not grow with the number of requests.
 *
 * Attempts are tied to their call as clientrules.h's tying.description says:
 * by amz-sdk-invocation-id, else by X-Amz-Target + body bytes within the
 * window after an unsuccessful answer. The delay before a retry is measured
 * from the previous answer (queued) to the retry's headers arriving.
 *
 * Secrets: examples carry the request with the Authorization signature and
 * X-Amz-Security-Token replaced by "<redacted>", and the judge's secret key and
 * session token scrubbed from every header and body excerpt. */
#ifndef DC_JUDGE_H
#define DC_JUDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/common.h"
#include "endpoint/serve.h"
#include "gate/clientrules.h"
#include "spec/spec.h"

#define DC_GATE_MAX_EXAMPLES 3
#define DC_GATE_REDACTED "<redacted>"

typedef enum { DC_GATE_STRICT, DC_GATE_COMPAT } dc_gate_level;

typedef enum { DC_GATE_PASSED, DC_GATE_FAILED, DC_GATE_WARNING, DC_GATE_INFO, DC_GATE_NOT_EXERCISED } dc_gate_status;

/* One exchange as a report shows it. All owned, all redacted. */
typedef struct {
    int64_t at_ms;    /* since the first exchange the judge saw */
    char *detail;     /* why it is an example of this rule */
    int attempt;      /* of its call, 1-based */
    int64_t delay_ms; /* before this attempt (from the previous answer); -1 for a first attempt */
    char *method;
    char *path;
    char **header_names;
    char **header_values;
    size_t nheaders;
    char *body; /* valid UTF-8 excerpt */
    bool body_cut;
    unsigned status;   /* 0: no answer (the connection was reset) */
    char *error;       /* the answer's error name, or NULL */
    char *answer_body; /* excerpt */
    bool answer_cut;
    const char *fault; /* dc_fault_name or NULL; static */
} dc_gate_example;

typedef struct {
    dc_crule_id id;
    dc_gate_status status;
    dc_severity severity; /* in force at the judged level */
    uint64_t checks;      /* how often the rule had something to judge */
    uint64_t violations;  /* how often it was broken (for info rules: how often it applied) */
    dc_gate_example examples[DC_GATE_MAX_EXAMPLES];
    size_t nexamples;
    char *note; /* or NULL, e.g. "CreateBackup 2/9 invalid" */
} dc_gate_rule_result;

typedef struct {
    char *id;         /* "<access key id>/<family>" */
    char *access_key; /* "-" when the requests carried none */
    char *family;     /* "-" without User-Agent */
    char *user_agent; /* the first full User-Agent seen, or "" */
    uint64_t requests, calls, retries;
    char *scheme;         /* the retry scheme inferred (spec/client-rules.json retrySchemes id), or NULL */
    bool scheme_declared; /* its User-Agent declares one or more schemes */
    char *scheme_note;    /* how it was inferred, and the candidates */
    dc_gate_rule_result rules[DC_CRULE_COUNT]; /* indexed by dc_crule_id */
} dc_gate_client;

typedef struct {
    dc_gate_client *clients; /* in order of first appearance */
    size_t nclients;
    uint64_t requests; /* judged */
    uint64_t ignored;  /* not DynamoDB requests: health check, CORS preflight, test control */
    size_t failed;     /* (client, rule) pairs failed */
    size_t warnings;
    size_t failed_clients;
} dc_gate_result;

typedef struct {
    const dc_client_rules *rules; /* borrowed; must outlive the judge */
    const dc_spec *spec;          /* service constants; borrowed */
    dc_gate_level level;
    const char *region;            /* the endpoint's region */
    const char *access_key_id;     /* NULL: the signature cannot be verified (signing.signature not exercised) */
    const char *secret_access_key; /* scrubbed from every excerpt */
    const char *session_token;     /* optional; scrubbed too */
} dc_gate_judge_options;

typedef struct dc_gate_judge dc_gate_judge;

dc_gate_judge *dc_gate_judge_new(const dc_gate_judge_options *opt);
/* A dc_serve_observer: ctx is the dc_gate_judge. */
void dc_gate_judge_observe(void *ctx, const dc_serve_exchange *x);
/* Ends every open call, judges the per-client rules and fills out (free with
 * dc_gate_result_free). Call once, after the endpoint stopped. */
void dc_gate_judge_finish(dc_gate_judge *j, dc_gate_result *out);
void dc_gate_judge_free(dc_gate_judge *j);

void dc_gate_result_free(dc_gate_result *r);
const char *dc_gate_status_name(dc_gate_status s);
const char *dc_gate_level_name(dc_gate_level l);

#endif
