/* run.c - one run of a sequence in lockstep (see run.h). */
#include "explore/run.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "explore/casefile.h"

#define S_MODEL 0
#define S_REAL 1
#define S_TRANSPORT_IN_A_ROW 3
#define S_LONG_AGO_MS 1000000000000LL /* 2001-09-09 */
#define S_AFTER_ENABLE_MS 2
/* A settle's first poll within this much wall time of the step's answer can
 * tell "settled at once" from "settled meanwhile": the model's shortest
 * transition (sides.c) is longer */
#define S_PROMPT_MS 60

struct dc_ex_run {
    const dc_ex_env *env;
    dc_ex_endpoint *ep;
    dc_ex_recorder *rec;
    dc_ex_model_side *model;
    dc_ex_judge *judge;
    char prefix[32];
    char *arn[2][DC_EX_MAX_REFS];
    int64_t marker[2][DC_EX_MAX_REFS];
    bool has_marker[DC_EX_MAX_REFS];
    bool table_used[DC_EX_TABLE_SLOTS];
    bool protected_slot[DC_EX_TABLE_SLOTS]; /* created with DeletionProtectionEnabled */
    const char *origin[DC_EX_TABLE_SLOTS];  /* the operation that made the table in the slot (static) */
    int item_slot;                          /* the slot the current item call names; -1 */
    int64_t start_ms[2];
    char account[2][16]; /* each side's account, from the first TableArn it answered */
    int64_t clock_seen;  /* the shared clock's total advance this run's model has followed */
    size_t notes, extra;
    unsigned transport_in_row;
    int lek;             /* ListBackups page captures so far (case files) */
    const char *rec_key; /* the finding the recorder writes (its step gets the full expectation); NULL = any */
};

static atomic_uint_fast64_t s_run_counter;

