/* clientreport.c - verdict, client-report.json, junit.xml, report.html. */
#include "gate/clientreport.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/json.h"
#include "core/jsonw.h"

/* ------------------------------------------------------------ text helpers */

/* "SIGKILL"; "signal 64" for one without a name. */
static void s_signal_name(int sig, char out[32])
{
    const char *abbrev = sigabbrev_np(sig);
    if (abbrev != NULL)
        snprintf(out, 32, "SIG%s", abbrev);
    else
        snprintf(out, 32, "signal %d", sig);
}

/* s with every secret replaced, as valid UTF-8 (bad bytes -> U+FFFD). */
static void s_clean(const dc_gate_run *run, const char *s, dc_buf *out)
{
    dc_buf_reset(out);
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        bool hit = false;
        for (const char *const *sec = run != NULL ? run->secrets : NULL; sec != NULL && *sec != NULL && !hit; sec++) {
            size_t sl = strlen(*sec);
            if (sl >= 4 && i + sl <= len && memcmp(s + i, *sec, sl) == 0) {
                dc_buf_puts(out, DC_GATE_REDACTED);
                i += sl;
                hit = true;
            }
        }
        if (hit)
            continue;
        /* one character: its length from the lead byte, kept only when valid */
        uint8_t lead = (uint8_t)s[i];
        size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        if (n > len - i || dc_utf8_check((const uint8_t *)s + i, n) != n) {
            dc_buf_puts(out, "\xEF\xBF\xBD");
            i++;
        } else {
            dc_buf_append(out, s + i, n);
            i += n;
        }
    }
    if (out->data == NULL)
        dc_buf_puts(out, "");
}

/* A string that may hold secrets or bad bytes (the command line). */
static void s_jstr_clean(const dc_gate_run *run, dc_buf *out, const char *s)
{
    dc_buf c;
    dc_buf_init(&c);
    s_clean(run, s, &c);
    dc_jsonw_string_n(out, (const char *)c.data, c.len);
    dc_buf_free(&c);
}

/* Text escaped for XML and HTML; characters XML 1.0 forbids become '?'. The
 * judge's texts are valid UTF-8 already. */
static void s_xml(dc_buf *out, const char *s)
{
    for (const char *p = s ? s : ""; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case '&': dc_buf_puts(out, "&amp;"); break;
        case '<': dc_buf_puts(out, "&lt;"); break;
        case '>': dc_buf_puts(out, "&gt;"); break;
        case '"': dc_buf_puts(out, "&quot;"); break;
        case '\'': dc_buf_puts(out, "&#39;"); break;
        default: dc_buf_putc(out, c < 0x20 && c != '\n' && c != '\t' ? '?' : (char)c);
        }
    }
}

static void s_xml_clean(const dc_gate_run *run, dc_buf *out, const char *s)
{
    dc_buf c;
    dc_buf_init(&c);
    s_clean(run, s, &c);
    s_xml(out, (const char *)c.data);
    dc_buf_free(&c);
}

/* ------------------------------------------------------------ verdict */

static void s_join(dc_buf *reason, const char *part)
{
    if (reason->len > 0)
        dc_buf_puts(reason, "; ");
    dc_buf_puts(reason, part);
}

