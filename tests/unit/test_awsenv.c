/* test_awsenv.c - the one resolver of endpoint, region and credentials
 * (wire/awsenv.h): flags over environment, the precedence of the variables,
 * "" as unset, and the one credential rule (both keys or neither); and what
 * the commands that talk to DynamoDB add on top (cli/endpoint_env.h): an
 * endpoint they cannot start without, and the test/test keys when none are
 * configured, never over configured ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/endpoint_env.h"
#include "wire/awsenv.h"

#define S_MAX_VARS 8

typedef struct {
    const char *name;
    const char *env[S_MAX_VARS]; /* "NAME=value", NULL-terminated: the whole environment */
    dc_aws_env_flags flags;
    /* expected; NULL = NULL */
    const char *endpoint, *region, *key, *secret, *token;
    const char *error; /* non-NULL: resolve fails with exactly this message */
} s_row;

static const char *s_lookup(const char *name, void *ctx)
{
    const char *const *env = ctx;
    size_t n = strlen(name);
    for (size_t i = 0; env[i] != NULL; i++)
        if (strncmp(env[i], name, n) == 0 && env[i][n] == '=')
            return env[i] + n + 1;
    return NULL;
}

#define SERVE_FLAGS .access_key_flag = "--access-key", .secret_key_flag = "--secret-key"

