/* clauses.c - validation-message clause sets (clauses.h). */
#include "suite/clauses.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite/vars.h"

int dc_clauses_parse(const char *msg, size_t len, dc_clause_set *out)
{
    static const char one[] = " validation error detected: ";
    static const char many[] = " validation errors detected: ";
    memset(out, 0, sizeof *out);
    size_t i = 0;
    long count = 0;
    while (i < len && msg[i] >= '0' && msg[i] <= '9' && i < 6)
        count = count * 10 + (msg[i++] - '0');
    if (i == 0)
        return -1;
    size_t skip;
    if (len - i >= sizeof one - 1 && memcmp(msg + i, one, sizeof one - 1) == 0)
        skip = sizeof one - 1;
    else if (len - i >= sizeof many - 1 && memcmp(msg + i, many, sizeof many - 1) == 0)
        skip = sizeof many - 1;
    else
        return -1;
    i += skip;
    out->count = count;
    out->clauses = dc_xcalloc(DC_CLAUSES_MAX, sizeof(char *));
    /* clauses are joined with "; " ([S:validation-grammar]); DYN's own checker splits the same way */
    while (i <= len && out->n < DC_CLAUSES_MAX) {
        size_t j = i;
        for (;;) { /* the next "; " (memchr: messages may echo 64 KiB values) */
            const char *semi = j < len ? memchr(msg + j, ';', len - j) : NULL;
            j = semi != NULL ? (size_t)(semi - msg) : len;
            if (j >= len || (j + 1 < len && msg[j + 1] == ' '))
                break;
            j++;
        }
        out->clauses[out->n++] = dc_xstrndup(msg + i, j - i);
        if (j >= len)
            break;
        i = j + 2;
    }
    return 0;
}

void dc_clause_set_free(dc_clause_set *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        free(cs->clauses[i]);
    free(cs->clauses);
    memset(cs, 0, sizeof *cs);
}

bool dc_clauses_match(const char *const *expected, size_t nexpected, long count, const char *msg, size_t len,
                      const char *path, dc_mismatches *out)
{
    dc_clause_set cs;
    char want[96], got[96];
    if (count < 0)
        count = (long)nexpected;
    if (dc_clauses_parse(msg, len, &cs) != 0) {
        snprintf(want, sizeof want, "\"%ld validation error%s detected: \" and %zu clauses", count,
                 count == 1 ? "" : "s", nexpected);
        dc_mismatches_add(out, path, want, msg);
        return false;
    }
    bool ok = true;
    if (cs.count != count) {
        snprintf(want, sizeof want, "count %ld", count);
        snprintf(got, sizeof got, "count %ld", cs.count);
        dc_buf cp;
        dc_buf_init(&cp);
        dc_buf_puts(&cp, path);
        dc_tmpl_path_key(&cp, "count", 5);
        dc_mismatches_add(out, (const char *)cp.data, want, got);
        dc_buf_free(&cp);
        ok = false;
    }
    bool used[DC_CLAUSES_MAX] = {false};
    for (size_t k = 0; k < nexpected; k++) {
        size_t hit = cs.n;
        for (size_t i = 0; i < cs.n && hit == cs.n; i++)
            if (!used[i] && strcmp(cs.clauses[i], expected[k]) == 0)
                hit = i;
        if (hit == cs.n) {
            dc_mismatches_add(out, path, expected[k], "(clause missing)");
            ok = false;
        } else {
            used[hit] = true;
        }
    }
    for (size_t i = 0; i < cs.n; i++) {
        if (!used[i]) {
            dc_mismatches_add(out, path, "(no such clause)", cs.clauses[i]);
            ok = false;
        }
    }
    dc_clause_set_free(&cs);
    return ok;
}