static int64_t s_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void s_sleep_ms(int64_t ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Other workers moved the shared clock: this run's model follows. */
static void s_sync_clock(dc_ex_run *r)
{
    if (!r->env->test_clock)
        return;
    int64_t total = *r->env->clock_total_ms;
    if (total > r->clock_seen) {
        dc_ex_model_side_advance_ms(r->model, total - r->clock_seen);
        r->clock_seen = total;
    }
}

/* Moves both clocks: the endpoint's test-control clock (exclusive: other
 * workers' steps wait) and this run's model; without a test clock, a real
 * wait within the shared budget. Returns the milliseconds advanced. */
static int64_t s_advance(dc_ex_run *r, int64_t ms, int64_t *real_mid, int64_t *model_mid)
{
    const dc_ex_env *env = r->env;
    if (env->test_clock) {
        pthread_rwlock_wrlock(env->clock_lock);
        s_sync_clock(r); /* the other workers' advances first: the marker is on the shared timeline */
        int64_t now = 0;
        int64_t before = dc_ex_model_side_now_ms(r->model);
        bool ok = dc_ex_endpoint_clock(r->ep, ms, &now);
        r->extra++;
        if (ok) {
            *env->clock_total_ms += ms;
            r->clock_seen += ms;
            dc_ex_model_side_advance_ms(r->model, ms);
        }
        pthread_rwlock_unlock(env->clock_lock);
        if (model_mid != NULL)
            *model_mid = before + ms / 2;
        if (real_mid != NULL)
            *real_mid = now - ms / 2;
        return ok ? ms : 0;
    }
    int64_t wait = ms;
    if ((double)wait > env->advance_cap_s * 1000.0)
        wait = (int64_t)(env->advance_cap_s * 1000.0);
    pthread_mutex_lock(env->budget_lock);
    if ((double)wait > *env->wait_budget_s * 1000.0)
        wait = (int64_t)(*env->wait_budget_s * 1000.0);
    *env->wait_budget_s -= (double)wait / 1000.0;
    pthread_mutex_unlock(env->budget_lock);
    int64_t before = s_wall_ms();
    s_sleep_ms(wait);
    int64_t after = s_wall_ms();
    if (model_mid != NULL)
        *model_mid = before + (after - before) / 2;
    if (real_mid != NULL)
        *real_mid = before + (after - before) / 2;
    return after - before;
}

dc_ex_run *dc_ex_run_begin(const dc_ex_env *env, dc_ex_endpoint *ep, dc_ex_recorder *rec)
{
    static uint32_t salt;
    if (salt == 0)
        salt = (uint32_t)(((uint64_t)s_wall_ms() * 2654435761u) ^ (uint64_t)getpid()) & 0xffffffu;
    dc_ex_run *r = dc_xcalloc(1, sizeof *r);
    r->env = env;
    r->ep = ep;
    r->rec = rec;
    uint64_t n = atomic_fetch_add(&s_run_counter, 1);
    snprintf(r->prefix, sizeof r->prefix, "xp%06x%05x-", (unsigned)salt, (unsigned)(n & 0xfffff));
    if (rec != NULL)
        dc_ex_recorder_prefix(rec, r->prefix);
    int64_t start = 0;
    if (env->test_clock) {
        pthread_rwlock_rdlock(env->clock_lock);
        if (!dc_ex_endpoint_clock(ep, 0, &start))
            start = s_wall_ms();
        r->clock_seen = *env->clock_total_ms;
        pthread_rwlock_unlock(env->clock_lock);
        r->extra++;
    }
    r->model = dc_ex_model_side_new(env->spec, env->region, start, n + 1);
    r->judge = dc_ex_judge_new(env->rules);
    r->start_ms[S_MODEL] = dc_ex_model_side_now_ms(r->model);
    r->start_ms[S_REAL] = env->test_clock ? start : s_wall_ms();
    return r;
}

size_t dc_ex_run_notes(const dc_ex_run *r)
{
    return r->notes;
}

size_t dc_ex_run_extra_requests(const dc_ex_run *r)
{
    return r->extra;
}

/* The template with side's values: ${P}, ${B<n>}, ${M<n>}; side -1 writes
 * the case file's variables (${p}, ${b<n>}, ${m<n>}). */
static void s_resolve(const dc_ex_run *r, int side, const char *t, dc_buf *out)
{
    for (const char *p = t; *p != '\0';) {
        if (p[0] != '$' || p[1] != '{') {
            size_t run = strcspn(p + 1, "$") + 1;
            dc_buf_append(out, p, run);
            p += run;
            continue;
        }
        char kind = p[2];
        char *end = NULL;
        long n = kind == 'P' ? 0 : strtol(p + 3, &end, 10);
        if (kind == 'T' && end != NULL && *end == '}' && n >= 0 && n < DC_EX_TABLE_SLOTS) {
            /* a table's ARN in the side's account (the case file: the model's, in ${region}) */
            const char *acct = side >= 0 && r->account[side][0] != '\0' ? r->account[side] : DC_MODEL_DEFAULT_ACCOUNT;
            if (side < 0)
                dc_buf_printf(out, "arn:aws:dynamodb:${region}:%s:table/${p}t%ld", acct, n);
            else
                dc_buf_printf(out, "arn:aws:dynamodb:%s:%s:table/%st%ld", r->env->region, acct, r->prefix, n);
            p = end + 1;
            continue;
        }
        if (kind == 'P')
            end = (char *)p + 3;
        if (end == NULL || *end != '}' || n < 0 || n >= DC_EX_MAX_REFS) {
            dc_buf_putc(out, *p++);
            continue;
        }
        bool defined = kind == 'P' || (kind == 'B' && r->arn[S_MODEL][n] != NULL) || (kind == 'M' && r->has_marker[n]);
        if (side < 0 && defined) {
            dc_buf_printf(out, kind == 'P' ? "${p}" : "${%c%ld}", kind == 'B' ? 'b' : 'm', n);
            if (kind == 'M' && r->rec != NULL)
                dc_ex_recorder_instant(r->rec, (int)n);
        } else if (kind == 'P') {
            dc_buf_puts(out, r->prefix);
        } else if (kind == 'B') {
            if (side >= 0 && r->arn[side][n] != NULL)
                dc_buf_puts(out, r->arn[side][n]);
            else /* a backup the sequence did not create (or a dropped step's): well-formed, missing */
                dc_buf_printf(out, "arn:aws:dynamodb:%s:%s:table/%st0/backup/01000000000000-0000000%ld", r->env->region,
                              DC_MODEL_DEFAULT_ACCOUNT, side < 0 ? "${p}" : r->prefix, n % 10);
        } else if (kind == 'M') {
            /* an advance that did not happen: an instant long before (outside any window) */
            int64_t ms = r->has_marker[n] && side >= 0 ? r->marker[side][n] : S_LONG_AGO_MS;
            dc_buf_printf(out, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));
        }
        p = end + 1;
    }
}