static const s_row s_rows[] = {
    {"nothing_set_gives_the_default_region_and_no_credentials", {NULL}, {0}, NULL, "us-east-1", NULL, NULL, NULL, NULL},
    {"dynamodb_endpoint_variable_wins_over_the_generic_one",
     {"AWS_ENDPOINT_URL=http://generic", "AWS_ENDPOINT_URL_DYNAMODB=http://ddb", NULL},
     {0},
     "http://ddb",
     "us-east-1",
     NULL,
     NULL,
     NULL,
     NULL},
    {"generic_endpoint_variable_is_the_fallback",
     {"AWS_ENDPOINT_URL=http://generic", NULL},
     {0},
     "http://generic",
     "us-east-1",
     NULL,
     NULL,
     NULL,
     NULL},
    {"empty_variables_count_as_unset",
     {"AWS_ENDPOINT_URL_DYNAMODB=", "AWS_ENDPOINT_URL=http://generic", "AWS_REGION=", "AWS_DEFAULT_REGION=eu-west-1",
      "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", NULL},
     {0},
     "http://generic",
     "eu-west-1",
     NULL,
     NULL,
     NULL,
     NULL},
    {"aws_region_wins_over_the_default_region",
     {"AWS_REGION=ap-south-1", "AWS_DEFAULT_REGION=eu-west-1", NULL},
     {0},
     NULL,
     "ap-south-1",
     NULL,
     NULL,
     NULL,
     NULL},
    {"flags_override_every_variable",
     {"AWS_ENDPOINT_URL_DYNAMODB=http://ddb", "AWS_REGION=ap-south-1", "AWS_ACCESS_KEY_ID=AKENV",
      "AWS_SECRET_ACCESS_KEY=secret-env", "AWS_SESSION_TOKEN=token-env", NULL},
     {.endpoint = "http://flag",
      .region = "us-west-2",
      .access_key_id = "AKFLAG",
      .secret_access_key = "secret-flag",
      .session_token = "token-flag",
      SERVE_FLAGS},
     "http://flag",
     "us-west-2",
     "AKFLAG",
     "secret-flag",
     "token-flag",
     NULL},
    {"both_keys_and_a_token_from_the_environment",
     {"AWS_ACCESS_KEY_ID=AKENV", "AWS_SECRET_ACCESS_KEY=secret-env", "AWS_SESSION_TOKEN=token-env", NULL},
     {0},
     NULL,
     "us-east-1",
     "AKENV",
     "secret-env",
     "token-env",
     NULL},
    {"a_key_flag_pairs_with_the_secret_variable",
     {"AWS_SECRET_ACCESS_KEY=secret-env", NULL},
     {.access_key_id = "AKFLAG", SERVE_FLAGS},
     NULL,
     "us-east-1",
     "AKFLAG",
     "secret-env",
     NULL,
     NULL},
    {"a_session_token_without_keys_is_dropped",
     {"AWS_SESSION_TOKEN=token-env", NULL},
     {0},
     NULL,
     "us-east-1",
     NULL,
     NULL,
     NULL,
     NULL},
    {"a_lone_access_key_variable_is_an_error_naming_the_secret_variable",
     {"AWS_ACCESS_KEY_ID=AKENV", NULL},
     {0},
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not (set both or neither)"},
    {"a_lone_secret_variable_is_an_error_naming_the_key_variable",
     {"AWS_SECRET_ACCESS_KEY=secret-env", NULL},
     {0},
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not (set both or neither)"},
    {"a_lone_key_flag_is_an_error_naming_variable_and_flag",
     {NULL},
     {.access_key_id = "AKFLAG", SERVE_FLAGS},
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "--access-key is set but AWS_SECRET_ACCESS_KEY (or --secret-key) is not (set both or neither)"},
    {"a_lone_secret_flag_is_an_error_naming_variable_and_flag",
     {NULL},
     {.secret_access_key = "secret-flag", SERVE_FLAGS},
     NULL,
     NULL,
     NULL,
     NULL,
     NULL,
     "--secret-key is set but AWS_ACCESS_KEY_ID (or --access-key) is not (set both or neither)"},
};

static void s_assert_str(const char *row, const char *what, const char *got, const char *want)
{
    if ((got == NULL) != (want == NULL) || (got != NULL && strcmp(got, want) != 0))
        fail_msg("%s: %s: got %s, want %s", row, what, got ? got : "NULL", want ? want : "NULL");
}

static void every_row_resolves_as_the_one_rule_says(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_rows); i++) {
        const s_row *r = &s_rows[i];
        dc_aws_env env;
        dc_err err = {{0}};
        int rc = dc_aws_env_resolve(&r->flags, s_lookup, (void *)r->env, &env, &err);
        if (r->error != NULL) {
            if (rc != -1)
                fail_msg("%s: resolved, want an error", r->name);
            s_assert_str(r->name, "message", err.msg, r->error);
            continue;
        }
        if (rc != 0)
            fail_msg("%s: %s", r->name, err.msg);
        s_assert_str(r->name, "endpoint", env.endpoint, r->endpoint);
        s_assert_str(r->name, "region", env.region, r->region);
        s_assert_str(r->name, "access key id", env.creds.access_key_id, r->key);
        s_assert_str(r->name, "secret access key", env.creds.secret_access_key, r->secret);
        s_assert_str(r->name, "session token", env.creds.session_token, r->token);
        assert_int_equal(env.has_credentials, r->key != NULL);
    }
}

static void error_messages_never_carry_a_value(void **state)
{
    (void)state;
    for (size_t i = 0; i < DC_ARRAY_LEN(s_rows); i++) {
        const s_row *r = &s_rows[i];
        if (r->error == NULL)
            continue;
        dc_aws_env env;
        dc_err err = {{0}};
        assert_int_equal(dc_aws_env_resolve(&r->flags, s_lookup, (void *)r->env, &env, &err), -1);
        static const char *const values[] = {"AKENV", "secret-env", "AKFLAG", "secret-flag"};
        for (size_t k = 0; k < DC_ARRAY_LEN(values); k++)
            if (strstr(err.msg, values[k]) != NULL)
                fail_msg("%s: the message shows a value: %s", r->name, err.msg);
    }
}

static void no_flags_and_no_lookup_read_the_process_environment(void **state)
{
    (void)state;
    assert_int_equal(setenv("AWS_REGION", "sa-east-1", 1), 0);
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    dc_aws_env env;
    assert_int_equal(dc_aws_env_resolve(NULL, NULL, NULL, &env, NULL), 0);
    assert_string_equal(env.region, "sa-east-1");
    assert_false(env.has_credentials);
    unsetenv("AWS_REGION");
}