int dc_gate_verdict(const dc_client_rules *rules, const dc_gate_result *res, const dc_gate_command *cmd, dc_buf *reason)
{
    dc_buf_reset(reason);
    int code = 0;
    char line[256];
    if (cmd != NULL) {
        const char *name = cmd->argc > 0 ? cmd->argv[0] : "COMMAND";
        if (cmd->not_found) {
            snprintf(line, sizeof line, "%.120s: command not found (or not executable)", name);
            s_join(reason, line);
            code = 2;
        } else if (cmd->timed_out) {
            snprintf(line, sizeof line, "%.120s did not finish within --timeout %d s and was stopped", name,
                     cmd->timeout_s);
            s_join(reason, line);
            code = 1;
        } else if (cmd->signal != 0) {
            char sig[32];
            s_signal_name(cmd->signal, sig);
            snprintf(line, sizeof line, "%.120s was killed by %s", name, sig);
            s_join(reason, line);
            code = 1;
        } else if (cmd->exit_code != 0) {
            snprintf(line, sizeof line, "%.120s exited %d", name, cmd->exit_code);
            s_join(reason, line);
            code = 1;
        }
    }
    if (code != 2 && res->requests == 0) {
        s_join(reason, "no requests seen: the client never talked to the endpoint");
        code = 1;
    }
    if (res->failed > 0) {
        dc_buf b;
        dc_buf_init(&b);
        dc_buf_printf(&b, "%zu client rule%s failed:", res->failed, res->failed == 1 ? "" : "s");
        size_t shown = 0;
        for (size_t i = 0; i < res->nclients; i++)
            for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
                dc_crule_id id = dc_client_rule_at(rules, k);
                if (res->clients[i].rules[id].status != DC_GATE_FAILED)
                    continue;
                if (shown++ < 6)
                    dc_buf_printf(&b, "%s %s (%s)", shown > 1 ? "," : "", dc_crule_name(id), res->clients[i].id);
            }
        if (shown > 6)
            dc_buf_printf(&b, ", and %zu more", shown - 6);
        s_join(reason, (const char *)b.data);
        dc_buf_free(&b);
        code = code == 2 ? 2 : 1;
    }
    if (reason->data == NULL)
        dc_buf_puts(reason, "");
    return code;
}

bool dc_gate_retry_rule(dc_crule_id id)
{
    return strncmp(dc_crule_name(id), "retry.", 6) == 0;
}

int dc_gate_verdict_exercised(const dc_client_rules *rules, const dc_gate_result *res, int code, dc_buf *reason)
{
    dc_buf b;
    dc_buf_init(&b);
    size_t n = 0;
    for (size_t i = 0; i < res->nclients; i++)
        for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
            dc_crule_id id = dc_client_rule_at(rules, k);
            if (!dc_gate_retry_rule(id) || res->clients[i].rules[id].status != DC_GATE_NOT_EXERCISED)
                continue;
            if (n++ < 6)
                dc_buf_printf(&b, "%s %s (%s)", n > 1 ? "," : "", dc_crule_name(id), res->clients[i].id);
        }
    if (n > 0) {
        dc_buf line;
        dc_buf_init(&line);
        dc_buf_printf(&line, "%zu retry rule%s not exercised (--require-exercised):%s%s", n, n == 1 ? "" : "s",
                      b.data != NULL ? (const char *)b.data : "", n > 6 ? ", and more" : "");
        if (reason->len > 0)
            dc_buf_puts(reason, "; ");
        dc_buf_puts(reason, (const char *)line.data);
        dc_buf_free(&line);
        code = code == 2 ? 2 : 1;
    }
    dc_buf_free(&b);
    return code;
}

/* ------------------------------------------------------------ client-report.json */

/* "k": v, or null when v is negative (not known). */
static void s_json_int_or_null(dc_buf *out, const char *k, long long v)
{
    dc_jsonw_key(out, k);
    if (v < 0)
        dc_jsonw_null(out);
    else
        dc_jsonw_int(out, v);
}

static void s_json_example(dc_buf *out, const dc_gate_example *e)
{
    dc_jsonw_object(out);
    dc_jsonw_member_int(out, "atMs", e->at_ms);
    dc_jsonw_member_int(out, "attempt", e->attempt);
    s_json_int_or_null(out, "delayBeforeMs", e->delay_ms);
    dc_jsonw_member_string(out, "detail", e->detail);
    dc_jsonw_member_string(out, "fault", e->fault);
    dc_jsonw_key(out, "request");
    dc_jsonw_object(out);
    dc_jsonw_member_string(out, "method", e->method);
    dc_jsonw_member_string(out, "path", e->path);
    dc_jsonw_key(out, "headers");
    dc_jsonw_array(out);
    for (size_t i = 0; i < e->nheaders; i++) {
        dc_jsonw_array(out);
        dc_jsonw_string(out, e->header_names[i]);
        dc_jsonw_string(out, e->header_values[i]);
        dc_jsonw_array_end(out);
    }
    dc_jsonw_array_end(out);
    dc_jsonw_member_string(out, "body", e->body);
    dc_jsonw_member_bool(out, "bodyTruncated", e->body_cut);
    dc_jsonw_object_end(out);
    dc_jsonw_key(out, "answer");
    dc_jsonw_object(out);
    s_json_int_or_null(out, "status", e->status == 0 ? -1 : (long long)e->status);
    dc_jsonw_member_string(out, "error", e->error);
    dc_jsonw_member_string(out, "body", e->answer_body);
    dc_jsonw_member_bool(out, "bodyTruncated", e->answer_cut);
    dc_jsonw_object_end(out);
    dc_jsonw_object_end(out);
}

