/* clientreport.h - the gate's verdict and its three reports: DIR/client-report.json,
 * DIR/junit.xml (one testcase per client x rule, plus the command and "requests
 * seen") and DIR/report.html (self-contained: a rule x client matrix, then each
 * client's rules that did not simply pass, with their example exchanges).
 *
 * Everything the judge hands over is already redacted; the command line is
 * scrubbed of dc_gate_run.secrets here. */
#ifndef DC_CLIENTREPORT_H
#define DC_CLIENTREPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"
#include "gate/clientrules.h"
#include "gate/judge.h"

/* What became of COMMAND (ddbconform gate). */
typedef struct {
    const char *const *argv; /* COMMAND [ARG...], argc entries */
    size_t argc;
    bool not_found; /* it could not be started */
    bool timed_out; /* --timeout was reached and it was stopped */
    int timeout_s;  /* the --timeout in force */
    int exit_code;  /* its exit status when it exited; -1 otherwise */
    int signal;     /* the signal that ended it, 0 = none */
    int64_t duration_ms;
} dc_gate_command;

typedef struct {
    const char *version;
    const char *endpoint; /* "http://127.0.0.1:PORT" */
    const char *region;
    const char *faults; /* --faults as given (the default profile spelled out), NULL = none */
    dc_gate_level level;
    const char *started; /* ISO 8601 UTC */
    int64_t duration_ms;
    const dc_gate_command *command; /* NULL: serve --client-report */
    int exit_code;                  /* the verdict (dc_gate_verdict) */
    const char *reason;             /* its one line; NULL when 0 */
    const char *const *secrets;     /* NULL-terminated; scrubbed from the command line */
    bool require_exercised;         /* --require-exercised: a retry rule not exercised fails the verdict */
} dc_gate_run;

/* The exit code of the contract (0 passed, 1 a rule or COMMAND failed, 2 COMMAND
 * not found) and one line saying why into reason (empty for 0). */
int dc_gate_verdict(const dc_client_rules *rules, const dc_gate_result *res, const dc_gate_command *cmd,
                    dc_buf *reason);

/* With --require-exercised: every (client, retry.* rule) not exercised breaks the
 * verdict; adds "N retry rules not exercised: ..." to reason and returns 1 (else
 * returns code unchanged). */
int dc_gate_verdict_exercised(const dc_client_rules *rules, const dc_gate_result *res, int code, dc_buf *reason);
/* Is this rule one the faults exercise (the retry.* rules)? */
bool dc_gate_retry_rule(dc_crule_id id);

void dc_gate_report_json(const dc_client_rules *rules, const dc_gate_result *res, const dc_gate_run *run, dc_buf *out);
void dc_gate_report_junit(const dc_client_rules *rules, const dc_gate_result *res, const dc_gate_run *run, dc_buf *out);
void dc_gate_report_html(const dc_client_rules *rules, const dc_gate_result *res, const dc_gate_run *run, dc_buf *out);
/* Creates dir (and its parents) and writes the three files atomically. */
int dc_gate_report_write(const char *dir, const dc_client_rules *rules, const dc_gate_result *res,
                         const dc_gate_run *run, dc_err *err);
/* One line per client for the console: "  AKID/Boto3: 42 requests, 19 passed, 1 failed (retry.after-fault), ..." */
void dc_gate_report_console(const dc_client_rules *rules, const dc_gate_result *res, dc_buf *out);

#endif
