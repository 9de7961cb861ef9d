/* regex.c - one PCRE2 search (regex.h). */
#include "core/regex.h"

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

int dc_regex_search(const char *pattern, const char *subject, size_t len, bool *matched, dc_err *err)
{
    return dc_regex_search_groups(pattern, subject, len, matched, NULL, NULL, err);
}

/* Each entry of PCRE2's name table: the group number in two bytes, then the
 * NUL-terminated name. */
static int s_named_groups(const pcre2_code *re, const char *subject, pcre2_match_data *md, dc_regex_group_fn group,
                          void *ctx, dc_err *err)
{
    uint32_t count = 0, entry = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR e = table + (size_t)i * entry;
        uint32_t n = (uint32_t)((e[0] << 8) | e[1]);
        if (n >= pairs || ov[2 * n] == PCRE2_UNSET)
            continue;
        if (group((const char *)(e + 2), subject + ov[2 * n], ov[2 * n + 1] - ov[2 * n], ctx, err) != 0)
            return -1;
    }
    return 0;
}

int dc_regex_search_groups(const char *pattern, const char *subject, size_t len, bool *matched, dc_regex_group_fn group,
                           void *ctx, dc_err *err)
{
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode, &erroff, NULL);
    if (re == NULL) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        return dc_fail(err, "regex /%s/ does not compile at offset %zu: %s", pattern, (size_t)erroff,
                       (const char *)msg);
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, 0, md, NULL);
    *matched = rc >= 0;
    int out = 0;
    if (*matched && group != NULL)
        out = s_named_groups(re, subject, md, group, ctx, err);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return out;
}
