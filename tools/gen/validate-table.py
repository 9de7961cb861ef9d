#!/usr/bin/env python3
"""tools/gen/validate-table.py - writes tests/data/validate/table.json: request -> expected answer
pairs for the validation core, each citing the fact it rests on (the facts notes' section and source
key: [R] recorded from the real service, [M] model/docs, [E] emulator behaviour that mirrors the
service, [I] inferred). The JSON is what the tests read (tests/unit/test_validate.c, and
tools/gen/cases.py turns its stateless error rows into cases); this file only keeps it short to write.

    tools/gen/validate-table.py            rewrite table.json when it differs
    tools/gen/validate-table.py --check    exit 1 when table.json differs from what this script
                                           writes, is missing, or when another file under tests/data
                                           is marked "generatedBy" this script (an ORPHAN)

An expectation is None (valid: exit 0, no output) or the exact error body. With
"unordered": True the message's clauses ("; "-separated after "detected: ")
are compared as a set, because the service's clause order is not stable
([S:validation-grammar])."""
import sys

import genlib

VAL = "com.amazon.coral.validate#ValidationException"
SER = "com.amazon.coral.service#SerializationException"
PITR_UNAVAILABLE = "com.amazonaws.dynamodb.v20120810#PointInTimeRecoveryUnavailableException"
INVALID_TIME = "com.amazonaws.dynamodb.v20120810#InvalidRestoreTimeException"

ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/01576616366715-b4e58d3a"
ARN_W2 = "arn:aws:dynamodb:us-west-2:123456789012:table/Music/backup/01576616366715-b4e58d3a"
TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Music"

rows = []


def case(name, op, request, expect, fact, context=None, raw=None):
    row = {"name": name, "op": op, "fact": fact}
    if raw is not None:
        row["raw"] = raw
    else:
        row["request"] = request
    if context is not None:
        row["context"] = context
    row["expect"] = expect
    rows.append(row)


def ok(name, op, request, fact, context=None):
    case(name, op, request, None, fact, context)


def val(msg, unordered=False):
    e = {"__type": VAL, "message": msg}
    if unordered:
        e["unordered"] = True
    return e


def clauses(*cs):
    n = len(cs)
    head = "1 validation error detected: " if n == 1 else "%d validation errors detected: " % n
    return val(head + "; ".join(cs), unordered=n > 1)


def cl(value, path, constraint):
    v = "null" if value is None else "'%s'" % value
    return "Value %s at '%s' failed to satisfy constraint: %s" % (v, path, constraint)


def ser(msg=None):
    e = {"__type": SER}
    if msg is not None:
        e["Message"] = msg
    return e


NN = "Member must not be null"
PAT = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"


def ge(n):
    return "Member must have length greater than or equal to %d" % n


def le(n):
    return "Member must have length less than or equal to %d" % n


def vge(n):
    return "Member must have value greater than or equal to %d" % n


def vle(n):
    return "Member must have value less than or equal to %d" % n


def enum(s):
    return "Member must satisfy enum value set: " + s


G = "[S:validation-grammar] [R] DYN, AQ 457 (generic grammar)"
SER_FACT = "[S:processing-order] step 5, [S:error-body] [R] DYN typeError; electricimp test of real AWS ('NUMBER_VALUE cannot be converted to String')"

# ---------------------------------------------------------------- CreateBackup
ok("create_backup_minimal_is_valid", "CreateBackup", {"TableName": "Music", "BackupName": "MusicBackup"}, "[S:model-operations] [M] BC")
ok("create_backup_with_table_arn_is_valid", "CreateBackup", {"TableName": TABLE_ARN, "BackupName": "b01"},
   "[S:model-history] [M] BC 2024-03-20 (TableArn accepted)")
case("create_backup_empty_name_gives_pattern_and_length_clauses", "CreateBackup", {"TableName": "Music", "BackupName": ""},
     clauses(cl("", "backupName", PAT), cl("", "backupName", ge(3))), "[S:validation-texts] [R] AQ (CreateBackup BackupName '')")
case("create_backup_two_char_name_fails_min_length", "CreateBackup", {"TableName": "Music", "BackupName": "ab"},
     clauses(cl("ab", "backupName", ge(3))), G + "; [S:model-scalar-shapes] [M] BackupName min 3")
ok("create_backup_three_char_name_is_valid", "CreateBackup", {"TableName": "Music", "BackupName": "abc"}, "[S:model-scalar-shapes] [M]")
ok("create_backup_255_char_name_is_valid", "CreateBackup", {"TableName": "Music", "BackupName": "b" * 255}, "[S:model-scalar-shapes] [M]")
case("create_backup_256_char_name_fails_max_length", "CreateBackup", {"TableName": "Music", "BackupName": "b" * 256},
     clauses(cl("b" * 256, "backupName", le(255))), G + "; [S:model-scalar-shapes] [M] max 255")
case("create_backup_name_with_space_fails_pattern", "CreateBackup", {"TableName": "Music", "BackupName": "bad name!"},
     clauses(cl("bad name!", "backupName", PAT)), G + "; [S:model-scalar-shapes] [M] pattern")
case("create_backup_short_name_with_bad_char_fails_twice", "CreateBackup", {"TableName": "Music", "BackupName": "a!"},
     clauses(cl("a!", "backupName", PAT), cl("a!", "backupName", ge(3))), G)
ok("create_backup_name_with_dot_dash_underscore_is_valid", "CreateBackup", {"TableName": "Music", "BackupName": "a.b-c_D9"}, "[S:model-scalar-shapes] [M]")
case("create_backup_without_name_reports_null", "CreateBackup", {"TableName": "Music"},
     clauses(cl(None, "backupName", NN)), G)
case("create_backup_empty_object_reports_both_nulls", "CreateBackup", {},
     clauses(cl(None, "tableName", NN), cl(None, "backupName", NN)), G)
case("create_backup_null_value_counts_as_absent", "CreateBackup", {"TableName": None, "BackupName": "abc"},
     clauses(cl(None, "tableName", NN)), G + "; JSON null = absent [E] dynalite checkTypes")
case("create_backup_lowercase_key_is_an_unknown_member", "CreateBackup", {"tablename": "Music", "BackupName": "abc"},
     clauses(cl(None, "tableName", NN)), "[S:wire-request] member names are exact-case [M] SPEC awsJson1_0 [I]")
case("create_backup_empty_table_name_held_to_table_name_rules", "CreateBackup", {"TableName": "", "BackupName": "abc"},
     clauses(cl("", "tableName", ge(3)), cl("", "tableName", PAT)), "[S:validation-texts] setup-op texts (DescribeTable '' 2026) [R] AQ 457; [S:dispute-table-name-text]")
case("create_backup_two_char_table_name_fails_min_length", "CreateBackup", {"TableName": "ab", "BackupName": "abc"},
     clauses(cl("ab", "tableName", ge(3))), "[S:dispute-table-name-text] [R] AQ (plain names still need length >= 3)")
case("create_backup_bad_table_name_fails_pattern", "CreateBackup", {"TableName": "abc;", "BackupName": "abc"},
     clauses(cl("abc;", "tableName", PAT)), "[S:validation-texts] [R] AQ 457 ('abc;')")
case("create_backup_table_arn_with_bad_region", "CreateBackup",
     {"TableName": "arn:aws:dynamodb:nowhere:123456789012:table/Music", "BackupName": "abc"},
     val("1 validation error detected: Invalid AWS region in 'arn:aws:dynamodb:nowhere:123456789012:table/Music'"),
     "[S:validation-texts] last row [R] AQ")
case("create_backup_table_arn_with_bad_partition", "CreateBackup",
     {"TableName": "arn:nope:dynamodb:us-east-1:123456789012:table/Music", "BackupName": "abc"},
     val("1 validation error detected: Invalid AWS partition in 'arn:nope:dynamodb:us-east-1:123456789012:table/Music'"),
     "[S:validation-texts] last row [R] AQ")
