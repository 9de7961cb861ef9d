/* arn.c - splitting an ARN into its fields (arn.h). */
#include "core/arn.h"

#include <string.h>

int dc_arn_parse(const char *s, size_t len, dc_arn *arn)
{
    memset(arn, 0, sizeof *arn);
    if (len < 4 || memcmp(s, "arn:", 4) != 0)
        return -1;
    const char *p = s + 4, *end = s + len;
    char *fields[4] = {arn->partition, arn->service, arn->region, arn->account};
    for (int i = 0; i < 4; i++) {
        const char *c = memchr(p, ':', (size_t)(end - p));
        if (c == NULL || (size_t)(c - p) >= DC_ARN_FIELD_MAX)
            return -1;
        memcpy(fields[i], p, (size_t)(c - p));
        fields[i][c - p] = '\0';
        p = c + 1;
    }
    arn->resource = p;
    arn->resource_len = (size_t)(end - p);
    return 0;
}
