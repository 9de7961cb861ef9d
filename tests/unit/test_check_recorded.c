/* test_check_recorded.c - the response checks accept what the real service
 * sent: the byte-exact 2018 bodies of the [S:real-bodies-2018] (CRC-verified
 * cloud-custodian placebo recordings), which lack members today's model calls
 * required (BackupType, [S:real-bodies-2018]/[S:dispute-backup-type-required]) or shows always
 * (SourceTableFeatureDetails absent or {}, N3). A check that rejects a real body is wrong, not the body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "test_util.h"
#include "wire/check.h"

typedef struct {
    const char *op;
    const char *what;
    const char *body;
} s_recorded;

/* Appendix A, verbatim (commits 917acc6c and 31019df8 of cloud-custodian). */
static const s_recorded s_bodies[] = {
    {"CreateBackup", "2018-01-17, 257 bytes, CRC 1175837975: no BackupType, no BackupSizeBytes",
     "{\"BackupDetails\":{\"BackupArn\":\"arn:aws:dynamodb:us-east-1:644160558196:table/c7n-dynamodb-backup/backup/"
     "01516149542009-0bbfb894\",\"BackupCreationDateTime\":1.516149542009E9,\"BackupName\":\"Backup-c7n-dynamodb-"
     "backup-2018-01-16-19-39\",\"BackupStatus\":\"CREATING\"}}"},
    {"DescribeBackup", "2018-01-17, 686 bytes, CRC 1459745811: SourceTableFeatureDetails absent",
     "{\"BackupDescription\":{\"BackupDetails\":{\"BackupArn\":\"arn:aws:dynamodb:us-east-1:644160558196:table/c7n-"
     "dynamodb-backup/backup/01516149542009-0bbfb894\",\"BackupCreationDateTime\":1.516149542009E9,\"BackupName\":"
     "\"Backup-c7n-dynamodb-backup-2018-01-16-19-39\",\"BackupSizeBytes\":0,\"BackupStatus\":\"AVAILABLE\"},"
     "\"SourceTableDetails\":{\"ItemCount\":0,\"KeySchema\":[{\"AttributeName\":\"test\",\"KeyType\":\"HASH\"}],"
     "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5},\"TableArn\":\"arn:aws:dynamodb:us-"
     "east-1:644160558196:table/c7n-dynamodb-backup\",\"TableCreationDateTime\":1.515545800237E9,\"TableId\":"
     "\"d4f0100b-96ea-4429-8cf4-53cce61719dd\",\"TableName\":\"c7n-dynamodb-backup\",\"TableSizeBytes\":0}}}"},
    {"CreateBackup", "2018-01-22, 257 bytes, CRC 2475741523",
     "{\"BackupDetails\":{\"BackupArn\":\"arn:aws:dynamodb:us-east-1:644160558196:table/c7n-dynamodb-backup/backup/"
     "01516646567822-18efc104\",\"BackupCreationDateTime\":1.516646567822E9,\"BackupName\":\"custom-c7n-dynamodb-"
     "backup-2018-01-22-13-42\",\"BackupStatus\":\"CREATING\"}}"},
    {"DescribeBackup", "2018-01-22, 717 bytes, CRC 2462566762: SourceTableFeatureDetails {}",
     "{\"BackupDescription\":{\"BackupDetails\":{\"BackupArn\":\"arn:aws:dynamodb:us-east-1:644160558196:table/c7n-"
     "dynamodb-backup/backup/01516646567822-18efc104\",\"BackupCreationDateTime\":1.516646567822E9,\"BackupName\":"
     "\"custom-c7n-dynamodb-backup-2018-01-22-13-42\",\"BackupSizeBytes\":0,\"BackupStatus\":\"AVAILABLE\"},"
     "\"SourceTableDetails\":{\"ItemCount\":0,\"KeySchema\":[{\"AttributeName\":\"test\",\"KeyType\":\"HASH\"}],"
     "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5},\"TableArn\":\"arn:aws:dynamodb:us-"
     "east-1:644160558196:table/c7n-dynamodb-backup\",\"TableCreationDateTime\":1.515545800237E9,\"TableId\":"
     "\"d4f0100b-96ea-4429-8cf4-53cce61719dd\",\"TableName\":\"c7n-dynamodb-backup\",\"TableSizeBytes\":0},"
     "\"SourceTableFeatureDetails\":{}}}"},
    {"DeleteBackup", "2018-04-27, 669 bytes, CRC 3066664566: DELETED, SourceTableFeatureDetails absent",
     "{\"BackupDescription\":{\"BackupDetails\":{\"BackupArn\":\"arn:aws:dynamodb:us-east-2:644160558196:table/"
     "omnissm-registrations/backup/01524841533037-4b25e487\",\"BackupCreationDateTime\":1.524841533037E9,"
     "\"BackupName\":\"registrations-backup\",\"BackupSizeBytes\":901,\"BackupStatus\":\"DELETED\"},"
     "\"SourceTableDetails\":{\"ItemCount\":6,\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
     "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":5},\"TableArn\":\"arn:aws:dynamodb:us-"
     "east-2:644160558196:table/omnissm-registrations\",\"TableCreationDateTime\":1.524748193427E9,\"TableId\":"
     "\"9d9d6b94-8ee4-4fc6-bd1d-7ad29d7ce0ad\",\"TableName\":\"omnissm-registrations\",\"TableSizeBytes\":901}}}"},
    {"ListBackups", "2018-04-27, 429 bytes, CRC 4025972726: a summary without BackupType",
     "{\"BackupSummaries\":[{\"BackupArn\":\"arn:aws:dynamodb:us-east-2:644160558196:table/omnissm-registrations/"
     "backup/01524841533037-4b25e487\",\"BackupCreationDateTime\":1.524841533037E9,\"BackupName\":\"registrations-"
     "backup\",\"BackupSizeBytes\":901,\"BackupStatus\":\"AVAILABLE\",\"TableArn\":\"arn:aws:dynamodb:us-east-2:"
     "644160558196:table/omnissm-registrations\",\"TableId\":\"9d9d6b94-8ee4-4fc6-bd1d-7ad29d7ce0ad\",\"TableName\":"
     "\"omnissm-registrations\"}]}"},
    {"DescribeTable", "2018-01-17, 489 bytes, CRC 1152212742: no BillingModeSummary",
     "{\"Table\":{\"AttributeDefinitions\":[{\"AttributeName\":\"test\",\"AttributeType\":\"S\"}],"
     "\"CreationDateTime\":1.515545800237E9,\"ItemCount\":0,\"KeySchema\":[{\"AttributeName\":\"test\",\"KeyType\":"
     "\"HASH\"}],\"ProvisionedThroughput\":{\"NumberOfDecreasesToday\":0,\"ReadCapacityUnits\":5,"
     "\"WriteCapacityUnits\":5},\"TableArn\":\"arn:aws:dynamodb:us-east-1:644160558196:table/c7n-dynamodb-backup\","
     "\"TableId\":\"d4f0100b-96ea-4429-8cf4-53cce61719dd\",\"TableName\":\"c7n-dynamodb-backup\",\"TableSizeBytes\":0,"
     "\"TableStatus\":\"ACTIVE\"}}"},
};