case("create_backup_table_arn_with_bad_resource_type", "CreateBackup",
     {"TableName": "arn:aws:dynamodb:us-east-1:123456789012:stream/Music", "BackupName": "abc"},
     val("1 validation error detected: Invalid resource type in 'arn:aws:dynamodb:us-east-1:123456789012:stream/Music'"),
     "[S:validation-texts] last row [R] AQ")
case("create_backup_table_arn_over_1024_chars_fails_max", "CreateBackup",
     {"TableName": "arn:aws:dynamodb:us-east-1:123456789012:table/" + "t" * 980, "BackupName": "abc"},
     clauses(cl("arn:aws:dynamodb:us-east-1:123456789012:table/" + "t" * 980, "tableName", le(1024))),
     "[S:model-scalar-shapes] [M] TableArn max 1024")
case("create_backup_number_for_table_name_is_a_serialization_error", "CreateBackup", {"TableName": 123, "BackupName": "abc"},
     ser("NUMBER_VALUE cannot be converted to String"), SER_FACT)
case("create_backup_boolean_for_name_is_a_serialization_error", "CreateBackup", {"TableName": "Music", "BackupName": True},
     ser("BOOLEAN_VALUE cannot be converted to String"), SER_FACT + " [I] token name for booleans")
case("create_backup_object_for_name_is_a_serialization_error", "CreateBackup", {"TableName": "Music", "BackupName": {}},
     ser("Start of structure or map found where not expected."), "[S:error-body] moto test_put_item__string_as_integer_value (recorded AWS text) [R]")
case("create_backup_array_for_name_is_a_serialization_error", "CreateBackup", {"TableName": "Music", "BackupName": []},
     ser("Start of list found where not expected"), "[S:error-body] dynalite typeError [E]")
case("create_backup_malformed_json_is_a_bare_serialization_error", "CreateBackup", None, ser(),
     "[S:processing-order] step 2 [R] DYN", raw='{"TableName":"Music",')
case("create_backup_empty_body_is_a_bare_serialization_error", "CreateBackup", None, ser(),
     "[S:wire-request] [R] DYN listTables 'should return 400 if no body'", raw="")
case("create_backup_array_body_is_a_bare_serialization_error", "CreateBackup", None, ser(),
     "[S:processing-order] step 2 [I] (non-object top level)", raw="[]")
case("create_backup_trailing_garbage_is_a_bare_serialization_error", "CreateBackup", None, ser(),
     "[S:processing-order] step 2 [R] DYN", raw='{"TableName":"Music","BackupName":"abc"} x')
ok("create_backup_unknown_member_is_ignored", "CreateBackup", {"TableName": "Music", "BackupName": "abc", "Foo": 1},
   "[S:emu-reference-probes] R13: unknown members are accepted [E] dynalite/DDB Local; [I] for AWS")

# --------------------------------------------------- DescribeBackup / DeleteBackup
for op in ("DescribeBackup", "DeleteBackup"):
    o = op.lower().replace("backup", "_backup")
    ok(o + "_with_well_formed_arn_is_valid", op, {"BackupArn": ARN}, "[S:backup-lifecycle] ARN format [R] CLI examples")
    case(o + "_empty_arn_is_invalid_backup_arn", op, {"BackupArn": ""}, val("Invalid Backup ARN"), "[S:validation-texts] [R] AQ (DescribeBackup BackupArn '')")
    case(o + "_table_arn_is_invalid_backup_arn", op, {"BackupArn": TABLE_ARN}, val("Invalid Backup ARN"), "[S:validation-texts] [R] AQ 273")
    case(o + "_48_char_non_arn_is_invalid_backup_arn", op, {"BackupArn": "x" * 48}, val("Invalid Backup ARN"), "[S:validation-texts] [R] AQ")
    case(o + "_without_arn_reports_null", op, {}, clauses(cl(None, "backupArn", NN)), G)
    case(o + "_unknown_region_is_not_valid", op, {"BackupArn": ARN.replace("us-east-1", "moon")},
         val("BackupArn is not valid"), "[S:validation-texts] [R] AQ (unknown region/partition/service)")
    case(o + "_unknown_partition_is_not_valid", op, {"BackupArn": ARN.replace("arn:aws:", "arn:nope:")},
         val("BackupArn is not valid"), "[S:validation-texts] [R] AQ")
    case(o + "_other_service_is_not_valid", op, {"BackupArn": ARN.replace(":dynamodb:", ":s3:")},
         val("BackupArn is not valid"), "[S:validation-texts] [R] AQ")
    case(o + "_number_arn_is_a_serialization_error", op, {"BackupArn": 5}, ser("NUMBER_VALUE cannot be converted to String"), SER_FACT)
    case(o + "_arn_over_1024_chars_fails_max", op, {"BackupArn": ARN + "x" * 960}, clauses(cl(ARN + "x" * 960, "backupArn", le(1024))),
         "[S:model-operations] [M] BackupArn max 1024")
case("describe_backup_arn_with_bad_suffix_is_invalid", "DescribeBackup", {"BackupArn": ARN[:-8] + "B4E58D3A"},
     val("Invalid Backup ARN"), "[S:backup-lifecycle] ARN grammar (8 lowercase hex) [R]; answer for uppercase [I]")
case("describe_backup_arn_with_short_account_is_invalid", "DescribeBackup", {"BackupArn": ARN.replace("123456789012", "1234")},
     val("Invalid Backup ARN"), "[S:backup-lifecycle] ARN grammar [R]; answer [I]")
ok("describe_backup_arn_of_another_region_is_well_formed", "DescribeBackup", {"BackupArn": ARN_W2},
   "[S:backup-lifecycle]: Describe/DeleteBackup ignore the region component [R] AQ 012")

# Accounts ([S:semantic-error-texts], [S:backup-lifecycle] [R] AQ 012, [S:restore-from-backup] AQ 273): the caller's account comes from the context.
ME = {"account": "123456789012"}
OTHER_ARN = ARN.replace("123456789012", "111122223333")
DENIED = {"__type": "com.amazon.coral.service#AccessDeniedException", "Message": "Access is denied"}
AF = "[S:backup-lifecycle] ARN matching [R] AQ 012; [S:semantic-error-texts] 'Access is denied', [S:error-body] 'Message' [R]"
for o, op in (("describe_backup", "DescribeBackup"), ("delete_backup", "DeleteBackup")):
    case(o + "_of_another_account_is_access_denied", op, {"BackupArn": OTHER_ARN}, DENIED, AF, ME)
    case(o + "_with_an_empty_region_is_access_denied", op, {"BackupArn": ARN.replace(":us-east-1:", "::")}, DENIED, AF, ME)
ok("describe_backup_of_the_callers_account_in_another_region_is_valid", "DescribeBackup", {"BackupArn": ARN_W2},
   "[S:backup-lifecycle]: the region component is ignored, only the account decides [R] AQ 012", ME)
ok("describe_backup_of_another_account_without_context_is_not_judged", "DescribeBackup", {"BackupArn": OTHER_ARN},
   "[S:rule-missing-context]: rules whose context is missing are not checked")
case("describe_backup_of_another_account_with_unknown_region_is_not_valid", "DescribeBackup",
     {"BackupArn": OTHER_ARN.replace(":us-east-1:", ":moon:")}, val("BackupArn is not valid"),
     "[S:validation-texts], [S:backup-lifecycle] [R] AQ 012 (each answer alone); which comes first when both apply [I]", ME)

SYS_CTX = {"backup": {"BackupDetails": {"BackupArn": "arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/01791502292805-00000000",
                                        "BackupName": "Music$DeletedTableBackup", "BackupStatus": "AVAILABLE", "BackupType": "SYSTEM",
                                        "BackupCreationDateTime": 1791502292.805, "BackupExpiryDateTime": 1794526292.805}}}