/* "command": the client command gate ran, or null. */
static void s_json_command(const dc_gate_run *run, dc_buf *out)
{
    const dc_gate_command *cmd = run->command;
    dc_jsonw_key(out, "command");
    if (cmd == NULL) {
        dc_jsonw_null(out);
        return;
    }
    dc_jsonw_object(out);
    dc_jsonw_key(out, "argv");
    dc_jsonw_array(out);
    for (size_t i = 0; i < cmd->argc; i++)
        s_jstr_clean(run, out, cmd->argv[i]);
    dc_jsonw_array_end(out);
    s_json_int_or_null(out, "exit", cmd->exit_code >= 0 && !cmd->not_found ? cmd->exit_code : -1);
    char sig[32];
    if (cmd->signal != 0)
        s_signal_name(cmd->signal, sig);
    dc_jsonw_member_string(out, "signal", cmd->signal != 0 ? sig : NULL);
    dc_jsonw_member_bool(out, "timedOut", cmd->timed_out);
    dc_jsonw_member_bool(out, "notFound", cmd->not_found);
    dc_jsonw_member_int(out, "duration_ms", cmd->duration_ms);
    dc_jsonw_object_end(out);
}

/* "rules": the rule catalogue the run judged by. */
static void s_json_rules(const dc_client_rules *rules, dc_buf *out)
{
    dc_jsonw_key(out, "rules");
    dc_jsonw_array(out);
    for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
        const dc_crule *r = dc_client_rule(rules, dc_client_rule_at(rules, k));
        dc_jsonw_object(out);
        dc_jsonw_member_string(out, "id", r->name);
        dc_jsonw_member_string(out, "severity", dc_severity_name(r->severity));
        dc_jsonw_member_string(out, "compatSeverity", dc_severity_name(r->compat_severity));
        dc_jsonw_member_string(out, "description", r->description);
        dc_jsonw_member_string(out, "source", r->source);
        dc_jsonw_object_end(out);
    }
    dc_jsonw_array_end(out);
}

/* One client of "clients": who it is, its retry scheme, each rule's result. */
static void s_json_client(const dc_client_rules *rules, const dc_gate_client *c, dc_buf *out)
{
    dc_jsonw_object(out);
    dc_jsonw_member_string(out, "id", c->id);
    dc_jsonw_member_string(out, "accessKey", c->access_key);
    dc_jsonw_member_string(out, "userAgentFamily", c->family);
    dc_jsonw_member_string(out, "userAgent", c->user_agent);
    dc_jsonw_member_uint(out, "requests", c->requests);
    dc_jsonw_member_uint(out, "calls", c->calls);
    dc_jsonw_member_uint(out, "retries", c->retries);
    dc_jsonw_key(out, "retryScheme");
    dc_jsonw_object(out);
    dc_jsonw_member_string(out, "inferred", c->scheme);
    dc_jsonw_member_bool(out, "declared", c->scheme_declared);
    dc_jsonw_member_string(out, "note", c->scheme_note);
    dc_jsonw_object_end(out);
    dc_jsonw_key(out, "notExercised");
    dc_jsonw_array(out);
    for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
        dc_crule_id id = dc_client_rule_at(rules, k);
        if (c->rules[id].status == DC_GATE_NOT_EXERCISED)
            dc_jsonw_string(out, dc_crule_name(id));
    }
    dc_jsonw_array_end(out);
    dc_jsonw_key(out, "rules");
    dc_jsonw_array(out);
    for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
        const dc_gate_rule_result *rr = &c->rules[dc_client_rule_at(rules, k)];
        dc_jsonw_object(out);
        dc_jsonw_member_string(out, "id", dc_crule_name(rr->id));
        dc_jsonw_member_string(out, "severity", dc_severity_name(rr->severity));
        dc_jsonw_member_string(out, "status", dc_gate_status_name(rr->status));
        dc_jsonw_member_uint(out, "count", rr->checks);
        dc_jsonw_member_uint(out, "violations", rr->violations);
        dc_jsonw_member_string(out, "note", rr->note);
        dc_jsonw_key(out, "examples");
        dc_jsonw_array(out);
        for (size_t e = 0; e < rr->nexamples; e++)
            s_json_example(out, &rr->examples[e]);
        dc_jsonw_array_end(out);
        dc_jsonw_object_end(out);
    }
    dc_jsonw_array_end(out);
    dc_jsonw_object_end(out);
}

