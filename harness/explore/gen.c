/* gen.c - the step generator (see gen.h). */
#include "explore/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/common.h"

#define S_LAG_MS 300000 /* LatestRestorableDateTime trails now by ~5 min [S:continuous-backups] */
#define S_KEYS 5        /* item keys k0..k4: few, so writes overwrite and deletes hit */

/* What the generator believes exists (the model's view). */
typedef struct {
    bool exists, gsi, pitr;
    int64_t pitr_since_ms; /* generator time of the enable */
} s_table;

typedef struct {
    bool exists;
    int slot; /* the source table's slot */
} s_backup;

typedef struct {
    const char *op;
    unsigned weight;
} s_weight;

/* Relative frequencies: items dominate (they are what restores carry), the
 * backup and PITR operations come often enough that a few hundred steps hold
 * several restores. */
static const s_weight s_weights[] = {
    {"CreateTable", 7},
    {"DeleteTable", 3},
    {"DescribeTable", 3},
    {"PutItem", 22},
    {"DeleteItem", 7},
    {"GetItem", 8},
    {"Scan", 8},
    {"CreateBackup", 8},
    {"DeleteBackup", 3},
    {"DescribeBackup", 4},
    {"ListBackups", 5},
    {"UpdateContinuousBackups", 6},
    {"DescribeContinuousBackups", 3},
    {"RestoreTableFromBackup", 6},
    {"RestoreTableToPointInTime", 6},
    {"UpdateTimeToLive", 2},
    {"DescribeTimeToLive", 2},
    {"TagResource", 2},
    {"ListTagsOfResource", 2},
    {"(advance)", 6},
};

struct dc_ex_gen {
    uint64_t rng;
    s_table tables[DC_EX_TABLE_SLOTS];
    s_backup backups[DC_EX_MAX_REFS];
    int nbackups;
    int64_t marker_ms[DC_EX_MAX_REFS]; /* generator time of each marker */
    int nmarkers;
    int64_t now_ms; /* the generator's account of the time advanced */
    bool allowed[DC_ARRAY_LEN(s_weights)];
    unsigned total;
    /* the step just generated, for dc_ex_gen_feedback */
    int last_slot, last_src, last_backup;
    bool last_gsi, last_gsi_dropped, last_pitr;
};

bool dc_ex_gen_knows(const char *op)
{
    for (size_t i = 0; i < DC_ARRAY_LEN(s_weights); i++)
        if (strcmp(s_weights[i].op, op) == 0)
            return op[0] != '(';
    return false;
}

void dc_ex_step_free(dc_ex_step *s)
{
    free(s->body);
    memset(s, 0, sizeof *s);
}

void dc_ex_step_copy(const dc_ex_step *from, dc_ex_step *to)
{
    *to = *from;
    to->body = from->body != NULL ? dc_xstrdup(from->body) : NULL;
}

static uint64_t s_next(dc_ex_gen *g)
{
    /* splitmix64: the stream of one seed is the same on every machine */
    uint64_t z = (g->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static unsigned s_below(dc_ex_gen *g, unsigned n)
{
    return n == 0 ? 0 : (unsigned)(s_next(g) % n);
}

static bool s_chance(dc_ex_gen *g, unsigned percent)
{
    return s_below(g, 100) < percent;
}

dc_ex_gen *dc_ex_gen_new(uint64_t seed, const char *const *ops, size_t nops)
{
    dc_ex_gen *g = dc_xcalloc(1, sizeof *g);
    g->rng = seed ^ 0x6A09E667F3BCC909ull;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_weights); i++) {
        bool on = nops == 0 || strcmp(s_weights[i].op, "CreateTable") == 0;
        /* what an operation needs to get past "not found": a PITR restore
         * needs PITR enabled and time, a backup restore a backup */
        for (size_t k = 0; k < nops && !on; k++)
            on = strcmp(ops[k], s_weights[i].op) == 0 ||
                 ((strcmp(s_weights[i].op, "(advance)") == 0 ||
                   strcmp(s_weights[i].op, "UpdateContinuousBackups") == 0) &&
                  strcmp(ops[k], "RestoreTableToPointInTime") == 0) ||
                 (strcmp(s_weights[i].op, "CreateBackup") == 0 &&
                  (strcmp(ops[k], "RestoreTableFromBackup") == 0 || strcmp(ops[k], "DeleteBackup") == 0 ||
                   strcmp(ops[k], "DescribeBackup") == 0 || strcmp(ops[k], "ListBackups") == 0));
        g->allowed[i] = on;
        g->total += on ? s_weights[i].weight : 0;
    }
    return g;
}