static void recorded_2018_bodies_pass_the_response_checks_without_a_note(void **state)
{
    (void)state;
    static const size_t lengths[] = {257, 686, 257, 717, 669, 429, 489}; /* the recorded Content-Length */
    for (size_t i = 0; i < sizeof s_bodies / sizeof s_bodies[0]; i++) {
        const dc_operation *op = dc_spec_operation(dc_test_spec(), s_bodies[i].op);
        assert_non_null(op);
        assert_int_equal(strlen(s_bodies[i].body), lengths[i]);
        dc_check_result r;
        dc_check_result_init(&r);
        dc_check_shape(op->output, (const uint8_t *)s_bodies[i].body, strlen(s_bodies[i].body), "", &r);
        if (r.nfailures > 0 || r.nnotes > 0)
            fail_msg("%s (%s): %zu failures (first: %s: expected %s, actual %s), %zu notes", s_bodies[i].op,
                     s_bodies[i].what, r.nfailures, r.nfailures ? r.failures[0].path : "-",
                     r.nfailures ? r.failures[0].expected : "-", r.nfailures ? r.failures[0].actual : "-", r.nnotes);
        dc_check_result_free(&r);
    }
}

/* AWS adds members every year: one the spec does not know, at any depth, is a
 * note and never a failure ([S:rule-forward-compat]). */
static void unknown_members_at_every_depth_are_notes_not_failures(void **state)
{
    (void)state;
    static const char body[] =
        "{\"AaaNew\":1,\"BackupDescription\":{\"AaaNew\":{},\"BackupDetails\":{\"AaaNew\":[1],\"BackupArn\":\"arn:aws:"
        "dynamodb:us-east-1:644160558196:table/tbl/backup/01516149542009-0bbfb894\",\"BackupCreationDateTime\":"
        "1.516149542009E9,\"BackupName\":\"bkp\",\"BackupStatus\":\"AVAILABLE\",\"ZzUnknownMember\":\"x\"},"
        "\"SourceTableDetails\":{\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\",\"Zz\":true}],"
        "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":0,\"WriteCapacityUnits\":0,\"Zz\":0},"
        "\"TableCreationDateTime\":"
        "1.515545800237E9,\"TableId\":\"d4f0100b-96ea-4429-8cf4-53cce61719dd\",\"TableName\":\"tbl\"},"
        "\"SourceTableFeatureDetails\":{\"Zz\":null}},\"ZzUnknownMember\":\"x\"}";
    const dc_operation *op = dc_spec_operation(dc_test_spec(), "DescribeBackup");
    dc_check_result r;
    dc_check_result_init(&r);
    dc_check_shape(op->output, (const uint8_t *)body, strlen(body), "", &r);
    assert_int_equal(r.nfailures, 0);
    static const char *const want[] = {
        "AaaNew: member not in the spec",
        "BackupDescription.AaaNew: member not in the spec",
        "BackupDescription.BackupDetails.AaaNew: member not in the spec",
        "BackupDescription.BackupDetails.ZzUnknownMember: member not in the spec",
        "BackupDescription.SourceTableDetails.KeySchema.0.Zz: member not in the spec",
        "BackupDescription.SourceTableDetails.ProvisionedThroughput.Zz: member not in the spec",
        "BackupDescription.SourceTableFeatureDetails.Zz: member not in the spec",
        "ZzUnknownMember: member not in the spec",
    };
    assert_int_equal(r.nnotes, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < r.nnotes; i++)
        assert_string_equal(r.notes[i], want[i]);
    dc_check_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recorded_2018_bodies_pass_the_response_checks_without_a_note),
        cmocka_unit_test(unknown_members_at_every_depth_are_notes_not_failures),
    };
    return cmocka_run_group_tests(tests, dc_test_spec_setup, dc_test_spec_teardown);
}
