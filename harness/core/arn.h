/* arn.h - the fields of an ARN, arn:partition:service:region:account:resource,
 * for every layer that reads one: the validator's ARN rules, the reference
 * endpoint's account and region checks, the fuzzer learning its account. */
#ifndef DC_ARN_H
#define DC_ARN_H

#include <stddef.h>

#define DC_ARN_FIELD_MAX 32 /* a partition, service, region or account longer than this does not parse */

typedef struct {
    char partition[DC_ARN_FIELD_MAX];
    char service[DC_ARN_FIELD_MAX];
    char region[DC_ARN_FIELD_MAX];
    char account[DC_ARN_FIELD_MAX];
    const char *resource; /* points into the parsed string, to its end */
    size_t resource_len;
} dc_arn;

/* 0 when s (len bytes) starts with "arn:" and has the four fields above, each
 * ended by ':' (any may be empty); -1 otherwise. Checks nothing of the values. */
int dc_arn_parse(const char *s, size_t len, dc_arn *arn);

#endif