case("delete_backup_of_a_system_backup_is_refused", "DeleteBackup",
     {"BackupArn": "arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/01791502292805-00000000"},
     val("Invalid Request: User is not allowed to delete the system backup with arn "
         "arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/01791502292805-00000000. It will automatically expire on "
         "2026-11-12T23:31:32Z"),
     "[S:validation-texts], [S:backup-lifecycle] [R] AQ 015/167 (text recorded up to 'expire on'; the date format after it [I])", SYS_CTX)
ok("delete_backup_of_a_user_backup_with_context_is_valid", "DeleteBackup", {"BackupArn": ARN},
   "[S:backup-lifecycle] [R] AQ 005", {"backup": {"BackupDetails": {"BackupArn": ARN, "BackupName": "bk", "BackupStatus": "AVAILABLE",
                                                           "BackupType": "USER", "BackupCreationDateTime": 1576616366.715}}})

# ------------------------------------------------------------------ ListBackups
LB = "ListBackups"
ok("list_backups_empty_request_is_valid", LB, {}, "[S:model-operations] [M] (no required members)")
case("list_backups_limit_zero_fails_min", LB, {"Limit": 0}, clauses(cl("0", "limit", vge(1))), "[S:validation-texts] [R] AQ (ListBackups Limit:0)")
case("list_backups_limit_101_fails_max", LB, {"Limit": 101}, clauses(cl("101", "limit", vle(100))), "[S:validation-texts] [R] (ListTables text, DYN)")
ok("list_backups_limit_one_is_valid", LB, {"Limit": 1}, "[S:model-operations] [M] 1..100")
ok("list_backups_limit_100_is_valid", LB, {"Limit": 100}, "[S:model-operations] [M] 1..100")
case("list_backups_negative_limit_fails_min", LB, {"Limit": -1}, clauses(cl("-1", "limit", vge(1))), G)
case("list_backups_string_limit_is_a_serialization_error", LB, {"Limit": "5"}, ser("STRING_VALUE cannot be converted to Integer"),
     "[S:emu-reference-probes] R12 [E] dynalite 4.0.0 (mirrors AWS)")
ok("list_backups_fractional_limit_is_truncated", LB, {"Limit": 1.5}, "dynalite checkType floors integers [E]")
case("list_backups_fraction_below_one_truncates_to_zero", LB, {"Limit": 0.5}, clauses(cl("0", "limit", vge(1))), "[S:java-number-binding] dynalite [E]")
case("list_backups_limit_beyond_int32_is_a_serialization_error", LB, {"Limit": 3000000000},
     ser("NUMBER_VALUE cannot be converted to Integer"), "[S:java-number-binding] Java Integer binding [I]")
case("list_backups_unknown_backup_type_fails_enum", LB, {"BackupType": "BOGUS"},
     clauses(cl("BOGUS", "backupType", enum("[USER, SYSTEM, AWS_BACKUP, ALL]"))), "[S:validation-texts] [R] enum error; [S:enum-order] order unrecorded (model order)")
case("list_backups_lowercase_backup_type_fails_enum", LB, {"BackupType": "user"},
     clauses(cl("user", "backupType", enum("[USER, SYSTEM, AWS_BACKUP, ALL]"))), "[S:validation-texts] [R] ('user')")
for t in ("USER", "SYSTEM", "AWS_BACKUP", "ALL"):
    ok("list_backups_backup_type_%s_is_valid" % t.lower(), LB, {"BackupType": t}, "[S:model-scalar-shapes] [M] BackupTypeFilter")
case("list_backups_lower_bound_after_upper_is_rejected", LB, {"TimeRangeLowerBound": 1700000100, "TimeRangeUpperBound": 1700000000},
     val("One or more parameter values were invalid: Time range lower bound must be less than or equal to upper bound"), "[S:validation-texts] [R] AQ 014")
ok("list_backups_equal_bounds_are_valid", LB, {"TimeRangeLowerBound": 1700000000, "TimeRangeUpperBound": 1700000000}, "[S:list-backups-rules] [R] AQ 014 (lower <= upper)")
ok("list_backups_epoch_zero_to_future_is_valid", LB, {"TimeRangeLowerBound": 0, "TimeRangeUpperBound": 4102444800}, "[S:list-backups-rules] [R] AQ 014")
ok("list_backups_java_notation_timestamp_is_valid", LB, {"TimeRangeLowerBound": 1.584532379393E9}, "[S:response-timestamps] [R] (E9 exponents)")
case("list_backups_string_time_bound_is_a_serialization_error", LB, {"TimeRangeLowerBound": "2020-01-01"},
     ser("STRING_VALUE cannot be converted to Date"), "[S:wire-request]: ISO strings unverified [I]")
case("list_backups_two_char_table_name_fails_min_length", LB, {"TableName": "ab"}, clauses(cl("ab", "tableName", ge(3))), "[S:dispute-table-name-text] [R]")
case("list_backups_limit_and_type_errors_are_both_reported", LB, {"Limit": 0, "BackupType": "X"},
     clauses(cl("0", "limit", vge(1)), cl("X", "backupType", enum("[USER, SYSTEM, AWS_BACKUP, ALL]"))), G + " (clauses unordered)")
ok("list_backups_start_arn_of_deleted_backup_is_a_cursor", LB, {"ExclusiveStartBackupArn": ARN}, "[S:list-backups-rules] [R] AQ 014")
case("list_backups_start_arn_of_another_region_is_refused", LB, {"ExclusiveStartBackupArn": ARN_W2},
     val("Invalid Request: The supplied ExclusiveStartBackupArn does not match the region"),
     "[S:validation-texts], [S:list-backups-rules] (region-swapped cursor) [R] AQ 014/012", {"region": "us-east-1"})
ok("list_backups_start_arn_of_the_endpoints_region_is_a_cursor", LB, {"ExclusiveStartBackupArn": ARN},
   "[S:list-backups-rules] [R] AQ 014", {"region": "us-east-1"})