/* ,"ExclusiveStartBackupArn":"<arn>" before the template's closing brace. */
static void s_with_start(const char *body, const char *arn, dc_buf *out)
{
    size_t len = strlen(body);
    dc_buf_append(out, body, len - 1);
    dc_buf_puts(out, ",\"ExclusiveStartBackupArn\":");
    dc_buf_put_json_string(out, arn, strlen(arn));
    dc_buf_putc(out, '}');
}

/* The key that deduplicates: one cause, one key. */
/* For an item call (data plane) on a table the run made: the operation that made it. */
static const char *s_item_origin(const dc_ex_run *r, const char *op)
{
    bool item_op = strcmp(op, "GetItem") == 0 || strcmp(op, "Scan") == 0 || strcmp(op, "PutItem") == 0 ||
                   strcmp(op, "DeleteItem") == 0;
    return item_op && r->item_slot >= 0 && r->item_slot < DC_EX_TABLE_SLOTS ? r->origin[r->item_slot] : NULL;
}

static void s_key(dc_ex_divergence *d, const dc_mismatch *m, const char *origin)
{
    /* the path up to its first list index: one cause shows at several
     * positions and members of one element (Items.0.g, Items.1.pk.S) */
    char path[200];
    size_t k = 0;
    for (const char *p = m->path; *p != '\0' && k + 1 < sizeof path; p++) {
        if (*p >= '0' && *p <= '9' && p > m->path && p[-1] == '.') {
            k = k > 0 ? k - 1 : 0;
            break;
        }
        path[k++] = *p;
    }
    path[k] = '\0';
    if (strcmp(m->path, "transport") == 0) /* no answer at all: one cause whatever the call */
        snprintf(d->key, sizeof d->key, "no answer (%s)", m->actual);
    else if (strcmp(m->path, "status") == 0 || strcmp(m->path, "error") == 0)
        snprintf(d->key, sizeof d->key, "%s%s %s %s->%s", d->op, d->in_settle ? "(settle)" : "", m->path, m->expected,
                 m->actual);
    else if (origin != NULL)
        /* what a table holds: one cause (how the table came to be) whichever
         * item call shows it (Scan's Count, GetItem's Item) */
        snprintf(d->key, sizeof d->key, "items of a table made by %s", origin);
    else
        snprintf(d->key, sizeof d->key, "%s%s %s", d->op, d->in_settle ? "(settle)" : "", path);
}

/* Judges one pair; 1 with *d filled on a divergence. */
static int s_judge(dc_ex_run *r, size_t index, const char *op, const dc_ex_answer *m, const dc_ex_answer *a,
                   bool settle, bool page, dc_ex_divergence *d)
{
    dc_mismatches mm;
    dc_mismatches_init(&mm);
    dc_ex_judge_compare(r->judge, dc_spec_operation(r->env->spec, op), m, a, r->env->compat, &mm, &r->notes);
    int rc = 0;
    if (mm.count > 0) {
        memset(d, 0, sizeof *d);
        d->step = index;
        snprintf(d->op, sizeof d->op, "%s", op);
        d->in_settle = settle;
        d->in_page = page;
        /* the error names say more than the status that comes with them */
        const dc_mismatch *first = &mm.items[0];
        for (size_t i = 0; i < mm.count; i++)
            if (strcmp(mm.items[i].path, "error") == 0)
                first = &mm.items[i];
        const char *origin = s_item_origin(r, op);
        s_key(d, first, origin);
        /* one answer may hold several causes: a replay looks for its
         * finding's key among them; the others are listed with it */
        for (size_t i = 0; r->rec_key != NULL && strcmp(first->path, "error") != 0 && i < mm.count; i++) {
            dc_ex_divergence alt = *d;
            s_key(&alt, &mm.items[i], origin);
            if (strcmp(alt.key, r->rec_key) == 0) {
                first = &mm.items[i];
                break;
            }
        }
        for (size_t i = 0; i < mm.count; i++) {
            size_t used = strlen(d->also);
            if (&mm.items[i] != first && used + strlen(mm.items[i].path) + 3 < sizeof d->also)
                snprintf(d->also + used, sizeof d->also - used, "%s%s", used ? ", " : "", mm.items[i].path);
        }
        s_key(d, first, origin);
        snprintf(d->path, sizeof d->path, "%s", first->path);
        snprintf(d->expected, sizeof d->expected, "%s", first->expected);
        snprintf(d->actual, sizeof d->actual, "%s", first->actual);
        d->state_parted = strcmp(first->path, "status") == 0 || strcmp(first->path, "error") == 0 ||
                          strcmp(first->path, "transport") == 0;
        rc = 1;
    }
    dc_mismatches_free(&mm);
    return rc;
}

