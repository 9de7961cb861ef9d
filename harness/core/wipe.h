/* wipe.h - erasing secrets (secret access keys, signing keys, the bytes they
 * were derived from) so that the erase survives optimization.
 *
 * A memset just before free() or before a stack array goes out of scope is a
 * dead store to the compiler, and -O2 drops it (gcc 12: `secret ={v}
 * {CLOBBER}` instead of the memset). dc_wipe goes through OpenSSL's
 * OPENSSL_cleanse, which the compiler cannot see through; every secret in the
 * harness is wiped with it, one idiom for all. */
#ifndef DC_WIPE_H
#define DC_WIPE_H

#include <stddef.h>

/* Zeroes n bytes at p; p NULL or n 0 does nothing. */
void dc_wipe(void *p, size_t n);

/* Zeroes the text of the NUL-terminated s (strlen(s) bytes; the NUL stays);
 * NULL does nothing. */
void dc_wipe_str(char *s);

/* dc_wipe_str(s), then free(s): for an owned secret string. */
void dc_wipe_free_str(char *s);

#endif
