/* wipe.c - see wipe.h. */
#include "core/wipe.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

void dc_wipe(void *p, size_t n)
{
    if (p != NULL && n > 0)
        OPENSSL_cleanse(p, n);
}

void dc_wipe_str(char *s)
{
    if (s != NULL)
        dc_wipe(s, strlen(s));
}

void dc_wipe_free_str(char *s)
{
    dc_wipe_str(s);
    free(s);
}