void dc_gate_report_json(const dc_client_rules *rules, const dc_gate_result *res, const dc_gate_run *run, dc_buf *out)
{
    dc_jsonw_object(out);
    dc_jsonw_member_string(out, "tool", "ddbconform");
    dc_jsonw_member_string(out, "kind", "client-report");
    dc_jsonw_member_string(out, "version", run->version);
    dc_jsonw_member_string(out, "started", run->started);
    dc_jsonw_member_int(out, "duration_ms", run->duration_ms);
    dc_jsonw_member_string(out, "endpoint", run->endpoint);
    dc_jsonw_member_string(out, "region", run->region);
    dc_jsonw_member_string(out, "level", dc_gate_level_name(run->level));
    dc_jsonw_member_string(out, "faults", run->faults);
    dc_jsonw_member_string(out, "tying", dc_client_rules_tying(rules));
    dc_jsonw_member_int(out, "exit", run->exit_code);
    dc_jsonw_member_string(out, "reason", run->reason != NULL && run->reason[0] ? run->reason : NULL);
    dc_jsonw_key(out, "summary");
    dc_jsonw_object(out);
    dc_jsonw_member_uint(out, "clients", res->nclients);
    dc_jsonw_member_uint(out, "requests", res->requests);
    dc_jsonw_member_uint(out, "failed", res->failed);
    dc_jsonw_member_uint(out, "warnings", res->warnings);
    dc_jsonw_member_uint(out, "failedClients", res->failed_clients);
    dc_jsonw_member_uint(out, "ignored", res->ignored);
    dc_jsonw_object_end(out);
    s_json_command(run, out);
    s_json_rules(rules, out);
    dc_jsonw_key(out, "clients");
    dc_jsonw_array(out);
    for (size_t i = 0; i < res->nclients; i++)
        s_json_client(rules, &res->clients[i], out);
    dc_jsonw_array_end(out);
    dc_jsonw_object_end(out);
    dc_buf_putc(out, '\n');
}

/* ------------------------------------------------------------ junit.xml */

static void s_example_text(dc_buf *out, const dc_gate_example *e)
{
    dc_buf_printf(out, "at %lld ms, attempt %d", (long long)e->at_ms, e->attempt);
    if (e->delay_ms >= 0)
        dc_buf_printf(out, " (%lld ms after the previous answer)", (long long)e->delay_ms);
    dc_buf_puts(out, ": ");
    s_xml(out, e->detail);
    dc_buf_puts(out, "\n> ");
    s_xml(out, e->method);
    dc_buf_putc(out, ' ');
    s_xml(out, e->path);
    dc_buf_putc(out, '\n');
    for (size_t i = 0; i < e->nheaders; i++) {
        dc_buf_puts(out, "> ");
        s_xml(out, e->header_names[i]);
        dc_buf_puts(out, ": ");
        s_xml(out, e->header_values[i]);
        dc_buf_putc(out, '\n');
    }
    dc_buf_puts(out, "> ");
    s_xml(out, e->body);
    dc_buf_puts(out, e->body_cut ? " ...\n" : "\n");
    if (e->fault != NULL) {
        dc_buf_puts(out, "  fault injected: ");
        s_xml(out, e->fault);
        dc_buf_putc(out, '\n');
    }
    if (e->status == 0) {
        dc_buf_puts(out, "< (no answer: connection reset)\n");
    } else {
        dc_buf_printf(out, "< %u ", e->status);
        s_xml(out, e->answer_body);
        dc_buf_puts(out, e->answer_cut ? " ...\n" : "\n");
    }
}

