/* sigv4_internal.h - what signing (sigv4.c) shares with verification
 * (sigv4_verify.c); private to harness/wire/sigv4*.c. */
#ifndef DC_SIGV4_INTERNAL_H
#define DC_SIGV4_INTERNAL_H

#include "core/common.h"
#include "wire/sigv4.h"

/* -1 (err set) when req passes the caps on headers and lengths (sigv4.h). */
int dc_sigv4_check_caps(const dc_sigv4_request *req, dc_err *err);
/* Canonical request, string to sign (its scope into scope) and signature of
 * req for the given date and scope parts, through the thread's key cache. */
int dc_sigv4_compute(const dc_sigv4_request *req, const char *signed_headers, const char *amz_date, const char *secret,
                     const char *region, const char *service, dc_buf *scope, dc_buf *creq, dc_buf *sts,
                     char sig[DC_SIGV4_HEX_LEN + 1], dc_err *err);
/* The first header named lname (lower-case), or NULL. */
const dc_sigv4_header *dc_sigv4_find(const dc_sigv4_request *req, const char *lname);
/* name equals the lower-case lname, ignoring case. */
int dc_sigv4_name_eq(dc_bytes name, const char *lname, size_t lname_len);
/* v without leading and trailing blanks. */
dc_bytes dc_sigv4_trim(dc_bytes v);

#endif
