/* names.c - the suite's resource-name scheme (see names.h). */
#include "suite/names.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define S_BODY_LEN (DC_UNIQUE_LEN - 4) /* the token without its check */

static bool s_is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

static unsigned s_check(const char *body)
{
    uLong crc = crc32(0L, (const Bytef *)body, (uInt)S_BODY_LEN);
    return (unsigned)(crc & 0xffffu);
}

void dc_run_id_new(char out[DC_RUN_ID_LEN + 1])
{
    unsigned char b[3];
    if (RAND_bytes(b, (int)sizeof b) != 1) {
        /* a weaker id still keeps two runs apart most of the time */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long v = (unsigned long)ts.tv_nsec ^ (unsigned long)ts.tv_sec;
        b[0] = (unsigned char)v;
        b[1] = (unsigned char)(v >> 8);
        b[2] = (unsigned char)(v >> 16);
    }
    snprintf(out, DC_RUN_ID_LEN + 1, "%02x%02x%02x", b[0], b[1], b[2]);
}

bool dc_run_id_valid(const char *id)
{
    return id != NULL && strlen(id) == DC_RUN_ID_LEN && s_is_hex(id, DC_RUN_ID_LEN);
}

void dc_unique_make(const char *run_id, int64_t created, unsigned seq, char out[DC_UNIQUE_LEN + 1])
{
    char body[S_BODY_LEN + 1];
    snprintf(body, sizeof body, DC_UNIQUE_PREFIX "%.6s-%08llx-%04x", run_id,
             (unsigned long long)((uint64_t)created & 0xffffffffu), seq & 0xffffu);
    snprintf(out, DC_UNIQUE_LEN + 1, "%s%04x", body, s_check(body));
}

bool dc_unique_parse(const char *name, size_t len, dc_unique_info *out)
{
    const size_t plen = sizeof DC_UNIQUE_PREFIX - 1;
    if (name == NULL || len < DC_UNIQUE_LEN || memcmp(name, DC_UNIQUE_PREFIX, plen) != 0)
        return false;
    const char *r = name + plen, *t = r + DC_RUN_ID_LEN + 1, *s = t + 9;
    if (r[DC_RUN_ID_LEN] != '-' || t[8] != '-' || !s_is_hex(r, DC_RUN_ID_LEN) || !s_is_hex(t, 8) || !s_is_hex(s, 8))
        return false;
    if (len > DC_UNIQUE_LEN && strchr("-._", name[DC_UNIQUE_LEN]) == NULL)
        return false;
    char body[S_BODY_LEN + 1], check[5];
    memcpy(body, name, S_BODY_LEN);
    body[S_BODY_LEN] = '\0';
    snprintf(check, sizeof check, "%04x", s_check(body));
    if (memcmp(check, name + S_BODY_LEN, 4) != 0)
        return false;
    if (out != NULL) {
        memcpy(out->run_id, r, DC_RUN_ID_LEN);
        out->run_id[DC_RUN_ID_LEN] = '\0';
        unsigned long long tv = 0;
        unsigned sv = 0;
        sscanf(t, "%8llx", &tv);
        sscanf(s, "%4x", &sv);
        out->created = (int64_t)tv;
        out->seq = sv;
    }
    return true;
}