void dc_gate_report_junit(const dc_client_rules *rules, const dc_gate_result *res, const dc_gate_run *run, dc_buf *out)
{
    size_t tests = 1 + (run->command != NULL ? 1 : 0), failures = 0, skipped = 0;
    failures += res->requests == 0 ? 1u : 0u;
    bool cmd_failed = run->command != NULL && (run->command->not_found || run->command->timed_out ||
                                               run->command->signal != 0 || run->command->exit_code != 0);
    failures += cmd_failed ? 1u : 0u;
    for (size_t i = 0; i < res->nclients; i++)
        for (int k = 0; k < DC_CRULE_COUNT; k++) {
            tests++;
            failures += res->clients[i].rules[k].status == DC_GATE_FAILED ? 1u : 0u;
            skipped += res->clients[i].rules[k].status == DC_GATE_NOT_EXERCISED ? 1u : 0u;
        }
    dc_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    dc_buf_printf(out,
                  "<testsuites name=\"ddbconform gate\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" "
                  "time=\"%.3f\">\n",
                  tests, failures, skipped, (double)run->duration_ms / 1000.0);
    dc_buf_printf(out, "  <testsuite name=\"gate\" tests=\"%d\" failures=\"%d\">\n", run->command ? 2 : 1,
                  (res->requests == 0 ? 1 : 0) + (cmd_failed ? 1 : 0));
    if (run->command != NULL) {
        dc_buf_puts(out, "    <testcase classname=\"gate\" name=\"command\">");
        if (cmd_failed) {
            dc_buf_puts(out, "<failure message=\"");
            s_xml_clean(run, out, run->reason ? run->reason : "");
            dc_buf_puts(out, "\"/>");
        }
        dc_buf_puts(out, "</testcase>\n");
    }
    dc_buf_puts(out, "    <testcase classname=\"gate\" name=\"requests-seen\">");
    if (res->requests == 0)
        dc_buf_puts(out, "<failure message=\"no requests seen: the client never talked to the endpoint\"/>");
    dc_buf_puts(out, "</testcase>\n  </testsuite>\n");

    for (size_t i = 0; i < res->nclients; i++) {
        const dc_gate_client *c = &res->clients[i];
        size_t cf = 0, cs = 0;
        for (int k = 0; k < DC_CRULE_COUNT; k++) {
            cf += c->rules[k].status == DC_GATE_FAILED ? 1u : 0u;
            cs += c->rules[k].status == DC_GATE_NOT_EXERCISED ? 1u : 0u;
        }
        dc_buf_puts(out, "  <testsuite name=\"");
        s_xml(out, c->id);
        dc_buf_printf(out, "\" tests=\"%d\" failures=\"%zu\" skipped=\"%zu\">\n", (int)DC_CRULE_COUNT, cf, cs);
        dc_buf_puts(out, "    <properties><property name=\"userAgent\" value=\"");
        s_xml(out, c->user_agent);
        dc_buf_puts(out, "\"/><property name=\"retryScheme\" value=\"");
        s_xml(out, c->scheme_note);
        dc_buf_printf(out, "\"/><property name=\"requests\" value=\"%llu\"/></properties>\n",
                      (unsigned long long)c->requests);
        for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
            const dc_gate_rule_result *rr = &c->rules[dc_client_rule_at(rules, k)];
            const dc_crule *rule = dc_client_rule(rules, rr->id);
            dc_buf_puts(out, "    <testcase classname=\"gate.");
            s_xml(out, c->id);
            dc_buf_printf(out, "\" name=\"%s\">", rule->name);
            if (rr->status == DC_GATE_FAILED || rr->status == DC_GATE_WARNING || rr->status == DC_GATE_INFO) {
                bool fail = rr->status == DC_GATE_FAILED;
                dc_buf_puts(out, fail ? "<failure message=\"" : "<system-out>");
                if (fail) {
                    dc_buf_printf(out, "%llu of %llu: ", (unsigned long long)rr->violations,
                                  (unsigned long long)rr->checks);
                    s_xml(out, rr->nexamples > 0 ? rr->examples[0].detail : rule->description);
                    dc_buf_puts(out, "\" type=\"client-rule\">");
                } else {
                    dc_buf_printf(out, "%s: %llu of %llu\n", dc_gate_status_name(rr->status),
                                  (unsigned long long)rr->violations, (unsigned long long)rr->checks);
                }
                s_xml(out, rule->description);
                dc_buf_putc(out, '\n');
                if (rr->note != NULL) {
                    s_xml(out, rr->note);
                    dc_buf_putc(out, '\n');
                }
                for (size_t e = 0; e < rr->nexamples; e++) {
                    dc_buf_putc(out, '\n');
                    s_example_text(out, &rr->examples[e]);
                }
                dc_buf_puts(out, fail ? "</failure>" : "</system-out>");
            } else if (rr->status == DC_GATE_NOT_EXERCISED) {
                dc_buf_puts(out, "<skipped message=\"not exercised\"/>");
            }
            dc_buf_puts(out, "</testcase>\n");
        }
        dc_buf_puts(out, "  </testsuite>\n");
    }
    dc_buf_puts(out, "</testsuites>\n");
}

