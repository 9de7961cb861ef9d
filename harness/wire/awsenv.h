/* awsenv.h - where a command finds the endpoint, the signing region and the
 * credentials: its flags first, then the environment variables the AWS SDKs
 * and CLI read. One resolver, one rule, for run, fuzz and serve (and every
 * later command that talks to or stands in for DynamoDB):
 *
 *   endpoint     flag, else AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL,
 *                else none (the command decides: run embeds serve, fuzz refuses)
 *   region       flag, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1
 *   credentials  each part: flag, else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 *                AWS_SESSION_TOKEN. Both keys or neither: one key alone is a
 *                usage error whose message names the missing variable (never
 *                a value). With neither key there are no credentials (and no
 *                session token); what that means is the command's choice
 *                (run and fuzz sign with test/test, serve checks only the form).
 *
 * An environment variable set to "" counts as not set. Nothing here prints or
 * logs a value: secrets never leave through this module. */
#ifndef DC_AWSENV_H
#define DC_AWSENV_H

#include <stdbool.h>

#include "core/common.h"
#include "wire/sigv4.h"

#define DC_AWS_DEFAULT_REGION "us-east-1"

/* What the command's flags said; NULL = the flag was not given (or the
 * command has no such flag). Borrowed. */
typedef struct {
    const char *endpoint;
    const char *region;
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token;
    /* the names of the key flags, for the message of a lone key (NULL: the
     * command reads keys only from the environment) */
    const char *access_key_flag;
    const char *secret_key_flag;
} dc_aws_env_flags;

/* The result. Every string is borrowed from the flags or from the
 * environment (getenv storage): valid while neither changes. */
typedef struct {
    const char *endpoint;       /* NULL: none given */
    const char *region;         /* never NULL */
    dc_sigv4_credentials creds; /* all NULL: no credentials; else both keys, token optional */
    bool has_credentials;
} dc_aws_env;

/* Reads a variable; NULL when unset. ctx is passed through. */
typedef const char *(*dc_env_lookup)(const char *name, void *ctx);

/* Resolves flags (NULL = none given) against the environment read through
 * lookup (NULL = the process environment, getenv). Returns 0, or -1 with err
 * naming the lone key and the missing variable. */
int dc_aws_env_resolve(const dc_aws_env_flags *flags, dc_env_lookup lookup, void *ctx, dc_aws_env *out, dc_err *err);

#endif
