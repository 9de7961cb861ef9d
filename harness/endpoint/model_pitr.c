/* model_pitr.c - continuous backups: the restorable window of a PITR-enabled
 * table, DescribeContinuousBackups and UpdateContinuousBackups ([S:continuous-backups]). */
#include "endpoint/model_internal.h"

/* The restorable window of a PITR-enabled table ([S:continuous-backups]): Earliest is the
 * enable time (whole seconds) or now - RecoveryPeriodInDays, whichever is
 * later; Latest trails now by the configured lag, never before the enable time. */
void dc_model_pitr_window(const dc_model *m, const dc_model_table *t, int64_t *earliest, int64_t *latest)
{
    *earliest = t->pitr_enabled_ms;
    *latest = t->pitr_enabled_ms;
    if (m->now - t->recovery_days * DC_MODEL_DAY_MS > *earliest)
        *earliest = m->now - t->recovery_days * DC_MODEL_DAY_MS;
    if (m->now - m->opt.pitr_lag_ms > *latest)
        *latest = m->now - m->opt.pitr_lag_ms;
}

static void s_put_cb_desc(dc_model *m, dc_buf *b, const dc_model_table *t)
{
    bool enabling = m->now < t->active_at_ms + m->opt.backups_enabling_ms;
    dc_buf_putc(b, '{');
    dc_jsonw_member_string(b, "ContinuousBackupsStatus", enabling ? "DISABLED" : "ENABLED");
    dc_jsonw_key(b, "PointInTimeRecoveryDescription");
    dc_buf_putc(b, '{');
    if (t->pitr) {
        int64_t earliest, latest;
        dc_model_pitr_window(m, t, &earliest, &latest);
        s_member_time(b, "EarliestRestorableDateTime", earliest);
        s_member_time(b, "LatestRestorableDateTime", latest);
        dc_jsonw_member_string(b, "PointInTimeRecoveryStatus", "ENABLED");
        dc_jsonw_member_int(b, "RecoveryPeriodInDays", t->recovery_days);
    } else {
        dc_jsonw_member_string(b, "PointInTimeRecoveryStatus", "DISABLED");
    }
    dc_buf_putc(b, '}');
    dc_buf_putc(b, '}');
}

void dc_model_op_describe_cb(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = dc_model_source_table(m, "TableName", req, out);
    if (t == NULL)
        return;
    dc_buf_puts(&out->body, "{\"ContinuousBackupsDescription\":");
    s_put_cb_desc(m, &out->body, t);
    dc_buf_putc(&out->body, '}');
}

void dc_model_op_update_cb(dc_model *m, const dc_json *req, dc_model_result *out)
{
    dc_model_table *t = dc_model_source_table(m, "TableName", req, out);
    if (t == NULL || dc_model_backups_enabling(m, t, out))
        return;
    const dc_json *spec = dc_json_get(req, "PointInTimeRecoverySpecification");
    const dc_json *en = dc_json_get(spec, "PointInTimeRecoveryEnabled");
    if (!dc_json_is_bool(en)) {
        dc_model_fail_not_null(m, out, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled");
        return;
    }
    int64_t days = 0;
    bool has_days = s_int(spec, "RecoveryPeriodInDays", &days) && days >= 1 && days <= 35;
    if (en->type == DC_JSON_TRUE) {
        if (!t->pitr) {
            /* Earliest == Latest == the enable time at whole seconds ([S:continuous-backups], [S:rec-enable-pitr-cli])
             */
            t->pitr = true;
            t->pitr_enabled_ms = m->now - m->now % 1000;
            t->pitr_enabled_at_ms = m->now;
            t->recovery_days = DC_MODEL_RECOVERY_DAYS_DEFAULT;
        }
        if (has_days)
            t->recovery_days = (int)days;
    } else {
        t->pitr = false; /* re-enabling resets Earliest and forgets RecoveryPeriodInDays */
    }
    dc_buf_puts(&out->body, "{\"ContinuousBackupsDescription\":");
    s_put_cb_desc(m, &out->body, t);
    dc_buf_putc(&out->body, '}');
}
