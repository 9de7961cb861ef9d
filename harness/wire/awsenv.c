/* awsenv.c - endpoint, region and credentials from flags and environment (see awsenv.h). */
#include "wire/awsenv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s_getenv(const char *name, void *ctx)
{
    (void)ctx;
    return getenv(name);
}

/* The flag's value, else the first variable of names that is set and not empty. */
static const char *s_pick(const char *flag, const char *const *names, dc_env_lookup lookup, void *ctx,
                          const char **from)
{
    if (flag != NULL) {
        *from = NULL;
        return flag;
    }
    for (size_t i = 0; names[i] != NULL; i++) {
        const char *v = lookup(names[i], ctx);
        if (v != NULL && *v != '\0') {
            *from = names[i];
            return v;
        }
    }
    *from = NULL;
    return NULL;
}

/* "AWS_SECRET_ACCESS_KEY" or "AWS_SECRET_ACCESS_KEY (or --secret-key)" */
static void s_name(char *out, size_t cap, const char *var, const char *flag)
{
    if (flag != NULL)
        snprintf(out, cap, "%s (or %s)", var, flag);
    else
        snprintf(out, cap, "%s", var);
}

int dc_aws_env_resolve(const dc_aws_env_flags *flags, dc_env_lookup lookup, void *ctx, dc_aws_env *out, dc_err *err)
{
    static const char *const endpoint_vars[] = {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL", NULL};
    static const char *const region_vars[] = {"AWS_REGION", "AWS_DEFAULT_REGION", NULL};
    static const char *const key_vars[] = {"AWS_ACCESS_KEY_ID", NULL};
    static const char *const secret_vars[] = {"AWS_SECRET_ACCESS_KEY", NULL};
    static const char *const token_vars[] = {"AWS_SESSION_TOKEN", NULL};
    static const dc_aws_env_flags none;
    if (flags == NULL)
        flags = &none;
    if (lookup == NULL)
        lookup = s_getenv;
    memset(out, 0, sizeof *out);
    const char *from_key, *from_secret, *unused;
    out->endpoint = s_pick(flags->endpoint, endpoint_vars, lookup, ctx, &unused);
    out->region = s_pick(flags->region, region_vars, lookup, ctx, &unused);
    if (out->region == NULL)
        out->region = DC_AWS_DEFAULT_REGION;
    const char *key = s_pick(flags->access_key_id, key_vars, lookup, ctx, &from_key);
    const char *secret = s_pick(flags->secret_access_key, secret_vars, lookup, ctx, &from_secret);
    if ((key == NULL) != (secret == NULL)) {
        char missing[64];
        const char *have;
        if (key != NULL) {
            have = from_key != NULL ? from_key : flags->access_key_flag;
            s_name(missing, sizeof missing, "AWS_SECRET_ACCESS_KEY", flags->secret_key_flag);
        } else {
            have = from_secret != NULL ? from_secret : flags->secret_key_flag;
            s_name(missing, sizeof missing, "AWS_ACCESS_KEY_ID", flags->access_key_flag);
        }
        return dc_fail(err, "%s is set but %s is not (set both or neither)", have ? have : "one key", missing);
    }
    if (key == NULL)
        return 0;
    out->creds.access_key_id = key;
    out->creds.secret_access_key = secret;
    out->creds.session_token = s_pick(flags->session_token, token_vars, lookup, ctx, &unused);
    out->has_credentials = true;
    return 0;
}
