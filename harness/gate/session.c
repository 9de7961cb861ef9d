/* session.c - rules + spec + judge for one run; verdict and reports at the end. */
#include "gate/session.h"

#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

struct dc_gate_session {
    dc_client_rules *rules;
    dc_spec *spec;
    dc_gate_judge *judge;
    dc_gate_result result;
    bool finished;
    dc_buf reason;
    char *region;
};

int dc_gate_session_new(const char *data_dir, const dc_gate_session_options *o, dc_gate_session **out, dc_err *err)
{
    *out = NULL;
    dc_gate_session *s = dc_xcalloc(1, sizeof *s);
    dc_buf_init(&s->reason);
    if (dc_client_rules_load(data_dir, &s->rules, err) != 0 || dc_spec_load(data_dir, &s->spec, err) != 0) {
        dc_gate_session_free(s);
        return -1;
    }
    s->region = dc_xstrdup(o->region != NULL ? o->region : DC_MODEL_DEFAULT_REGION);
    dc_gate_judge_options jo = {
        .rules = s->rules,
        .spec = s->spec,
        .level = o->level,
        .region = s->region,
        .access_key_id = o->access_key_id,
        .secret_access_key = o->secret_access_key,
        .session_token = o->session_token,
    };
    s->judge = dc_gate_judge_new(&jo);
    *out = s;
    return 0;
}

void dc_gate_session_attach(dc_gate_session *s, dc_serve_options *serve_opt)
{
    serve_opt->observe = dc_gate_judge_observe;
    serve_opt->observe_ctx = s->judge;
}

int dc_gate_session_finish(dc_gate_session *s, dc_gate_run *run, const char *dir, FILE *out)
{
    if (!s->finished) {
        dc_gate_judge_finish(s->judge, &s->result);
        s->finished = true;
    }
    int code = dc_gate_verdict(s->rules, &s->result, run->command, &s->reason);
    if (run->require_exercised)
        code = dc_gate_verdict_exercised(s->rules, &s->result, code, &s->reason);
    run->exit_code = code;
    run->reason = (const char *)s->reason.data;
    dc_err err;
    if (dc_gate_report_write(dir, s->rules, &s->result, run, &err) != 0) {
        fprintf(out, "ddbconform gate: cannot write the report: %s\n", err.msg);
        return 2;
    }
    dc_buf lines;
    dc_buf_init(&lines);
    dc_gate_report_console(s->rules, &s->result, &lines);
    if (lines.len > 0)
        fwrite(lines.data, 1, lines.len, out);
    dc_buf_free(&lines);
    if (code == 0)
        fprintf(out,
                "ddbconform gate: passed: %llu requests from %zu client%s, no client rule failed (%zu warning%s); "
                "report: %s/report.html\n",
                (unsigned long long)s->result.requests, s->result.nclients, s->result.nclients == 1 ? "" : "s",
                s->result.warnings, s->result.warnings == 1 ? "" : "s", dir);
    else
        fprintf(out, "ddbconform gate: %s: %s; report: %s/report.html\n", code == 2 ? "error" : "FAILED", run->reason,
                dir);
    return code;
}

void dc_gate_session_free(dc_gate_session *s)
{
    if (s == NULL)
        return;
    if (s->finished)
        dc_gate_result_free(&s->result);
    dc_gate_judge_free(s->judge);
    dc_spec_free(s->spec);
    dc_client_rules_free(s->rules);
    dc_buf_free(&s->reason);
    free(s->region);
    free(s);
}