/* The recorded step gets the full expectation: it diverged with the finding's key. */
static bool s_recorded(const dc_ex_run *r, int rc, const dc_ex_divergence *d)
{
    bool yes = rc == 1 && (r->rec_key == NULL || strcmp(r->rec_key, d->key) == 0);
    if (yes && r->rec != NULL && strcmp(d->expected, "(absent)") == 0 && strncmp(d->path, "body.", 5) == 0)
        dc_ex_recorder_absent(r->rec, d->path + 5); /* a member the endpoint must not send */
    return yes;
}

static const char *s_member_string(const dc_ex_answer *a, const char *path)
{
    return a->has_doc ? dc_json_string(dc_json_path(a->doc.root, path)) : NULL;
}

/* Both sides answer one body each. */
static void s_both(dc_ex_run *r, const char *op, const char *mbody, const char *rbody, dc_ex_answer *m, dc_ex_answer *a)
{
    pthread_rwlock_t *lock = r->env->test_clock ? r->env->clock_lock : NULL;
    if (lock != NULL)
        pthread_rwlock_rdlock(lock);
    s_sync_clock(r);
    dc_ex_model_side_call(r->model, op, mbody, strlen(mbody), m);
    dc_ex_endpoint_call(r->ep, op, rbody, strlen(rbody), a);
    if (lock != NULL)
        pthread_rwlock_unlock(lock);
    if (r->env->verbose != NULL)
        fprintf(r->env->verbose, "%s %s %d %s | %d %s | %s | %.120s\n", r->prefix, op, m->status, m->error, a->status,
                a->error, mbody, m->message != NULL ? m->message : "");
    r->transport_in_row = a->status == 0 ? r->transport_in_row + 1 : 0;
}

/* Waits for the endpoint's transition to reach the model's state, then
 * judges the describe answer. */
static bool s_transitional(const char *status)
{
    return strcmp(status, "CREATING") == 0 || strcmp(status, "DELETING") == 0 || strcmp(status, "UPDATING") == 0;
}