/* ---- cli/endpoint_env.h ------------------------------------------------------- */

static void no_endpoint_is_refused_naming_the_flag_and_both_variables(void **state)
{
    (void)state;
    const char *env[] = {"AWS_REGION=eu-west-1", NULL};
    dc_aws_env_flags flags = {0};
    dc_aws_env out;
    dc_err err;
    assert_int_equal(dc_endpoint_env_resolve(&flags, true, s_lookup, env, &out, &err), -1);
    assert_string_equal(err.msg, "--endpoint URL is required (or AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL)");
}

static void no_endpoint_is_fine_when_the_command_does_not_need_one(void **state)
{
    (void)state;
    const char *env[] = {NULL};
    dc_aws_env_flags flags = {0};
    dc_aws_env out;
    dc_err err;
    assert_int_equal(dc_endpoint_env_resolve(&flags, false, s_lookup, env, &out, &err), 0);
    assert_null(out.endpoint);
    assert_string_equal(out.region, "us-east-1");
    assert_false(out.has_credentials);
    assert_string_equal(out.creds.access_key_id, "test");
    assert_string_equal(out.creds.secret_access_key, "test");
    assert_null(out.creds.session_token);
}

static void endpoint_from_the_environment_and_no_keys_signs_with_test_test(void **state)
{
    (void)state;
    const char *env[] = {"AWS_ENDPOINT_URL=http://127.0.0.1:8000", NULL};
    dc_aws_env_flags flags = {0};
    dc_aws_env out;
    dc_err err;
    assert_int_equal(dc_endpoint_env_resolve(&flags, true, s_lookup, env, &out, &err), 0);
    assert_string_equal(out.endpoint, "http://127.0.0.1:8000");
    assert_false(out.has_credentials);
    assert_string_equal(out.creds.access_key_id, "test");
    assert_string_equal(out.creds.secret_access_key, "test");
}

static void configured_keys_are_kept_over_the_test_keys(void **state)
{
    (void)state;
    const char *env[] = {"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI",
                         "AWS_SESSION_TOKEN=tok", NULL};
    dc_aws_env_flags flags = {.endpoint = "http://localhost:4566", .region = "ap-south-1"};
    dc_aws_env out;
    dc_err err;
    assert_int_equal(dc_endpoint_env_resolve(&flags, true, s_lookup, env, &out, &err), 0);
    assert_string_equal(out.endpoint, "http://localhost:4566");
    assert_string_equal(out.region, "ap-south-1");
    assert_true(out.has_credentials);
    assert_string_equal(out.creds.access_key_id, "AKIDEXAMPLE");
    assert_string_equal(out.creds.secret_access_key, "wJalrXUtnFEMI");
    assert_string_equal(out.creds.session_token, "tok");
}

static void a_lone_key_is_refused_before_the_endpoint_is_looked_at(void **state)
{
    (void)state;
    const char *env[] = {"AWS_ACCESS_KEY_ID=AKIDEXAMPLE", NULL};
    dc_aws_env_flags flags = {0};
    dc_aws_env out;
    dc_err err;
    assert_int_equal(dc_endpoint_env_resolve(&flags, true, s_lookup, env, &out, &err), -1);
    assert_string_equal(err.msg, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not (set both or neither)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_resolves_as_the_one_rule_says),
        cmocka_unit_test(error_messages_never_carry_a_value),
        cmocka_unit_test(no_flags_and_no_lookup_read_the_process_environment),
        cmocka_unit_test(no_endpoint_is_refused_naming_the_flag_and_both_variables),
        cmocka_unit_test(no_endpoint_is_fine_when_the_command_does_not_need_one),
        cmocka_unit_test(endpoint_from_the_environment_and_no_keys_signs_with_test_test),
        cmocka_unit_test(configured_keys_are_kept_over_the_test_keys),
        cmocka_unit_test(a_lone_key_is_refused_before_the_endpoint_is_looked_at),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