# ------------------------------------------------------- RestoreTableFromBackup
RB = "RestoreTableFromBackup"
GSI1 = {"IndexName": "gsi1", "KeySchema": [{"AttributeName": "gsk", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
GSI1_PT = dict(GSI1, ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
LSI1 = {"IndexName": "lsi1", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsk", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}


def backup_ctx(billing):
    pt = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5} if billing == "PROVISIONED" else {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    return {"region": "us-east-1", "backup": {
        "BackupDetails": {"BackupArn": ARN, "BackupName": "bk", "BackupStatus": "AVAILABLE", "BackupType": "USER",
                          "BackupCreationDateTime": 1576616366.715},
        "SourceTableDetails": {"TableName": "Music", "TableId": "b0c04bcc-309b-4352-b2ae-9088af169fe2",
                               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                               "TableCreationDateTime": 1576615228.571, "ProvisionedThroughput": pt, "BillingMode": billing},
        "SourceTableFeatureDetails": {"GlobalSecondaryIndexes": [dict(GSI1_PT) if billing == "PROVISIONED" else dict(GSI1)],
                                      "LocalSecondaryIndexes": [LSI1]}}}


PROV = backup_ctx("PROVISIONED")
PPR = backup_ctx("PAY_PER_REQUEST")
R = {"TargetTableName": "Restored", "BackupArn": ARN}


def rb(**kw):
    d = dict(R)
    d.update(kw)
    return d


O = "[S:validation-texts], [S:restore-from-backup] [R] AQ 273/279/280/281"
ok("restore_minimal_request_is_valid", RB, R, "[S:model-operations] [M]")
ok("restore_minimal_request_with_context_is_valid", RB, R, "[S:restore-from-backup] [R] (absent overrides keep everything)", PROV)
case("restore_from_another_accounts_backup_is_access_denied", RB, rb(BackupArn=OTHER_ARN), DENIED,
     "[S:restore-from-backup] ('other account -> AccessDeniedException') [R] AQ 273; [S:semantic-error-texts] 'Access is denied' [R]", dict(PROV, **ME))
case("restore_empty_target_name_gets_the_legacy_text", RB, rb(TargetTableName=""),
     val("TableName must be at least 3 characters long and at most 255 characters long"), "[S:validation-texts] [R] AQ (TargetTableName '')")
case("restore_target_name_with_space_fails_pattern", RB, rb(TargetTableName="bad name!"),
     clauses(cl("bad name!", "targetTableName", PAT)), "[S:validation-texts] [R] AQ ('bad name!')")
case("restore_two_char_target_name_fails_min_length", RB, rb(TargetTableName="ab"),
     clauses(cl("ab", "targetTableName", ge(3))), G + "; [S:model-scalar-shapes] [M]")
case("restore_256_char_target_name_fails_max_length", RB, rb(TargetTableName="t" * 256),
     clauses(cl("t" * 256, "targetTableName", le(255))), G)
case("restore_empty_object_reports_both_nulls", RB, {},
     clauses(cl(None, "targetTableName", NN), cl(None, "backupArn", NN)), G)
case("restore_empty_backup_arn_is_invalid_backup_arn", RB, rb(BackupArn=""), val("Invalid Backup ARN"), "[S:validation-texts] [R] AQ")
case("restore_table_arn_as_backup_arn_is_invalid", RB, rb(BackupArn=TABLE_ARN), val("Invalid Backup ARN"), "[S:restore-from-backup] [R] AQ 273")
case("restore_empty_billing_mode_fails_enum", RB, rb(BillingModeOverride=""),
     clauses(cl("", "billingModeOverride", enum("[PROVISIONED, PAY_PER_REQUEST]"))), "[S:validation-texts] [R] AQ 457")
case("restore_unknown_billing_mode_fails_enum", RB, rb(BillingModeOverride="BOGUS"),
     clauses(cl("BOGUS", "billingModeOverride", enum("[PROVISIONED, PAY_PER_REQUEST]"))), "[S:validation-texts] [R] AQ 457")
case("restore_lowercase_billing_mode_fails_enum", RB, rb(BillingModeOverride="provisioned"),
     clauses(cl("provisioned", "billingModeOverride", enum("[PROVISIONED, PAY_PER_REQUEST]"))), "[S:validation-texts] [R] (enum is exact-case)")
case("restore_empty_throughput_override_reports_both_units", RB, rb(ProvisionedThroughputOverride={}),
     clauses(cl(None, "provisionedThroughputOverride.writeCapacityUnits", NN), cl(None, "provisionedThroughputOverride.readCapacityUnits", NN)),
     "[S:validation-texts] [R] AQ (ProvisionedThroughputOverride {})")
case("restore_zero_read_capacity_fails_min", RB, rb(ProvisionedThroughputOverride={"ReadCapacityUnits": 0, "WriteCapacityUnits": 5}),
     clauses(cl("0", "provisionedThroughputOverride.readCapacityUnits", vge(1))), G + "; [S:model-scalar-shapes] PositiveLongObject min 1 [M]")
case("restore_read_capacity_beyond_long_is_a_serialization_error", RB,
     rb(ProvisionedThroughputOverride={"ReadCapacityUnits": 9223372036854775808, "WriteCapacityUnits": 5}),
     ser("NUMBER_VALUE cannot be converted to Long"), "[S:java-number-binding] Java Long binding [I]")
case("restore_string_read_capacity_is_a_serialization_error", RB,
     rb(ProvisionedThroughputOverride={"ReadCapacityUnits": "5", "WriteCapacityUnits": 5}),
     ser("STRING_VALUE cannot be converted to Long"), "[S:emu-reference-probes] R12 [E] (STRING_VALUE ... Integer) by analogy")
case("restore_empty_gsi_entry_reports_three_nulls", RB, rb(GlobalSecondaryIndexOverride=[{}]),
     clauses(cl(None, "globalSecondaryIndexOverride.1.member.indexName", NN), cl(None, "globalSecondaryIndexOverride.1.member.keySchema", NN),
             cl(None, "globalSecondaryIndexOverride.1.member.projection", NN)), "[S:validation-texts] [R] AQ (GSI override [{}])")
case("restore_gsi_entry_with_short_name_reports_three_clauses", RB, rb(GlobalSecondaryIndexOverride=[{"IndexName": "x"}]),
     clauses(cl("x", "globalSecondaryIndexOverride.1.member.indexName", ge(3)), cl(None, "globalSecondaryIndexOverride.1.member.keySchema", NN),
             cl(None, "globalSecondaryIndexOverride.1.member.projection", NN)), "[S:validation-texts] [R] AQ (GSI override [{IndexName:'x'}])")
case("restore_second_lsi_entry_paths_use_index_two", RB, rb(LocalSecondaryIndexOverride=[LSI1, {"IndexName": "lsi2", "Projection": {"ProjectionType": "ALL"}}]),
     clauses(cl(None, "localSecondaryIndexOverride.2.member.keySchema", NN)), "[S:validation-grammar] path convention [R] AQ 457")
ok("restore_with_empty_gsi_override_drops_all_indexes", RB, rb(GlobalSecondaryIndexOverride=[]), O + " ([] drops all)", PROV)
ok("restore_with_empty_lsi_override_drops_all_indexes", RB, rb(LocalSecondaryIndexOverride=[]), O, PROV)
ok("restore_renaming_a_matching_gsi_is_valid", RB, rb(GlobalSecondaryIndexOverride=[dict(GSI1_PT, IndexName="renamed")]), O + " (rename)", PROV)
ok("restore_keeping_the_matching_lsi_is_valid", RB, rb(LocalSecondaryIndexOverride=[LSI1]), O, PROV)
case("restore_gsi_with_other_key_is_not_in_source", RB,
     rb(GlobalSecondaryIndexOverride=[dict(GSI1_PT, IndexName="newidx", KeySchema=[{"AttributeName": "other", "KeyType": "HASH"}])]),
     val("Invalid Request: Index newidx does not match a secondary index that existed in the source table and cannot be created during the restore operation"),
     O, PROV)
case("restore_gsi_with_other_projection_is_not_in_source", RB,
     rb(GlobalSecondaryIndexOverride=[dict(GSI1_PT, Projection={"ProjectionType": "KEYS_ONLY"})]),
     val("Invalid Request: Index gsi1 does not match a secondary index that existed in the source table and cannot be created during the restore operation"),
     O, PROV)
case("restore_lsi_with_other_range_key_is_not_in_source", RB,
     rb(LocalSecondaryIndexOverride=[dict(LSI1, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "zz", "KeyType": "RANGE"}])]),
     val("Invalid Request: Index lsi1 does not match a secondary index that existed in the source table and cannot be created during the restore operation"),
     O, PROV)
# vector indexes (model 2026-08-04): the override must match a recorded vector index ([S:model-vector-indexes] [M]);
# whole definition, name included, and the GSI/LSI text are [S:vector-override-unrecorded] [I]
VIX1 = {"IndexName": "vix1", "VectorAttribute": {"AttributeName": "emb"}, "Dimensions": 3, "DistanceFunction": "COSINE",
        "Projection": {"ProjectionType": "KEYS_ONLY"}}
VCTX = backup_ctx("PAY_PER_REQUEST")
VCTX["backup"]["SourceTableFeatureDetails"]["VectorIndexes"] = [VIX1]
V = "[S:model-vector-indexes] [M]; [S:vector-override-unrecorded] [I]"
ok("restore_keeping_the_recorded_vector_index_is_valid", RB, rb(VectorIndexOverride=[VIX1]), V, VCTX)
ok("restore_with_empty_vector_override_is_valid", RB, rb(VectorIndexOverride=[]), V, VCTX)
case("restore_vector_index_with_other_dimensions_is_not_in_source", RB, rb(VectorIndexOverride=[dict(VIX1, Dimensions=4)]),
     val("Invalid Request: Index vix1 does not match a secondary index that existed in the source table and cannot be created during the restore operation"),
     V, VCTX)
case("restore_vector_index_the_backup_lacks_is_not_in_source", RB, rb(VectorIndexOverride=[dict(VIX1, IndexName="vix9")]),
     val("Invalid Request: Index vix9 does not match a secondary index that existed in the source table and cannot be created during the restore operation"),
     V, PPR)
case("restore_gsi_override_without_throughput_on_provisioned_source", RB, rb(GlobalSecondaryIndexOverride=[GSI1]),
     val("Must specify provisioned throughput for index gsi1"), O, PROV)
ok("restore_gsi_override_without_throughput_on_on_demand_source", RB, rb(GlobalSecondaryIndexOverride=[GSI1]), O, PPR)
case("restore_on_demand_backup_to_provisioned_needs_a_gsi_override", RB,
     rb(BillingModeOverride="PROVISIONED", ProvisionedThroughputOverride={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}),
     val("One or more parameter values were invalid: GlobalSecondaryIndexOverride must be specified for index: gsi1 "
         "when BillingModeOverride is PROVISIONED"),
     "[S:gsi-override-to-provisioned] [I] ExtendDB tests/test_backup_restore_fidelity.py @a0fe48c4 (dual-target claim, no raw output; unverified)", PPR)
case("restore_provisioned_override_needs_throughput", RB, rb(BillingModeOverride="PROVISIONED"),
     val("Invalid Request: Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED"), O)
case("restore_on_demand_override_refuses_throughput", RB,
     rb(BillingModeOverride="PAY_PER_REQUEST", ProvisionedThroughputOverride={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}),
     val("Invalid Request: Cannot override ProvisionedThroughput if BillingMode is overridden to PAY_PER_REQUEST"), O)
case("restore_throughput_on_on_demand_backup_needs_provisioned", RB,
     rb(ProvisionedThroughputOverride={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}),
     val("Invalid Request: Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED"), O, PPR)
ok("restore_throughput_on_provisioned_backup_is_valid", RB, rb(ProvisionedThroughputOverride={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3}), O, PROV)
ok("restore_throughput_without_context_is_not_judged", RB, rb(ProvisionedThroughputOverride={"ReadCapacityUnits": 7, "WriteCapacityUnits": 3}),
   "[S:rule-missing-context]: rules whose context is missing are not checked")
ok("restore_provisioned_override_with_throughput_on_on_demand_backup", RB,
   rb(BillingModeOverride="PROVISIONED", ProvisionedThroughputOverride={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
      GlobalSecondaryIndexOverride=[GSI1_PT]), O, PPR)
case("restore_on_demand_override_on_provisioned_backup", RB,
     rb(OnDemandThroughputOverride={"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 100}),
     val("Cannot override MaxReadRequestUnits for OnDemandThroughput unless BillingModeOverride is PAY_PER_REQUEST"), O, PROV)
case("restore_on_demand_zero_units_are_out_of_range", RB,
     rb(OnDemandThroughputOverride={"MaxReadRequestUnits": 0, "MaxWriteRequestUnits": 0}),
     val("Invalid Request: Requested MaxReadRequestUnits for OnDemandThroughput is outside of valid range"), O, PPR)
ok("restore_on_demand_with_pay_per_request_override_is_valid", RB,
   rb(BillingModeOverride="PAY_PER_REQUEST", OnDemandThroughputOverride={"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 100}), O, PROV)
ok("restore_on_demand_unlimited_is_valid", RB, rb(OnDemandThroughputOverride={"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1}),
   "[S:restore-from-backup] [I] (-1 = no maximum)", PPR)
case("restore_cross_region_backup_needs_sse_override", RB, rb(BackupArn=ARN_W2),
     val("Invalid Request: sseSpecificationOverride must be provided for cross-region restores"), "[S:validation-texts], [S:restore-from-backup] [R] AQ 274", PROV)
ok("restore_cross_region_backup_with_sse_override_is_valid", RB, rb(BackupArn=ARN_W2, SSESpecificationOverride={}), "[S:restore-from-backup] [R] AQ 274 ({} -> 200)", PROV)
ok("restore_same_region_backup_needs_no_sse_override", RB, R, "[S:restore-from-backup] [R]", PROV)
case("restore_empty_kms_key_fails_min_length", RB, rb(SSESpecificationOverride={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": ""}),
     clauses(cl("", "sSESpecificationOverride.kMSMasterKeyId", ge(1))), "[S:validation-texts] [R] AQ 457")
case("restore_unknown_sse_type_fails_enum", RB, rb(SSESpecificationOverride={"SSEType": "BOGUS"}),
     clauses(cl("BOGUS", "sSESpecificationOverride.sSEType", enum("[AES256, KMS]"))), G + "; [S:enum-order] order unrecorded (model order)")
case("restore_string_sse_enabled_is_a_serialization_error", RB, rb(SSESpecificationOverride={"Enabled": "yes"}),
     ser("STRING_VALUE cannot be converted to Boolean"), SER_FACT + " [I] for booleans")
case("restore_gsi_with_empty_key_schema_fails_min_length", RB,
     rb(GlobalSecondaryIndexOverride=[dict(GSI1_PT, KeySchema=[])]),
     clauses(cl("[]", "globalSecondaryIndexOverride.1.member.keySchema", ge(1))), "[S:validation-grammar] [R] ('[]' rendering) AQ 457")
case("restore_gsi_with_empty_non_key_attributes_fails_min_length", RB,
     rb(GlobalSecondaryIndexOverride=[dict(GSI1_PT, Projection={"ProjectionType": "INCLUDE", "NonKeyAttributes": []})]),
     clauses(cl("[]", "globalSecondaryIndexOverride.1.member.projection.nonKeyAttributes", ge(1))), G)
case("restore_gsi_with_unknown_projection_type_fails_enum", RB,
     rb(GlobalSecondaryIndexOverride=[dict(GSI1_PT, Projection={"ProjectionType": "SOME"})]),
     clauses(cl("SOME", "globalSecondaryIndexOverride.1.member.projection.projectionType", enum("[ALL, KEYS_ONLY, INCLUDE]"))), G)
case("restore_gsi_with_unknown_key_type_fails_enum", RB,
     rb(GlobalSecondaryIndexOverride=[dict(GSI1_PT, KeySchema=[{"AttributeName": "gsk", "KeyType": "PRIMARY"}])]),
     clauses(cl("PRIMARY", "globalSecondaryIndexOverride.1.member.keySchema.1.member.keyType", enum("[HASH, RANGE]"))),
     "[S:validation-grammar] [R] path keySchema.1.member.attributeName (DYN)")
case("restore_gsi_override_object_is_a_serialization_error", RB, rb(GlobalSecondaryIndexOverride={}),
     ser("Start of structure or map found where not expected."), "[S:error-body] dynalite typeError [E]")
case("restore_gsi_override_string_is_a_serialization_error", RB, rb(GlobalSecondaryIndexOverride="gsi1"),
     ser("Expected list or null"), "[S:error-body] dynalite typeError [E]")
case("restore_throughput_override_string_is_a_serialization_error", RB, rb(ProvisionedThroughputOverride="5"),
     ser("Expected null"), "[S:error-body] dynalite typeError [E]")
case("restore_eleven_empty_gsis_report_exactly_ten_clauses", RB, rb(GlobalSecondaryIndexOverride=[{}] * 11),
     clauses(*[cl(None, "globalSecondaryIndexOverride.%d.member.%s" % (i, m), NN) for i in (1, 2, 3) for m in ("indexName", "keySchema", "projection")],
             cl(None, "globalSecondaryIndexOverride.4.member.indexName", NN)),
     "[S:validation-grammar] [R] DYN createTable 'more than five empty GSIs' (at most 10)")
case("restore_generic_errors_come_before_index_matching", RB,
     rb(TargetTableName="bad name!", GlobalSecondaryIndexOverride=[dict(GSI1_PT, IndexName="zzz", KeySchema=[{"AttributeName": "x", "KeyType": "HASH"}])]),
     clauses(cl("bad name!", "targetTableName", PAT)), "[S:validation-grammar] last bullet [R] AQ 442 (generic before custom)", PROV)
case("restore_enum_error_comes_before_billing_rules", RB,
     rb(BillingModeOverride="BOGUS", ProvisionedThroughputOverride={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}),
     clauses(cl("BOGUS", "billingModeOverride", enum("[PROVISIONED, PAY_PER_REQUEST]"))), "[S:validation-grammar] [R] AQ 442", PPR)

# --------------------------------------------------- RestoreTableToPointInTime
PT = "RestoreTableToPointInTime"
SRC_TABLE = {"TableName": "Music", "TableArn": TABLE_ARN, "TableStatus": "ACTIVE",
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
             "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
             "GlobalSecondaryIndexes": [dict(GSI1, IndexStatus="ACTIVE")], "LocalSecondaryIndexes": [LSI1]}


def pitr_ctx(enabled):
    d = {"PointInTimeRecoveryStatus": "ENABLED", "EarliestRestorableDateTime": 1700000000.0,
         "LatestRestorableDateTime": 1700003600.5, "RecoveryPeriodInDays": 35} if enabled else {"PointInTimeRecoveryStatus": "DISABLED"}
    return {"sourceTable": SRC_TABLE, "continuousBackups": {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": d},
            "now": 1700003900, "region": "us-east-1"}


ON, OFF = pitr_ctx(True), pitr_ctx(False)
P = {"SourceTableName": "Music", "TargetTableName": "Restored", "UseLatestRestorableTime": True}


def pt(drop=(), **kw):
    d = dict(P)
    for k in drop:
        d.pop(k)
    d.update(kw)
    return d


PF = "[S:validation-texts], [S:restore-to-point-in-time] [R] AQ 272/442"
ok("pitr_latest_restorable_time_is_valid", PT, P, "[S:model-operations] [M]")
ok("pitr_restore_date_time_is_valid", PT, pt(drop=["UseLatestRestorableTime"], RestoreDateTime=1700001000), "[S:model-operations] [M]")
ok("pitr_by_source_arn_is_valid", PT, pt(drop=["SourceTableName"], SourceTableArn=TABLE_ARN), "[S:model-history] [M] 2020-02-17")
case("pitr_both_sources_are_refused", PT, pt(SourceTableArn=TABLE_ARN), val("Must provide exactly one of: sourceTableArn, sourceTableName"), PF)
case("pitr_no_source_asks_for_table_name", PT, pt(drop=["SourceTableName"]),
     val("The parameter 'TableName' is required but was not present in the request"), PF)
case("pitr_both_times_are_refused", PT, pt(RestoreDateTime=1700001000),
     val("Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot be set for point-in-time restore request. Pleas"),
     PF + " (text truncated after 'Pleas' in the source)")
case("pitr_no_time_is_refused", PT, pt(drop=["UseLatestRestorableTime"]),
     val("Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both"), PF)
case("pitr_latest_false_without_time_is_refused", PT, pt(UseLatestRestorableTime=False),
     val("Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both"), PF)
ok("pitr_latest_false_with_time_is_valid", PT, pt(UseLatestRestorableTime=False, RestoreDateTime=1700001000), PF)
case("pitr_source_arn_without_arn_prefix_is_refused", PT, pt(drop=["SourceTableName"], SourceTableArn="Music"),
     val("One or more parameter values were invalid: ARNs must start with 'arn:': Music"), PF)
case("pitr_malformed_source_arn_is_refused", PT, pt(drop=["SourceTableName"], SourceTableArn="arn:aws:dynamodb"),
     val("sourceTableArn is not a valid ARN"), PF)
case("pitr_source_arn_of_another_account_is_refused", PT,
     pt(drop=["SourceTableName"], SourceTableArn=TABLE_ARN.replace("123456789012", "111122223333")),
     val("This action is only supported by accounts that match the resource owner’s account."),
     "[S:validation-texts] (SourceTableArn in another account, typographic apostrophe) [R] AQ 272, DDB-TABLE-442", {"account": "123456789012"})
ok("pitr_source_arn_of_the_callers_account_is_valid", PT, pt(drop=["SourceTableName"], SourceTableArn=TABLE_ARN),
   "[S:validation-texts] [R] AQ 272", {"account": "123456789012"})
case("pitr_without_target_reports_null", PT, pt(drop=["TargetTableName"]), clauses(cl(None, "targetTableName", NN)), G)
case("pitr_bad_source_name_fails_pattern", PT, pt(SourceTableName="bad name!"), clauses(cl("bad name!", "sourceTableName", PAT)), G)
case("pitr_on_table_without_pitr_is_unavailable", PT, P,
     {"__type": PITR_UNAVAILABLE, "message": "Point in time recovery is not enabled for table 'Music'"}, "[S:semantic-error-texts] [R] AQ 100 (moto identical)", OFF)
case("pitr_by_arn_on_table_without_pitr_names_the_table", PT, pt(drop=["SourceTableName"], SourceTableArn=TABLE_ARN),
     {"__type": PITR_UNAVAILABLE, "message": "Point in time recovery is not enabled for table 'Music'"}, "[S:semantic-error-texts] [R] AQ", OFF)
case("pitr_time_before_earliest_is_invalid", PT, pt(drop=["UseLatestRestorableTime"], RestoreDateTime=1699999999),
     {"__type": INVALID_TIME, "message": "RestoreDateTime '2023-11-14T22:13:19Z' must be within EarliestRestorableDateTime "
      "'2023-11-14T22:13:20Z' and LatestRestorableDateTime '2023-11-14T23:13:20Z'"}, "[S:semantic-error-texts] [R] AQ 100/272 (tail [I])", ON)
case("pitr_time_after_latest_is_invalid", PT, pt(drop=["UseLatestRestorableTime"], RestoreDateTime=1700003601),
     {"__type": INVALID_TIME, "message": "RestoreDateTime '2023-11-14T23:13:21Z' must be within EarliestRestorableDateTime "
      "'2023-11-14T22:13:20Z' and LatestRestorableDateTime '2023-11-14T23:13:20Z'"}, "[S:semantic-error-texts], [S:restore-to-point-in-time] [R] AQ 272 (future)", ON)
case("pitr_epoch_zero_is_invalid", PT, pt(drop=["UseLatestRestorableTime"], RestoreDateTime=0),
     {"__type": INVALID_TIME, "message": "RestoreDateTime '1970-01-01T00:00:00Z' must be within EarliestRestorableDateTime "
      "'2023-11-14T22:13:20Z' and LatestRestorableDateTime '2023-11-14T23:13:20Z'"}, "[S:restore-to-point-in-time] [R] AQ 086 (epoch 0)", ON)
ok("pitr_time_inside_window_is_valid", PT, pt(drop=["UseLatestRestorableTime"], RestoreDateTime=1700001000), "[S:restore-to-point-in-time] [R]", ON)
ok("pitr_time_at_earliest_is_valid", PT, pt(drop=["UseLatestRestorableTime"], RestoreDateTime=1700000000), "[S:restore-to-point-in-time] [R] window is inclusive [I]", ON)
ok("pitr_time_at_latest_is_valid", PT, pt(drop=["UseLatestRestorableTime"], RestoreDateTime=1700003600.5), "[S:restore-to-point-in-time] [I] inclusive", ON)
ok("pitr_latest_restorable_time_with_pitr_on_is_valid", PT, P, "[S:continuous-backups] [R] AQ 086", ON)
case("pitr_time_flags_come_before_pitr_status", PT, pt(RestoreDateTime=1700001000),
     val("Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot be set for point-in-time restore request. Pleas"),
     "[S:restore-to-point-in-time] precedence [R] AQ 100/272/447", OFF)
case("pitr_status_comes_before_the_time_window", PT, pt(drop=["UseLatestRestorableTime"], RestoreDateTime=1),
     {"__type": PITR_UNAVAILABLE, "message": "Point in time recovery is not enabled for table 'Music'"}, "[S:restore-to-point-in-time] precedence [R]", OFF)
case("pitr_cross_region_source_needs_sse_override", PT,
     pt(drop=["SourceTableName"], SourceTableArn="arn:aws:dynamodb:us-west-2:123456789012:table/Music"),
     val("Invalid Request: sseSpecificationOverride must be provided for cross-region restores"), "[S:restore-to-point-in-time] [R] AQ 274", ON)
ok("pitr_cross_region_source_with_sse_override_is_valid", PT,
   pt(drop=["SourceTableName"], SourceTableArn="arn:aws:dynamodb:us-west-2:123456789012:table/Music", SSESpecificationOverride={"Enabled": False}),
   "[S:restore-from-backup]/[S:restore-to-point-in-time] [R] AQ 274", ON)
case("pitr_gsi_override_not_in_source_is_refused", PT,
     pt(GlobalSecondaryIndexOverride=[dict(GSI1, IndexName="nope", KeySchema=[{"AttributeName": "x", "KeyType": "HASH"}])]),
     val("Invalid Request: Index nope does not match a secondary index that existed in the source table and cannot be created during the restore operation"),
     "[S:restore-to-point-in-time]: overrides follow RestoreTableFromBackup's rules [R]", ON)
ok("pitr_empty_gsi_override_drops_all_indexes", PT, pt(GlobalSecondaryIndexOverride=[]), "[S:restore-from-backup]/[S:restore-to-point-in-time] [R] AQ 279", ON)
case("pitr_provisioned_override_needs_throughput", PT, pt(BillingModeOverride="PROVISIONED"),
     val("Invalid Request: Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED"), "[S:restore-to-point-in-time] [R]")
case("pitr_string_restore_time_is_a_serialization_error", PT, pt(drop=["UseLatestRestorableTime"], RestoreDateTime="yesterday"),
     ser("STRING_VALUE cannot be converted to Date"), "[S:wire-request] ISO strings unverified [I]")
case("pitr_string_latest_flag_is_a_serialization_error", PT, pt(UseLatestRestorableTime="true"),
     ser("STRING_VALUE cannot be converted to Boolean"), SER_FACT + " [I]")

# ---------------------------------------------------- UpdateContinuousBackups
UC = "UpdateContinuousBackups"


def uc(spec, table="Music"):
    d = {"TableName": table}
    if spec is not None:
        d["PointInTimeRecoverySpecification"] = spec
    return d


ok("enable_pitr_is_valid", UC, uc({"PointInTimeRecoveryEnabled": True}), "[S:model-operations] [M]")
ok("enable_pitr_with_seven_days_is_valid", UC, uc({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7}), "[S:continuous-backups] [R] AQ 084")
ok("enable_pitr_with_one_day_is_valid", UC, uc({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 1}), "[S:model-scalar-shapes] [M] 1..35")
ok("enable_pitr_with_35_days_is_valid", UC, uc({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 35}), "[S:model-scalar-shapes] [M]")
case("recovery_period_zero_fails_min", UC, uc({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 0}),
     clauses(cl("0", "pointInTimeRecoverySpecification.recoveryPeriodInDays", vge(1))), "[S:validation-texts] [R] AQ DDB-TABLE-457 (client-side validation off; AQ 084 saw 0 only as botocore ParamValidationError, [S:recovery-period-below-min])")
case("recovery_period_negative_fails_min", UC, uc({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": -1}),
     clauses(cl("-1", "pointInTimeRecoverySpecification.recoveryPeriodInDays", vge(1))), "[S:validation-texts] [R] AQ DDB-TABLE-457 (client-side validation off; AQ 084 saw -1 only as botocore ParamValidationError, [S:recovery-period-below-min])")
case("recovery_period_36_fails_max", UC, uc({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 36}),
     clauses(cl("36", "pointInTimeRecoverySpecification.recoveryPeriodInDays", vle(35))), "[S:validation-texts] [R] AQ 084 (36 reached the service; completion [I])")
case("recovery_period_on_disable_is_refused", UC, uc({"PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": 35}),
     val("Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery."), "[S:validation-texts], [S:continuous-backups] [R] AQ 084 (even 35)")
case("recovery_period_zero_on_disable_fails_generic_first", UC, uc({"PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": 0}),
     clauses(cl("0", "pointInTimeRecoverySpecification.recoveryPeriodInDays", vge(1))),
     "[S:validation-texts] [R] AQ DDB-TABLE-457 (enable or disable; AQ 084 saw 0 only as botocore ParamValidationError, [S:recovery-period-below-min])")
ok("disable_pitr_is_valid", UC, uc({"PointInTimeRecoveryEnabled": False}), "[S:continuous-backups] [R]")
case("empty_pitr_specification_reports_null_flag", UC, uc({}),
     clauses(cl(None, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled", NN)), "[S:validation-texts] [R] AQ (spec {})")
case("missing_pitr_specification_reports_null", UC, uc(None),
     clauses(cl(None, "pointInTimeRecoverySpecification", NN)), G)
case("update_continuous_backups_empty_request_reports_two_nulls", UC, {},
     clauses(cl(None, "tableName", NN), cl(None, "pointInTimeRecoverySpecification", NN)), G)
case("string_pitr_flag_is_a_serialization_error", UC, uc({"PointInTimeRecoveryEnabled": "true"}),
     ser("STRING_VALUE cannot be converted to Boolean"), SER_FACT + " [I]")
case("number_pitr_flag_is_a_serialization_error", UC, uc({"PointInTimeRecoveryEnabled": 1}),
     ser("NUMBER_VALUE cannot be converted to Boolean"), SER_FACT + " [I]")
ok("update_continuous_backups_by_table_arn_is_valid", UC, uc({"PointInTimeRecoveryEnabled": True}, TABLE_ARN), "[S:continuous-backups] [M] BC; [R] SCY")
case("update_continuous_backups_short_table_name", UC, uc({"PointInTimeRecoveryEnabled": True}, "ab"),
     clauses(cl("ab", "tableName", ge(3))), "[S:dispute-table-name-text] [R]")

# -------------------------------------------------- DescribeContinuousBackups
DC = "DescribeContinuousBackups"
ok("describe_continuous_backups_is_valid", DC, {"TableName": "Music"}, "[S:model-operations] [M]")
ok("describe_continuous_backups_by_arn_is_valid", DC, {"TableName": TABLE_ARN}, "[S:continuous-backups] [R] SCY table_name_arn")
case("describe_continuous_backups_without_table_reports_null", DC, {}, clauses(cl(None, "tableName", NN)), G)
case("describe_continuous_backups_short_name_fails_min", DC, {"TableName": "ab"}, clauses(cl("ab", "tableName", ge(3))), "[S:dispute-table-name-text] [R]")
case("describe_continuous_backups_arn_with_bad_region", DC, {"TableName": "arn:aws:dynamodb:mars-1:123456789012:table/Music"},
     val("1 validation error detected: Invalid AWS region in 'arn:aws:dynamodb:mars-1:123456789012:table/Music'"), "[S:validation-texts] last row [R] AQ")
case("describe_continuous_backups_number_name", DC, {"TableName": 5}, ser("NUMBER_VALUE cannot be converted to String"), SER_FACT)

# ------------------------------------------------------------- plumbing ops
case("describe_table_without_name_reports_null", "DescribeTable", {}, clauses(cl(None, "tableName", NN)),
     "[S:dispute-table-name-text] generic grammar since the 2024 ARN change [I] (≤2020: 'The parameter ...' DYN)")
case("describe_table_empty_name_reports_two_clauses", "DescribeTable", {"TableName": ""},
     clauses(cl("", "tableName", ge(3)), cl("", "tableName", PAT)), "[S:validation-texts] setup-op texts [R] AQ 457 (2026)")
case("describe_table_name_with_semicolon_fails_pattern", "DescribeTable", {"TableName": "abc;"},
     clauses(cl("abc;", "tableName", PAT)), "[S:validation-texts] [R] AQ 457")
case("describe_table_number_name_is_a_serialization_error", "DescribeTable", {"TableName": 123},
     ser("NUMBER_VALUE cannot be converted to String"), "[S:emu-reference-probes] R08 [E] dynalite; [S:error-body] [R]")
ok("describe_table_is_valid", "DescribeTable", {"TableName": "Music"}, "[S:model-operations] [M]")
ok("delete_table_is_valid", "DeleteTable", {"TableName": "Music"}, "[S:model-operations] [M]")
case("delete_table_empty_name_reports_two_clauses", "DeleteTable", {"TableName": ""},
     clauses(cl("", "tableName", ge(3)), cl("", "tableName", PAT)), "[S:validation-texts] [R] AQ 457 (by analogy with DescribeTable)")
CT = {"TableName": "Music", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
      "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}


def ct(**kw):
    d = dict(CT)
    d.update(kw)
    return d


ok("create_table_on_demand_is_valid", "CreateTable", CT, "[S:model-operations] [M]")
ok("create_table_with_only_a_name_is_valid_for_the_model", "CreateTable", {"TableName": "Music"}, "[S:model-operations] [M] BC 2026-02-03 (only TableName required)")
case("create_table_two_char_name_fails_min", "CreateTable", ct(TableName="ab"), clauses(cl("ab", "tableName", ge(3))), G)
case("create_table_unknown_billing_mode_fails_enum", "CreateTable", ct(BillingMode="FREE"),
     clauses(cl("FREE", "billingMode", enum("[PROVISIONED, PAY_PER_REQUEST]"))), "[S:enum-order] [R]")
case("create_table_unknown_attribute_type_lists_b_n_s", "CreateTable", ct(AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "X"}]),
     clauses(cl("X", "attributeDefinitions.1.member.attributeType", enum("[B, N, S]"))), "[S:enum-order] [R] AQ 457 ([B, N, S])")
case("create_table_unknown_stream_view_type_lists_server_order", "CreateTable", ct(StreamSpecification={"StreamEnabled": True, "StreamViewType": "ALL"}),
     clauses(cl("ALL", "streamSpecification.streamViewType", enum("[OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]"))), "[S:enum-order] [R] AQ 457")
case("create_table_stream_without_enabled_reports_null", "CreateTable", ct(StreamSpecification={"StreamViewType": "KEYS_ONLY"}),
     clauses(cl(None, "streamSpecification.streamEnabled", NN)), G)
case("create_table_zero_throughput_reports_both_units", "CreateTable",
     ct(BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}),
     clauses(cl("0", "provisionedThroughput.readCapacityUnits", vge(1)), cl("0", "provisionedThroughput.writeCapacityUnits", vge(1))), G)
case("create_table_empty_key_schema_fails_min", "CreateTable", ct(KeySchema=[]), clauses(cl("[]", "keySchema", ge(1))), "[S:model-scalar-shapes] [M] KeySchema min 1")
case("create_table_key_attribute_name_empty", "CreateTable", ct(KeySchema=[{"AttributeName": "", "KeyType": "HASH"}]),
     clauses(cl("", "keySchema.1.member.attributeName", ge(1))), "[S:validation-grammar] [R] path keySchema.1.member.attributeName (DYN)")
ok("put_item_is_valid", "PutItem", {"TableName": "Music", "Item": {"pk": {"S": "a"}, "n": {"N": "1"}}}, "[S:model-operations] [M]")
case("put_item_without_item_reports_null", "PutItem", {"TableName": "Music"}, clauses(cl(None, "item", NN)), G)
case("put_item_number_in_string_attribute_is_a_serialization_error", "PutItem", {"TableName": "Music", "Item": {"pk": {"S": 123}}},
     ser("NUMBER_VALUE cannot be converted to String"), "[S:error-body] moto test_put_item__string_as_integer_value (recorded AWS text) [R]")
case("put_item_nested_attribute_value_object_is_a_serialization_error", "PutItem", {"TableName": "Music", "Item": {"pk": {"S": {"S": "x"}}}},
     ser("Start of structure or map found where not expected."), "[S:error-body] moto test_put_item__string_as_integer_value [R]")
ok("get_item_is_valid", "GetItem", {"TableName": "Music", "Key": {"pk": {"S": "a"}}}, "[S:model-operations] [M]")
case("get_item_without_key_reports_null", "GetItem", {"TableName": "Music"}, clauses(cl(None, "key", NN)), G)
ok("scan_is_valid", "Scan", {"TableName": "Music"}, "[S:model-operations] [M]")
case("scan_unknown_select_lists_server_order", "Scan", {"TableName": "Music", "Select": "BOGUS"},
     clauses(cl("BOGUS", "select", enum("[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"))), "[S:emu-reference-probes] R07 [E] dynalite")
case("scan_limit_zero_fails_min", "Scan", {"TableName": "Music", "Limit": 0}, clauses(cl("0", "limit", vge(1))), "[S:emu-reference-probes] R05 [E] dynalite (ListTables)")
# plumbing for behaviour cases (issue 18): what a restore keeps or drops, set up and read back
ok("delete_item_is_valid", "DeleteItem", {"TableName": "Music", "Key": {"pk": {"S": "a"}}}, "model [M] BC DeleteItemInput")
ok("update_table_deletion_protection_is_valid", "UpdateTable", {"TableName": "Music", "DeletionProtectionEnabled": True},
   "model [M] BC UpdateTableInput")
ok("update_time_to_live_is_valid", "UpdateTimeToLive",
   {"TableName": "Music", "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "exp"}}, "model [M] BC UpdateTimeToLiveInput")
case("update_time_to_live_empty_specification_reports_two_nulls", "UpdateTimeToLive",
     {"TableName": "Music", "TimeToLiveSpecification": {}},
     clauses(cl(None, "timeToLiveSpecification.attributeName", NN), cl(None, "timeToLiveSpecification.enabled", NN)),
     "[S:validation-grammar] [R] DYN (UpdateTimeToLive with TimeToLiveSpecification {}: attributeName, then enabled)")
ok("describe_time_to_live_is_valid", "DescribeTimeToLive", {"TableName": "Music"}, "model [M] BC DescribeTimeToLiveInput")
ok("tag_resource_is_valid", "TagResource",
   {"ResourceArn": "arn:aws:dynamodb:us-east-1:123456789012:table/Music", "Tags": [{"Key": "k", "Value": "v"}]},
   "model [M] BC TagResourceInput")
ok("untag_resource_is_valid", "UntagResource",
   {"ResourceArn": "arn:aws:dynamodb:us-east-1:123456789012:table/Music", "TagKeys": ["k"]}, "model [M] BC UntagResourceInput")
ok("list_tags_of_resource_is_valid", "ListTagsOfResource",
   {"ResourceArn": "arn:aws:dynamodb:us-east-1:123456789012:table/Music"}, "model [M] BC ListTagsOfResourceInput")
# plumbing of ddbconform sweep (issue 22)
ok("list_tables_is_valid", "ListTables", {}, "model [M] BC ListTablesInput")
ok("list_tables_with_limit_and_start_is_valid", "ListTables", {"ExclusiveStartTableName": "Music", "Limit": 100},
   "model [M] BC ListTablesInput (Limit 1..100, ExclusiveStartTableName a TableName)")

names = [r["name"] for r in rows]
assert len(names) == len(set(names)), "duplicate case names"

OUT = "tests/data/validate/table.json"
ME = genlib.me(__file__)


def produce():
    doc = {"generatedBy": ME, "cases": rows}
    return {OUT: genlib.json_text(doc, indent=1).encode("utf-8")}


if __name__ == "__main__":
    sys.exit(genlib.run(__file__, __doc__, produce, lambda: genlib.marked_json("tests/data", ME)))