/* since_ms: when the step's answer came (wall clock). */
static int s_settle(dc_ex_run *r, size_t index, const dc_ex_step *s, int64_t since_ms, dc_ex_divergence *d)
{
    const char *op = s->settle == DC_EX_SETTLE_BACKUP ? "DescribeBackup" : "DescribeTable";
    char tmpl[128];
    if (s->settle == DC_EX_SETTLE_BACKUP)
        snprintf(tmpl, sizeof tmpl, "{\"BackupArn\":\"${B%d}\"}", s->backup);
    else
        snprintf(tmpl, sizeof tmpl, "{\"TableName\":\"${P}t%d\"}", s->settle_slot);
    const char *status_path =
        s->settle == DC_EX_SETTLE_BACKUP ? "BackupDescription.BackupDetails.BackupStatus" : "Table.TableStatus";
    dc_buf mb, rb;
    dc_buf_init(&mb);
    dc_buf_init(&rb);
    s_resolve(r, S_MODEL, tmpl, &mb);
    s_resolve(r, S_REAL, tmpl, &rb);
    dc_ex_answer m, a;
    dc_ex_answer_init(&m);
    dc_ex_answer_init(&a);
    for (int poll = 0;; poll++) {
        dc_ex_answer_free(&m);
        dc_ex_answer_free(&a);
        s_both(r, op, (const char *)mb.data, (const char *)rb.data, &m, &a);
        r->extra++;
        const char *ms = s_member_string(&m, status_path), *as = s_member_string(&a, status_path);
        bool m_moving = ms != NULL && s_transitional(ms),
             a_moving = a.status == 200 && as != NULL && s_transitional(as);
        if (!m_moving && !a_moving)
            break; /* both settled: judged below */
        if (poll == 0 && m_moving && !a_moving && s_wall_ms() - since_ms <= S_PROMPT_MS)
            break; /* settled at once where the model is still in transition: judged (restore ACTIVE at once) */
        if (poll >= DC_EX_SETTLE_MAX_POLLS)
            break;
        /* the endpoint is slower than the model (a real restore takes minutes,
         * [S:restore-from-backup]), or the first poll came too late to tell */
        if (r->env->test_clock)
            s_advance(r, DC_EX_SETTLE_STEP_MS, NULL, NULL);
        else
            s_sleep_ms(DC_EX_SETTLE_REAL_POLL_MS);
    }
    if (r->rec != NULL) {
        dc_buf ct;
        dc_buf_init(&ct);
        s_resolve(r, -1, tmpl, &ct);
        const char *want = s_member_string(&m, status_path);
        if (want != NULL)
            dc_ex_recorder_wait(r->rec, op, (const char *)ct.data, status_path, want, NULL);
        else if (m.error[0] != '\0')
            dc_ex_recorder_wait(r->rec, op, (const char *)ct.data, NULL, NULL, m.error);
        dc_buf_free(&ct);
    }
    int rc = s_judge(r, index, op, &m, &a, true, false, d);
    /* the endpoint settled at once (a divergence, judged above): the model
     * still finishes its transition before the next step, so that step is
     * not judged against a state only the model is still in */
    for (int poll = 0; poll < DC_EX_SETTLE_MAX_POLLS; poll++) {
        dc_ex_answer m2;
        dc_ex_model_side_call(r->model, op, (const char *)mb.data, mb.len, &m2);
        const char *ms = s_member_string(&m2, status_path);
        bool moving = ms != NULL && s_transitional(ms);
        dc_ex_answer_free(&m2);
        if (!moving)
            break;
        if (r->env->test_clock)
            s_advance(r, DC_EX_SETTLE_STEP_MS, NULL, NULL);
        else
            s_sleep_ms(DC_EX_SETTLE_REAL_POLL_MS);
    }
    if (r->rec != NULL) {
        dc_buf ct;
        dc_buf_init(&ct);
        s_resolve(r, -1, tmpl, &ct);
        dc_ex_recorder_call(r->rec, op, (const char *)ct.data, &m, NULL, NULL, s_recorded(r, rc, d));
        dc_buf_free(&ct);
    }
    dc_ex_answer_free(&m);
    dc_ex_answer_free(&a);
    dc_buf_free(&mb);
    dc_buf_free(&rb);
    return rc;
}

static int s_slot_of(const char *body, const char *member)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"${P}t", member);
    const char *p = strstr(body, pat);
    return p != NULL ? p[strlen(pat)] - '0' : -1;
}

/* A time step: both clocks move, its middle on each is marker n. */
static void s_time_step(dc_ex_run *r, const dc_ex_step *s)
{
    int64_t rm = 0, mm = 0;
    s_advance(r, s->advance_ms, &rm, &mm);
    if (s->marker >= 0 && s->marker < DC_EX_MAX_REFS) {
        r->marker[S_MODEL][s->marker] = mm;
        r->marker[S_REAL][s->marker] = rm;
        r->has_marker[s->marker] = true;
    }
    if (r->rec != NULL)
        dc_ex_recorder_advance(r->rec, s->advance_ms, s->marker);
}

/* Each side's account, from the first TableArn it answered
 * (arn:aws:dynamodb:<region>:<account>:table/...). */
