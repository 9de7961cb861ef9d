#!/usr/bin/env python3
"""The peer of bench/fuzznet.sh: a boto3 loop sending the same kind of requests
as `ddbconform fuzz` (valid and invalid backup/PITR requests, client-side
validation off so invalid ones reach the wire) to the same endpoint, one
connection, sequentially. Prints {"value": requests_per_second, "requests": N}."""
import json, sys, time

import boto3
from botocore.config import Config

endpoint, n = sys.argv[1], int(sys.argv[2])
c = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                 aws_access_key_id="AKIDBENCH", aws_secret_access_key="bench-secret",
                 config=Config(parameter_validation=False, retries={"max_attempts": 1}))
calls = [
    lambda: c.list_backups(Limit=5),
    lambda: c.list_backups(Limit=0),
    lambda: c.describe_continuous_backups(TableName="bench-missing"),
    lambda: c.create_backup(TableName="bench-missing", BackupName="b"),
    lambda: c.describe_backup(BackupArn="arn:aws:dynamodb:us-east-1:123456789012:table/t/backup/01576616366715-b4e58d3a"),
    lambda: c.restore_table_from_backup(TargetTableName="x", BackupArn="not-an-arn"),
    lambda: c.update_continuous_backups(TableName="bench-missing",
                                        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False,
                                                                          "RecoveryPeriodInDays": 7}),
]
t0 = time.perf_counter()
for i in range(n):
    try:
        calls[i % len(calls)]()
    except c.exceptions.ClientError:
        pass
    except Exception:  # modeled exceptions are ClientError subclasses; anything else still counts as a request
        pass
dt = time.perf_counter() - t0
print(json.dumps({"value": n / dt, "requests": n}))