/* ------------------------------------------------------------ report.html */

static const char s_css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}"
    ".verdict{padding:.6em 1em;border-radius:4px;font-weight:600}"
    ".v0{background:#dff3df}.v1,.v2{background:#f8d7d7}"
    "table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
    "vertical-align:top}th{background:#f3f3f3}"
    "td.s{text-align:center;font-weight:600;white-space:nowrap}"
    ".passed{background:#dff3df;color:#185c18}.failed{background:#e74c3c;color:#fff}"
    ".warning{background:#f9e79f;color:#6b5300}.info{background:#d6eaf8;color:#1b4f72}"
    ".not-exercised{background:#eee;color:#888}"
    "td.s a{color:inherit}pre{background:#f7f7f7;padding:.5em;white-space:pre-wrap;word-break:break-all;"
    "font-size:12px}details{margin:.4em 0 .4em 1em}summary{cursor:pointer}.src{color:#666;font-size:12px}"
    "dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dl.meta dt{font-weight:600}";

static void s_html_example(dc_buf *out, const dc_gate_example *e)
{
    dc_buf_puts(out, "<pre>");
    s_example_text(out, e);
    dc_buf_puts(out, "</pre>\n");
}

/* The rules x clients table and its legend. */
static void s_html_matrix(const dc_client_rules *rules, const dc_gate_result *res, dc_buf *out)
{
    dc_buf_puts(out, "<h2>Rules × clients</h2>\n<table><tr><th>rule</th>");
    for (size_t i = 0; i < res->nclients; i++) {
        dc_buf_puts(out, "<th title=\"");
        s_xml(out, res->clients[i].user_agent);
        dc_buf_puts(out, "\">");
        s_xml(out, res->clients[i].family);
        dc_buf_puts(out, "<br><small>");
        s_xml(out, res->clients[i].access_key);
        dc_buf_printf(out, ", %llu requests</small></th>", (unsigned long long)res->clients[i].requests);
    }
    dc_buf_puts(out, "</tr>\n");
    for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
        dc_crule_id id = dc_client_rule_at(rules, k);
        const dc_crule *rule = dc_client_rule(rules, id);
        dc_buf_puts(out, "<tr><td title=\"");
        s_xml(out, rule->description);
        dc_buf_printf(out, "\">%s</td>", rule->name);
        for (size_t i = 0; i < res->nclients; i++) {
            const dc_gate_rule_result *rr = &res->clients[i].rules[id];
            const char *st = dc_gate_status_name(rr->status);
            dc_buf_printf(out, "<td class=\"s %s\">", st);
            if (rr->status == DC_GATE_PASSED || rr->status == DC_GATE_NOT_EXERCISED)
                dc_buf_printf(out, "%s", st);
            else
                dc_buf_printf(out, "<a href=\"#c%zu-%s\">%s %llu/%llu</a>", i, rule->name, st,
                              (unsigned long long)rr->violations, (unsigned long long)rr->checks);
            dc_buf_puts(out, "</td>");
        }
        dc_buf_puts(out, "</tr>\n");
    }
    dc_buf_puts(out, "</table>\n<p class=\"src\">Legend: <span class=\"passed\">passed</span> · "
                     "<span class=\"failed\">failed</span> (a failure-severity rule broken) · "
                     "<span class=\"warning\">warning</span> · <span class=\"info\">info</span> (counts only) · "
                     "<span class=\"not-exercised\">not-exercised</span> (the run gave the rule no chance). "
                     "Cells read broken/checked. Authorization signatures and security tokens are redacted.</p>\n");
}

/* One client's section: who it is, its retry scheme, the rules it did not
 * exercise, and the details of each rule it broke (failed open). */