void dc_ex_gen_free(dc_ex_gen *g)
{
    free(g);
}

/* A slot whose table exists (want true) or not; any slot when none fits
 * (then the request names a missing or an existing table: valid-leaning, not
 * always valid). */
static int s_slot(dc_ex_gen *g, bool want)
{
    int fit[DC_EX_TABLE_SLOTS], n = 0;
    for (int i = 0; i < DC_EX_TABLE_SLOTS; i++)
        if (g->tables[i].exists == want)
            fit[n++] = i;
    return n > 0 ? fit[s_below(g, (unsigned)n)] : (int)s_below(g, DC_EX_TABLE_SLOTS);
}

/* Mostly an existing table, sometimes any slot. */
static int s_table_slot(dc_ex_gen *g)
{
    return s_chance(g, 92) ? s_slot(g, true) : (int)s_below(g, DC_EX_TABLE_SLOTS);
}

static int s_backup_ref(dc_ex_gen *g)
{
    if (g->nbackups == 0)
        return 0; /* names a backup no step created: BackupNotFound */
    int live[DC_EX_MAX_REFS], n = 0;
    for (int i = 0; i < g->nbackups; i++)
        if (g->backups[i].exists)
            live[n++] = i;
    if (n > 0 && s_chance(g, 90))
        return live[s_below(g, (unsigned)n)];
    return (int)s_below(g, (unsigned)g->nbackups);
}

static void s_overrides(dc_ex_gen *g, dc_buf *b, bool source_gsi)
{
    g->last_gsi_dropped = false;
    if (s_chance(g, 60))
        return;
    unsigned k = s_below(g, 3);
    if (k == 0)
        dc_buf_puts(b, ",\"BillingModeOverride\":\"PAY_PER_REQUEST\"");
    else if (k == 1 && !source_gsi)
        dc_buf_printf(b,
                      ",\"BillingModeOverride\":\"PROVISIONED\",\"ProvisionedThroughputOverride\":"
                      "{\"ReadCapacityUnits\":%u,\"WriteCapacityUnits\":%u}",
                      1 + s_below(g, 5), 1 + s_below(g, 5));
    if (source_gsi && s_chance(g, 50)) {
        dc_buf_puts(b, ",\"GlobalSecondaryIndexOverride\":[]");
        g->last_gsi_dropped = true;
    }
}

static void s_table_name(dc_buf *b, const char *member, int slot)
{
    dc_buf_printf(b, "\"%s\":\"${P}t%d\"", member, slot);
}

static void s_create_table(dc_ex_gen *g, dc_ex_step *s, dc_buf *b)
{
    int slot = s_chance(g, 90) ? s_slot(g, false) : (int)s_below(g, DC_EX_TABLE_SLOTS);
    bool gsi = s_chance(g, 40);
    g->last_slot = slot;
    g->last_gsi = gsi;
    dc_buf_putc(b, '{');
    s_table_name(b, "TableName", slot);
    dc_buf_puts(b, ",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}");
    if (gsi)
        dc_buf_puts(b, ",{\"AttributeName\":\"g\",\"AttributeType\":\"S\"}");
    dc_buf_puts(b, "],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]");
    bool provisioned = s_chance(g, 30);
    if (provisioned)
        dc_buf_printf(b, ",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":%u,\"WriteCapacityUnits\":%u}",
                      1 + s_below(g, 5), 1 + s_below(g, 5));
    else
        dc_buf_puts(b, ",\"BillingMode\":\"PAY_PER_REQUEST\"");
    if (gsi) {
        dc_buf_puts(b, ",\"GlobalSecondaryIndexes\":[{\"IndexName\":\"gsi1\",\"KeySchema\":[{\"AttributeName\":\"g\","
                       "\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}");
        if (provisioned)
            dc_buf_puts(b, ",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":1,\"WriteCapacityUnits\":1}");
        dc_buf_puts(b, "}]");
    }
    /* the settings a restore keeps or drops ([S:restore-inheritance]): the
     * settle's DescribeTable of a restored table, its tags and its TTL show them */
    if (s_chance(g, 25))
        dc_buf_puts(b, ",\"Tags\":[{\"Key\":\"team\",\"Value\":\"explore\"}]");
    if (s_chance(g, 20))
        dc_buf_puts(b, ",\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_IMAGE\"}");
    if (s_chance(g, 15))
        dc_buf_puts(b, ",\"TableClass\":\"STANDARD_INFREQUENT_ACCESS\"");
    if (s_chance(g, 15))
        dc_buf_puts(b, ",\"SSESpecification\":{\"Enabled\":true}");
    if (s_chance(g, 10))
        dc_buf_puts(b, ",\"DeletionProtectionEnabled\":true");
    dc_buf_putc(b, '}');
    s->settle = DC_EX_SETTLE_TABLE;
    s->settle_slot = slot;
}

