#!/usr/bin/env python3
"""boto3_backups.py - boto3 drives the backup / PITR operations through whatever
endpoint AWS_ENDPOINT_URL_DYNAMODB names (`ddbconform gate` sets it).

usage: python3 boto3_backups.py [standard|legacy] [ROUNDS]

Faults make some calls run twice on the server (a retry after a bad crc32
answer repeats a call that already happened), so the "already done" answers of
the non-idempotent calls are accepted, as an application that retries must.
Exits 0 when every call ended as expected, 1 with the failing call otherwise."""
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

mode = sys.argv[1] if len(sys.argv) > 1 else "standard"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
ddb = boto3.client("dynamodb", config=Config(retries={"mode": mode}))


def call(op, tolerate=(), **kw):
    try:
        return getattr(ddb, op)(**kw)
    except ClientError as e:
        if e.response["Error"]["Code"] in tolerate:
            return None
        raise


def wait_active(name):
    for _ in range(200):
        if ddb.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE":
            return
        time.sleep(0.02)
    raise SystemExit("table %s never became ACTIVE" % name)


table = "gate-%s-music" % mode
call("create_table", ("ResourceInUseException",), TableName=table, BillingMode="PAY_PER_REQUEST",
     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
wait_active(table)
call("put_item", TableName=table, Item={"pk": {"S": "a"}, "n": {"N": "1"}})
call("update_continuous_backups", TableName=table,
     PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
call("describe_continuous_backups", TableName=table)
for r in range(rounds):
    arn = call("create_backup", TableName=table, BackupName="nightly-%d" % r)["BackupDetails"]["BackupArn"]
    call("describe_backup", BackupArn=arn)
    call("list_backups", TableName=table)
    target = "%s-restored-%d" % (table, r)
    call("restore_table_from_backup", ("TableAlreadyExistsException", "TableInUseException"), TargetTableName=target, BackupArn=arn)
    call("delete_backup", ("BackupNotFoundException", "BackupInUseException"), BackupArn=arn)
# a request the service refuses: validity.request notes it, the SDK must not retry it
call("create_backup", ("ValidationException",), TableName=table, BackupName="not valid!")
print("boto3 (%s): done" % mode)