static void s_html_client(const dc_client_rules *rules, const dc_gate_client *c, size_t i, dc_buf *out)
{
    dc_buf_puts(out, "<h2>");
    s_xml(out, c->id);
    dc_buf_printf(out, "</h2>\n<p>%llu requests, %llu calls, %llu retries. User-Agent: <code>",
                  (unsigned long long)c->requests, (unsigned long long)c->calls, (unsigned long long)c->retries);
    s_xml(out, c->user_agent);
    dc_buf_puts(out, "</code></p>\n<p>Retry scheme: <strong>");
    s_xml(out, c->scheme != NULL ? c->scheme : "none");
    dc_buf_puts(out, "</strong>: ");
    s_xml(out, c->scheme_note);
    dc_buf_puts(out, " (spec/client-rules.json retrySchemes)</p>\n<p>Not exercised (the run gave these rules "
                     "nothing, or too little, to judge):");
    size_t shown = 0;
    for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
        dc_crule_id id = dc_client_rule_at(rules, k);
        if (c->rules[id].status == DC_GATE_NOT_EXERCISED)
            dc_buf_printf(out, "%s %s", shown++ ? "," : "", dc_crule_name(id));
    }
    dc_buf_puts(out, shown ? "</p>\n" : " none</p>\n");
    for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
        dc_crule_id id = dc_client_rule_at(rules, k);
        const dc_gate_rule_result *rr = &c->rules[id];
        if (rr->status == DC_GATE_PASSED || rr->status == DC_GATE_NOT_EXERCISED)
            continue;
        const dc_crule *rule = dc_client_rule(rules, id);
        dc_buf_printf(out, "<details id=\"c%zu-%s\"%s><summary><span class=\"%s\">%s</span> %s: %llu of %llu", i,
                      rule->name, rr->status == DC_GATE_FAILED ? " open" : "", dc_gate_status_name(rr->status),
                      dc_gate_status_name(rr->status), rule->name, (unsigned long long)rr->violations,
                      (unsigned long long)rr->checks);
        dc_buf_puts(out, "</summary>\n<p>");
        s_xml(out, rule->description);
        dc_buf_puts(out, "</p>\n<p class=\"src\">Source: ");
        s_xml(out, rule->source);
        dc_buf_puts(out, "</p>\n");
        if (rr->note != NULL) {
            dc_buf_puts(out, "<p>");
            s_xml(out, rr->note);
            dc_buf_puts(out, "</p>\n");
        }
        for (size_t e = 0; e < rr->nexamples; e++)
            s_html_example(out, &rr->examples[e]);
        dc_buf_puts(out, "</details>\n");
    }
}

void dc_gate_report_html(const dc_client_rules *rules, const dc_gate_result *res, const dc_gate_run *run, dc_buf *out)
{
    dc_buf_printf(out,
                  "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<title>ddbconform gate: client report</title><style>%s</style></head><body>\n"
                  "<h1>ddbconform gate: client report</h1>\n",
                  s_css);
    dc_buf_printf(out, "<p class=\"verdict v%d\">exit %d: ", run->exit_code, run->exit_code);
    if (run->exit_code == 0)
        dc_buf_printf(out, "every client rule held (%zu warning%s)", res->warnings, res->warnings == 1 ? "" : "s");
    else
        s_xml_clean(run, out, run->reason ? run->reason : "");
    dc_buf_puts(out, "</p>\n<dl class=\"meta\">");
    if (run->command != NULL) {
        dc_buf_puts(out, "<dt>command</dt><dd><code>");
        for (size_t i = 0; i < run->command->argc; i++) {
            if (i)
                dc_buf_putc(out, ' ');
            s_xml_clean(run, out, run->command->argv[i]);
        }
        dc_buf_puts(out, "</code></dd>");
    }
    dc_buf_puts(out, "<dt>endpoint</dt><dd>");
    s_xml(out, run->endpoint);
    dc_buf_puts(out, " (region ");
    s_xml(out, run->region);
    dc_buf_printf(out, ", level %s)</dd><dt>faults</dt><dd>", dc_gate_level_name(run->level));
    s_xml(out, run->faults ? run->faults : "none (retry rules are not exercised)");
    dc_buf_puts(out, "</dd><dt>started</dt><dd>");
    s_xml(out, run->started);
    dc_buf_printf(out, " (%.1f s)</dd><dt>requests</dt><dd>%llu from %zu client%s</dd><dt>ddbconform</dt><dd>",
                  (double)run->duration_ms / 1000.0, (unsigned long long)res->requests, res->nclients,
                  res->nclients == 1 ? "" : "s");
    s_xml(out, run->version);
    dc_buf_puts(out, "</dd></dl>\n");

    if (res->nclients == 0) {
        dc_buf_puts(out, "<p>No client made a request: nothing to judge.</p>\n</body></html>\n");
        return;
    }
    s_html_matrix(rules, res, out);

    for (size_t i = 0; i < res->nclients; i++)
        s_html_client(rules, &res->clients[i], i, out);
    dc_buf_puts(out, "<h2>Tying attempts to calls</h2>\n<p>");
    s_xml(out, dc_client_rules_tying(rules));
    dc_buf_puts(out, "</p>\n</body></html>\n");
}