static void s_item_op(dc_ex_gen *g, const char *op, dc_buf *b)
{
    int slot = s_table_slot(g);
    unsigned key = s_below(g, S_KEYS);
    dc_buf_putc(b, '{');
    s_table_name(b, "TableName", slot);
    if (strcmp(op, "PutItem") == 0) {
        dc_buf_printf(b, ",\"Item\":{\"pk\":{\"S\":\"k%u\"},\"v\":{\"N\":\"%u\"}", key, s_below(g, 1000));
        if (s_chance(g, 50))
            dc_buf_printf(b, ",\"g\":{\"S\":\"g%u\"}", s_below(g, 3));
        dc_buf_putc(b, '}');
    } else if (strcmp(op, "Scan") != 0) {
        dc_buf_printf(b, ",\"Key\":{\"pk\":{\"S\":\"k%u\"}}", key);
        if (strcmp(op, "GetItem") == 0 && s_chance(g, 50))
            dc_buf_puts(b, ",\"ConsistentRead\":true");
    }
    dc_buf_putc(b, '}');
}

static void s_restore_from_backup(dc_ex_gen *g, dc_ex_step *s, dc_buf *b)
{
    int n = s_backup_ref(g);
    int target = s_chance(g, 90) ? s_slot(g, false) : (int)s_below(g, DC_EX_TABLE_SLOTS);
    bool gsi = n < g->nbackups && g->tables[g->backups[n].slot].gsi;
    dc_buf_putc(b, '{');
    s_table_name(b, "TargetTableName", target);
    dc_buf_printf(b, ",\"BackupArn\":\"${B%d}\"", n);
    s_overrides(g, b, gsi);
    dc_buf_putc(b, '}');
    g->last_slot = target;
    g->last_gsi = gsi;
    s->settle = DC_EX_SETTLE_TABLE;
    s->settle_slot = target;
}

static void s_restore_to_point(dc_ex_gen *g, dc_ex_step *s, dc_buf *b)
{
    int src = s_table_slot(g);
    int target = s_chance(g, 90) ? s_slot(g, false) : (int)s_below(g, DC_EX_TABLE_SLOTS);
    const s_table *t = &g->tables[src];
    dc_buf_putc(b, '{');
    s_table_name(b, "SourceTableName", src);
    dc_buf_putc(b, ',');
    s_table_name(b, "TargetTableName", target);
    /* an instant inside the window [enable, now - lag] when there is one */
    int fit[DC_EX_MAX_REFS], n = 0;
    for (int i = 0; i < g->nmarkers; i++)
        if (t->pitr && g->marker_ms[i] > t->pitr_since_ms && g->marker_ms[i] <= g->now_ms - S_LAG_MS)
            fit[n++] = i;
    if (g->nmarkers > 0 && (n == 0 ? s_chance(g, 30) : s_chance(g, 75)))
        dc_buf_printf(b, ",\"RestoreDateTime\":${M%d}",
                      n > 0 && s_chance(g, 90) ? fit[s_below(g, (unsigned)n)] : (int)s_below(g, (unsigned)g->nmarkers));
    else
        dc_buf_puts(b, ",\"UseLatestRestorableTime\":true");
    s_overrides(g, b, t->gsi);
    dc_buf_putc(b, '}');
    g->last_slot = target;
    g->last_gsi = t->gsi;
    s->settle = DC_EX_SETTLE_TABLE;
    s->settle_slot = target;
}

