/* endpoint_env.h - the endpoint, region and credentials of a command that
 * talks to DynamoDB (run, fuzz, explore, sweep): wire/awsenv.h's one rule
 * (flags, then the AWS environment variables), plus what those commands add
 * on top, in one place:
 *   - a command that cannot work without an endpoint refuses to start without
 *     one (run embeds serve instead, so it passes need_endpoint false);
 *   - with no credentials configured they sign with test/test, the keys the
 *     emulators' docs use (an endpoint that checks keys refuses them: the user
 *     then sets real ones). */
#ifndef DC_ENDPOINT_ENV_H
#define DC_ENDPOINT_ENV_H

#include <stdbool.h>

#include "core/common.h"
#include "wire/awsenv.h"

#define DC_CLI_DEFAULT_ACCESS_KEY "test"
#define DC_CLI_DEFAULT_SECRET_KEY "test"

/* Resolves flags against the environment read through lookup (NULL: getenv).
 * out->creds holds the default test keys when none were configured
 * (out->has_credentials says whether they were). Returns 0, or -1 with err
 * one line for "<prog>: <msg>" (a lone key, or no endpoint when need_endpoint);
 * the caller exits with usage (2). */
int dc_endpoint_env_resolve(const dc_aws_env_flags *flags, bool need_endpoint, dc_env_lookup lookup, void *ctx,
                            dc_aws_env *out, dc_err *err);

#endif
