/* session.h - one gate run wired together: the client rules and the spec
 * loaded, a judge observing the endpoint (serve.h's hook), and at the end the
 * verdict and the three reports. Used by `ddbconform gate` and by
 * `ddbconform serve --client-report DIR`. */
#ifndef DC_SESSION_H
#define DC_SESSION_H

#include <stdio.h>

#include "core/common.h"
#include "endpoint/serve.h"
#include "gate/clientreport.h"
#include "gate/judge.h"

typedef struct {
    dc_gate_level level;
    const char *region;
    const char *access_key_id; /* NULL: signatures are not verified (signing.signature not exercised) */
    const char *secret_access_key;
    const char *session_token;
} dc_gate_session_options;

typedef struct dc_gate_session dc_gate_session;

/* Loads DIR/spec/client-rules.json and DIR/spec. err: one line naming the file. */
int dc_gate_session_new(const char *data_dir, const dc_gate_session_options *o, dc_gate_session **out, dc_err *err);
/* Points serve's observation hook at the session's judge. */
void dc_gate_session_attach(dc_gate_session *s, dc_serve_options *serve_opt);
/* After the endpoint stopped: judges, fills run->exit_code and run->reason
 * (valid until dc_gate_session_free), writes the reports into dir and prints
 * one line per client and the verdict on out. Returns the exit code: 0, 1, or
 * 2 when the verdict says so or the reports cannot be written. */
int dc_gate_session_finish(dc_gate_session *s, dc_gate_run *run, const char *dir, FILE *out);
void dc_gate_session_free(dc_gate_session *s);

#endif