static void s_learn_accounts(dc_ex_run *r, const dc_ex_answer *m, const dc_ex_answer *a)
{
    for (int side = 0; side < 2; side++) {
        const char *arn = s_member_string(side == S_MODEL ? m : a, "TableDescription.TableArn");
        const char *colon = arn != NULL ? strchr(arn + (strncmp(arn, "arn:", 4) == 0 ? 4 : 0), ':') : NULL;
        for (int k = 0; colon != NULL && k < 2; k++)
            colon = strchr(colon + 1, ':');
        if (r->account[side][0] == '\0' && colon != NULL && strchr(colon + 1, ':') != NULL) {
            size_t len = (size_t)(strchr(colon + 1, ':') - colon - 1);
            if (len < sizeof r->account[side])
                snprintf(r->account[side], sizeof r->account[side], "%.*s", (int)len, colon + 1);
        }
    }
}

/* A CreateBackup's BackupArn on each side becomes its ${B<n>}. */
static void s_keep_backup(dc_ex_run *r, const dc_ex_step *s, const dc_ex_answer *m, const dc_ex_answer *a)
{
    const char *ma = s_member_string(m, "BackupDetails.BackupArn");
    const char *ra = s_member_string(a, "BackupDetails.BackupArn");
    free(r->arn[S_MODEL][s->backup]);
    free(r->arn[S_REAL][s->backup]);
    r->arn[S_MODEL][s->backup] = ma != NULL ? dc_xstrdup(ma) : NULL;
    r->arn[S_REAL][s->backup] = ra != NULL ? dc_xstrdup(ra) : NULL;
}

/* ListBackups: the following pages, each side from its own cursor; the last
 * page's answers end in *m and *a. The bodies: each side's and the case's. */
static int s_follow_pages(dc_ex_run *r, size_t index, const dc_ex_step *s, const dc_buf *mb, const dc_buf *rb,
                          const dc_buf *ct, dc_ex_answer *m, dc_ex_answer *a, dc_ex_divergence *d)
{
    int rc = 0;
    for (int page = 1; rc == 0 && page < DC_EX_MAX_PAGES; page++) {
        const char *mk = s_member_string(m, "LastEvaluatedBackupArn");
        const char *rk = s_member_string(a, "LastEvaluatedBackupArn");
        if (mk == NULL || rk == NULL)
            break; /* both without: the end; one without: judged already */
        dc_buf mb2, rb2, ct2;
        dc_buf_init(&mb2);
        dc_buf_init(&rb2);
        dc_buf_init(&ct2);
        s_with_start((const char *)mb->data, mk, &mb2);
        s_with_start((const char *)rb->data, rk, &rb2);
        char lekv[24];
        snprintf(lekv, sizeof lekv, "${lek%d}", r->lek);
        s_with_start((const char *)ct->data, lekv, &ct2);
        dc_ex_answer m2, a2;
        s_both(r, s->op, (const char *)mb2.data, (const char *)rb2.data, &m2, &a2);
        rc = s_judge(r, index, s->op, &m2, &a2, false, true, d);
        r->lek++;
        if (r->rec != NULL) {
            char lek[16];
            snprintf(lek, sizeof lek, "lek%d", r->lek);
            bool more = s_member_string(&m2, "LastEvaluatedBackupArn") != NULL;
            dc_ex_recorder_call(r->rec, s->op, (const char *)ct2.data, &m2, more ? "LastEvaluatedBackupArn" : NULL, lek,
                                s_recorded(r, rc, d));
        }
        dc_ex_answer_free(m);
        dc_ex_answer_free(a);
        *m = m2;
        *a = a2;
        dc_buf_free(&mb2);
        dc_buf_free(&rb2);
        dc_buf_free(&ct2);
    }
    return rc;
}

/* After the step's answers: how the table in its slot came to be, the wait
 * for its transition, and the millisecond that keeps the next call apart. */