/* ------------------------------------------------------------ files and console */

int dc_gate_report_write(const char *dir, const dc_client_rules *rules, const dc_gate_result *res,
                         const dc_gate_run *run, dc_err *err)
{
    static const struct {
        const char *name;
        void (*render)(const dc_client_rules *, const dc_gate_result *, const dc_gate_run *, dc_buf *);
    } files[] = {{"client-report.json", dc_gate_report_json},
                 {"junit.xml", dc_gate_report_junit},
                 {"report.html", dc_gate_report_html}};
    if (dc_mkdirs(dir, err) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < DC_ARRAY_LEN(files) && rc == 0; i++) {
        dc_buf b;
        dc_buf_init(&b);
        files[i].render(rules, res, run, &b);
        size_t n = strlen(dir) + strlen(files[i].name) + 2;
        char *path = dc_xmalloc(n);
        snprintf(path, n, "%s/%s", dir, files[i].name);
        rc = dc_write_file_atomic(path, b.data, b.len, err);
        free(path);
        dc_buf_free(&b);
    }
    return rc;
}

void dc_gate_report_console(const dc_client_rules *rules, const dc_gate_result *res, dc_buf *out)
{
    for (size_t i = 0; i < res->nclients; i++) {
        const dc_gate_client *c = &res->clients[i];
        size_t n[5] = {0};
        for (int k = 0; k < DC_CRULE_COUNT; k++)
            n[c->rules[k].status]++;
        dc_buf_printf(out, "  %s: %llu requests, %zu passed, %zu failed", c->id, (unsigned long long)c->requests,
                      n[DC_GATE_PASSED], n[DC_GATE_FAILED]);
        const char *sep = " (";
        for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
            dc_crule_id id = dc_client_rule_at(rules, k);
            if (c->rules[id].status == DC_GATE_FAILED) {
                dc_buf_printf(out, "%s%s", sep, dc_crule_name(id));
                sep = ", ";
            }
        }
        if (n[DC_GATE_FAILED] > 0)
            dc_buf_putc(out, ')');
        dc_buf_printf(out, ", %zu warning%s", n[DC_GATE_WARNING], n[DC_GATE_WARNING] == 1 ? "" : "s");
        sep = " (";
        for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
            dc_crule_id id = dc_client_rule_at(rules, k);
            if (c->rules[id].status == DC_GATE_WARNING) {
                dc_buf_printf(out, "%s%s", sep, dc_crule_name(id));
                sep = ", ";
            }
        }
        if (n[DC_GATE_WARNING] > 0)
            dc_buf_putc(out, ')');
        dc_buf_printf(out, ", %zu not exercised", n[DC_GATE_NOT_EXERCISED]);
        sep = " (";
        for (size_t k = 0; k < DC_CRULE_COUNT; k++) {
            dc_crule_id id = dc_client_rule_at(rules, k);
            if (c->rules[id].status == DC_GATE_NOT_EXERCISED && dc_gate_retry_rule(id)) {
                dc_buf_printf(out, "%s%s", sep, dc_crule_name(id));
                sep = ", ";
            }
        }
        if (sep[0] == ',')
            dc_buf_putc(out, ')');
        dc_buf_printf(out, "; retry scheme %s\n",
                      c->scheme != NULL ? c->scheme
                      : c->retries > 0  ? "none documented"
                                        : "- (no retries)");
    }
}
