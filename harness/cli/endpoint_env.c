/* endpoint_env.c - endpoint, region and credentials of a command (see endpoint_env.h). */
#include "cli/endpoint_env.h"

int dc_endpoint_env_resolve(const dc_aws_env_flags *flags, bool need_endpoint, dc_env_lookup lookup, void *ctx,
                            dc_aws_env *out, dc_err *err)
{
    if (dc_aws_env_resolve(flags, lookup, ctx, out, err) != 0)
        return -1;
    if (need_endpoint && out->endpoint == NULL)
        return dc_fail(err, "--endpoint URL is required (or AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL)");
    if (!out->has_credentials) {
        out->creds.access_key_id = DC_CLI_DEFAULT_ACCESS_KEY;
        out->creds.secret_access_key = DC_CLI_DEFAULT_SECRET_KEY;
    }
    return 0;
}