static int s_after(dc_ex_run *r, size_t index, const dc_ex_step *s, int64_t sent_ms, int rc, dc_ex_divergence *d)
{
    if ((s->settle == DC_EX_SETTLE_TABLE || s->settle == DC_EX_SETTLE_TABLE_GONE) && s->settle_slot >= 0 &&
        s->settle_slot < DC_EX_TABLE_SLOTS)
        r->origin[s->settle_slot] = s->settle == DC_EX_SETTLE_TABLE ? s->op : NULL;
    if (s->settle != DC_EX_SETTLE_NONE && (rc == 0 || !d->state_parted)) {
        /* a body difference in the step's own answer leaves the states in
         * step: the transition is still waited for (the step's divergence
         * is the one reported) */
        dc_ex_divergence later;
        int src = s_settle(r, index, s, sent_ms, rc == 0 ? d : &later);
        if (rc == 0)
            rc = src;
    }
    /* the model keeps the writes of the enable's millisecond in the enable's
     * state, and orders two backups of one millisecond by ARN: what follows
     * must fall in a later millisecond on both clocks, as on the real service */
    if (rc == 0 && (strcmp(s->op, "UpdateContinuousBackups") == 0 || strcmp(s->op, "CreateBackup") == 0)) {
        s_advance(r, S_AFTER_ENABLE_MS, NULL, NULL);
        if (r->rec != NULL && s->op[0] == 'U') /* a replay in real time may put the next write in the enable's ms */
            dc_ex_recorder_advance(r->rec, S_AFTER_ENABLE_MS, -1);
    }
    return rc;
}

int dc_ex_run_step(dc_ex_run *r, size_t index, const dc_ex_step *s, bool *model_ok, dc_ex_divergence *d)
{
    *model_ok = false;
    if (s->kind == DC_EX_STEP_ADVANCE) {
        s_time_step(r, s);
        *model_ok = true;
        return 0;
    }
    int slot = s_slot_of(s->body, strcmp(s->op, "CreateTable") == 0 ? "TableName" : "TargetTableName");
    if (slot >= 0 && slot < DC_EX_TABLE_SLOTS) {
        r->table_used[slot] = true;
        r->protected_slot[slot] =
            r->protected_slot[slot] || strstr(s->body, "\"DeletionProtectionEnabled\":true") != NULL;
    }
    r->item_slot = s_slot_of(s->body, "TableName");
    dc_buf mb, rb, ct;
    dc_buf_init(&mb);
    dc_buf_init(&rb);
    dc_buf_init(&ct);
    s_resolve(r, S_MODEL, s->body, &mb);
    s_resolve(r, S_REAL, s->body, &rb);
    s_resolve(r, -1, s->body, &ct);
    dc_ex_answer m, a;
    /* from the sending, not the answer: an answer can wait in the endpoint's
     * send queue while its clock runs on */
    int64_t sent_ms = s_wall_ms();
    s_both(r, s->op, (const char *)mb.data, (const char *)rb.data, &m, &a);
    int rc = s_judge(r, index, s->op, &m, &a, false, false, d);
    *model_ok = m.status == 200;
    s_learn_accounts(r, &m, &a);
    char var[16] = "";
    if (s->backup >= 0) {
        snprintf(var, sizeof var, "b%d", s->backup);
        s_keep_backup(r, s, &m, &a);
    }
    bool capture_lek = s->follow_pages && s_member_string(&m, "LastEvaluatedBackupArn") != NULL;
    if (r->rec != NULL) {
        char lek[16];
        snprintf(lek, sizeof lek, "lek%d", r->lek);
        dc_ex_recorder_call(r->rec, s->op, (const char *)ct.data, &m,
                            s->backup >= 0 ? "BackupDetails.BackupArn"
                            : capture_lek  ? "LastEvaluatedBackupArn"
                                           : NULL,
                            s->backup >= 0 ? var : lek, s_recorded(r, rc, d));
    }
    if (rc == 0 && s->follow_pages)
        rc = s_follow_pages(r, index, s, &mb, &rb, &ct, &m, &a, d);
    if (capture_lek)
        r->lek++;
    if (*model_ok)
        rc = s_after(r, index, s, sent_ms, rc, d);
    if (rc == 0 && r->transport_in_row >= S_TRANSPORT_IN_A_ROW)
        rc = -1;
    dc_ex_answer_free(&m);
    dc_ex_answer_free(&a);
    dc_buf_free(&mb);
    dc_buf_free(&rb);
    dc_buf_free(&ct);
    return rc;
}