/* The request body of a call step of op (the step's settle and references too). */
static void s_call_body(dc_ex_gen *g, dc_ex_step *s, const char *op, dc_buf *b)
{
    if (strcmp(op, "CreateTable") == 0) {
        s_create_table(g, s, b);
    } else if (strcmp(op, "PutItem") == 0 || strcmp(op, "DeleteItem") == 0 || strcmp(op, "GetItem") == 0 ||
               strcmp(op, "Scan") == 0) {
        s_item_op(g, op, b);
    } else if (strcmp(op, "DeleteTable") == 0 || strcmp(op, "DescribeTable") == 0 ||
               strcmp(op, "DescribeContinuousBackups") == 0) {
        int slot = s_table_slot(g);
        dc_buf_putc(b, '{');
        s_table_name(b, "TableName", slot);
        dc_buf_putc(b, '}');
        g->last_slot = slot;
        if (op[1] == 'e' && op[2] == 'l') {
            s->settle = DC_EX_SETTLE_TABLE_GONE;
            s->settle_slot = slot;
        }
    } else if (strcmp(op, "CreateBackup") == 0) {
        int slot = s_table_slot(g);
        int n = g->nbackups < DC_EX_MAX_REFS ? g->nbackups : DC_EX_MAX_REFS - 1;
        dc_buf_putc(b, '{');
        s_table_name(b, "TableName", slot);
        dc_buf_printf(b, ",\"BackupName\":\"bk%d\"}", n);
        s->backup = n;
        s->settle = DC_EX_SETTLE_BACKUP;
        g->last_slot = slot;
        g->last_backup = n;
    } else if (strcmp(op, "DeleteBackup") == 0 || strcmp(op, "DescribeBackup") == 0) {
        int n = s_backup_ref(g);
        dc_buf_printf(b, "{\"BackupArn\":\"${B%d}\"}", n);
        g->last_backup = n;
    } else if (strcmp(op, "ListBackups") == 0) {
        static const char *const types[] = {"USER", "SYSTEM", "ALL"};
        dc_buf_putc(b, '{');
        s_table_name(b, "TableName", (int)s_below(g, DC_EX_TABLE_SLOTS));
        if (s_chance(g, 50))
            dc_buf_printf(b, ",\"Limit\":%u", 1 + s_below(g, 3));
        if (s_chance(g, 30))
            dc_buf_printf(b, ",\"BackupType\":\"%s\"", types[s_below(g, 3)]);
        /* time bounds at PITR-style instants: the middle of a time step, a
         * second or more from every backup's creation (never on a bound,
         * where the sources disagree, [S:dispute-list-upper-bound]) */
        if (g->nmarkers > 0 && s_chance(g, 30))
            dc_buf_printf(b, ",\"TimeRangeLowerBound\":${M%u}", s_below(g, (unsigned)g->nmarkers));
        if (g->nmarkers > 0 && s_chance(g, 20))
            dc_buf_printf(b, ",\"TimeRangeUpperBound\":${M%u}", s_below(g, (unsigned)g->nmarkers));
        dc_buf_putc(b, '}');
        s->follow_pages = true;
    } else if (strcmp(op, "UpdateContinuousBackups") == 0) {
        int slot = s_table_slot(g);
        g->last_pitr = s_chance(g, 75);
        dc_buf_putc(b, '{');
        s_table_name(b, "TableName", slot);
        dc_buf_printf(b, ",\"PointInTimeRecoverySpecification\":{\"PointInTimeRecoveryEnabled\":%s}}",
                      g->last_pitr ? "true" : "false");
        g->last_slot = slot;
    } else if (strcmp(op, "UpdateTimeToLive") == 0 || strcmp(op, "DescribeTimeToLive") == 0) {
        int slot = s_table_slot(g);
        dc_buf_putc(b, '{');
        s_table_name(b, "TableName", slot);
        if (op[0] == 'U')
            dc_buf_printf(b, ",\"TimeToLiveSpecification\":{\"Enabled\":true,\"AttributeName\":\"ttl%u\"}",
                          s_below(g, 2));
        dc_buf_putc(b, '}');
    } else if (strcmp(op, "TagResource") == 0 || strcmp(op, "ListTagsOfResource") == 0) {
        /* ${T<slot>}: the table's ARN in each side's account */
        dc_buf_printf(b, "{\"ResourceArn\":\"${T%d}\"", s_table_slot(g));
        if (op[0] == 'T')
            dc_buf_printf(b, ",\"Tags\":[{\"Key\":\"k%u\",\"Value\":\"v%u\"}]", s_below(g, 3), s_below(g, 3));
        dc_buf_putc(b, '}');
    } else if (strcmp(op, "RestoreTableFromBackup") == 0) {
        s_restore_from_backup(g, s, b);
    } else {
        s_restore_to_point(g, s, b);
    }
}