/* One clean-up call on the endpoint; true when it answered 2xx. */
static bool s_cleanup_call(dc_ex_run *r, const char *op, const char *body, const char *case_tmpl)
{
    dc_ex_answer a;
    dc_ex_endpoint_call(r->ep, op, body, strlen(body), &a);
    r->extra++;
    bool ok = a.status == 200;
    bool in_use = strcmp(a.error, "ResourceInUseException") == 0 || strcmp(a.error, "BackupInUseException") == 0;
    dc_ex_answer_free(&a);
    for (int i = 0; !ok && in_use && i < 5; i++) { /* a restore still running: give it time */
        if (r->env->test_clock)
            s_advance(r, DC_EX_SETTLE_STEP_MS, NULL, NULL);
        else
            s_sleep_ms(200);
        dc_ex_endpoint_call(r->ep, op, body, strlen(body), &a);
        r->extra++;
        ok = a.status == 200;
        in_use = strcmp(a.error, "ResourceInUseException") == 0 || strcmp(a.error, "BackupInUseException") == 0;
        dc_ex_answer_free(&a);
    }
    if (r->rec != NULL && case_tmpl != NULL)
        dc_ex_recorder_cleanup(r->rec, op, case_tmpl);
    return ok;
}

void dc_ex_run_end(dc_ex_run *r)
{
    if (r == NULL)
        return;
    for (int n = 0; n < DC_EX_MAX_REFS; n++) {
        if (r->arn[S_REAL][n] == NULL)
            continue;
        char *body = dc_strf("{\"BackupArn\":\"%s\"}", r->arn[S_REAL][n]);
        char tmpl[32];
        snprintf(tmpl, sizeof tmpl, "{\"BackupArn\":\"${b%d}\"}", n);
        s_cleanup_call(r, "DeleteBackup", body, tmpl);
        free(body);
    }
    for (int t = 0; t < DC_EX_TABLE_SLOTS; t++) {
        if (!r->table_used[t])
            continue;
        char *pitr = dc_strf("{\"TableName\":\"%st%d\",\"PointInTimeRecoverySpecification\":"
                             "{\"PointInTimeRecoveryEnabled\":false}}",
                             r->prefix, t);
        char *del = dc_strf("{\"TableName\":\"%st%d\"}", r->prefix, t);
        char *tp = dc_strf("{\"TableName\":\"${p}t%d\",\"PointInTimeRecoverySpecification\":"
                           "{\"PointInTimeRecoveryEnabled\":false}}",
                           t);
        char *td = dc_strf("{\"TableName\":\"${p}t%d\"}", t);
        char *dp = dc_strf("{\"TableName\":\"%st%d\",\"DeletionProtectionEnabled\":false}", r->prefix, t);
        char *tdp = dc_strf("{\"TableName\":\"${p}t%d\",\"DeletionProtectionEnabled\":false}", t);
        if (r->protected_slot[t])
            s_cleanup_call(r, "UpdateTable", dp, tdp); /* else DeleteTable is refused */
        free(dp);
        free(tdp);
        s_cleanup_call(r, "UpdateContinuousBackups", pitr, tp); /* no system backup left behind */
        s_cleanup_call(r, "DeleteTable", del, td);
        free(pitr);
        free(del);
        free(tp);
        free(td);
    }
    for (int side = 0; side < 2; side++)
        for (int n = 0; n < DC_EX_MAX_REFS; n++)
            free(r->arn[side][n]);
    dc_ex_judge_free(r->judge);
    dc_ex_model_side_free(r->model);
    free(r);
}

int dc_ex_run_replay(const dc_ex_env *env, dc_ex_endpoint *ep, const dc_ex_step *steps, size_t n, const char *key,
                     dc_ex_divergence *d, dc_ex_recorder *rec)
{
    dc_ex_run *r = dc_ex_run_begin(env, ep, rec);
    r->rec_key = key;
    dc_ex_divergence local;
    if (d == NULL)
        d = &local;
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        bool ok;
        int rc = dc_ex_run_step(r, i, &steps[i], &ok, d);
        if (rc < 0)
            break;
        if (rc == 1) {
            found = key == NULL || strcmp(key, d->key) == 0;
            if (found || d->state_parted)
                break; /* another cause that leaves the states in step: go on */
        }
    }
    dc_ex_run_end(r);
    return found;
}