void dc_ex_gen_next(dc_ex_gen *g, dc_ex_step *s)
{
    memset(s, 0, sizeof *s);
    s->backup = -1;
    s->marker = -1;
    unsigned r = s_below(g, g->total);
    size_t pick = 0;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_weights); i++) {
        if (!g->allowed[i])
            continue;
        if (r < s_weights[i].weight) {
            pick = i;
            break;
        }
        r -= s_weights[i].weight;
    }
    const char *op = s_weights[pick].op;
    /* no table yet: create one first (the rest would all be "not found") */
    bool any = false;
    for (int i = 0; i < DC_EX_TABLE_SLOTS; i++)
        any = any || g->tables[i].exists;
    if (!any && s_chance(g, 80))
        op = "CreateTable";
    g->last_slot = g->last_src = g->last_backup = -1;
    if (strcmp(op, "(advance)") == 0) {
        /* at least 2 s: the middle instant is then a whole second away from
         * both ends, outside the rounding of EarliestRestorableDateTime to
         * whole seconds [S:response-timestamps] whatever the two clocks' phases */
        static const int64_t steps_ms[] = {2000, 70000, 320000};
        s->kind = DC_EX_STEP_ADVANCE;
        s->op = "(advance)";
        s->advance_ms = steps_ms[s_below(g, 3)];
        s->marker = g->nmarkers < DC_EX_MAX_REFS ? g->nmarkers : DC_EX_MAX_REFS - 1;
        return;
    }
    s->kind = DC_EX_STEP_CALL;
    s->op = op;
    dc_buf b;
    dc_buf_init(&b);
    s_call_body(g, s, op, &b);
    s->body = dc_buf_take(&b);
}

void dc_ex_gen_feedback(dc_ex_gen *g, const dc_ex_step *s, bool ok)
{
    if (s->kind == DC_EX_STEP_ADVANCE) {
        if (g->nmarkers < DC_EX_MAX_REFS)
            g->marker_ms[g->nmarkers++] = g->now_ms + s->advance_ms / 2;
        g->now_ms += s->advance_ms;
        return;
    }
    if (strcmp(s->op, "CreateBackup") == 0 && g->last_backup >= 0 && g->nbackups <= g->last_backup) {
        /* the index is taken whatever the answer: later steps name it */
        g->backups[g->last_backup].exists = ok;
        g->backups[g->last_backup].slot = g->last_slot >= 0 ? g->last_slot : 0;
        g->nbackups = g->last_backup + 1;
        return;
    }
    if (!ok)
        return;
    s_table *t = g->last_slot >= 0 ? &g->tables[g->last_slot] : NULL;
    if (strcmp(s->op, "CreateTable") == 0 && t != NULL) {
        *t = (s_table){.exists = true, .gsi = g->last_gsi};
    } else if ((strcmp(s->op, "RestoreTableFromBackup") == 0 || strcmp(s->op, "RestoreTableToPointInTime") == 0) &&
               t != NULL) {
        *t = (s_table){.exists = true, .gsi = g->last_gsi && !g->last_gsi_dropped};
    } else if (strcmp(s->op, "DeleteTable") == 0 && t != NULL) {
        t->exists = false;
    } else if (strcmp(s->op, "DeleteBackup") == 0 && g->last_backup >= 0 && g->last_backup < g->nbackups) {
        g->backups[g->last_backup].exists = false;
    } else if (strcmp(s->op, "UpdateContinuousBackups") == 0 && t != NULL) {
        if (g->last_pitr && !t->pitr)
            t->pitr_since_ms = g->now_ms;
        t->pitr = g->last_pitr;
    }
}
