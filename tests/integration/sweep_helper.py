#!/usr/bin/env python3
"""sweep_helper.py - boto3 (the machine's) against an endpoint, for sweep_kill.sh.

usage: sweep_helper.py URL plant      creates the foreign tables and backups sweep must never touch,
                                      and one table of the suite's scheme whose case started now
       sweep_helper.py URL restoring  a table and backup of the scheme (a day old) and a restore of it
                                      that is still running when this returns
       sweep_helper.py URL leftovers N  N tables of the scheme, a day old (as a killed run leaves them)
       sweep_helper.py URL inventory  prints {"tables": [...], "backups": [[name, table, type], ...]}
Names of the scheme (harness/suite/names.h): ddbc-RRRRRR-TTTTTTTT-SSSSCCCC, C = crc32 low 16 bits.
"""
import json
import os
import sys
import time
import zlib

import boto3


def token(run, created, seq):
    body = "ddbc-%s-%08x-%04x" % (run, created & 0xFFFFFFFF, seq & 0xFFFF)
    return body + "%04x" % (zlib.crc32(body.encode()) & 0xFFFF)


def client(url):
    from botocore.config import Config
    # many attempts: the throttling part of the test plants through a serve that throttles
    return boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test"),
                        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
                        config=Config(retries={"max_attempts": 20, "mode": "standard"}))


def foreign_names():
    good = token("5eed00", int(time.time()) - 86400, 7)  # a valid token a day old
    bad_check = good[:-4] + ("0000" if good[-4:] != "0000" else "0001")
    return [
        "prod-orders",              # an ordinary name
        "dc-a1b2c3-src",            # the scheme of ddbconform before run ids
        bad_check + "-src",         # the form, with a wrong check
        good + "x",                 # a valid token glued to more letters
        "x" + good + "-src",        # a valid token not at the start
        good.upper() + "-src",      # upper-case hex
        "ddbc-5eed00-src",          # the prefix and a run id, no more
    ]


def wait_active(c, name):
    for _ in range(200):
        if c.describe_table(TableName=name)["Table"]["TableStatus"] == "ACTIVE":
            return
        time.sleep(0.05)
    raise SystemExit("table %s never became ACTIVE" % name)


def backup(c, table, name):
    for _ in range(200):  # a new table refuses backups while "Backups are being enabled"
        try:
            return c.create_backup(TableName=table, BackupName=name)["BackupDetails"]["BackupArn"]
        except c.exceptions.ContinuousBackupsUnavailableException:
            time.sleep(0.05)
    raise SystemExit("CreateBackup of %s kept answering ContinuousBackupsUnavailableException" % table)


def plant(url):
    c = client(url)
    tables = foreign_names() + [token("0dd000", int(time.time()), 1) + "-young"]
    for name in tables:
        c.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                       BillingMode="PAY_PER_REQUEST")
    for name in tables:
        wait_active(c, name)
    # backups of foreign tables, named outside the scheme or as look-alikes
    backup(c, "prod-orders", "nightly")
    backup(c, "prod-orders", foreign_names()[2])
    backup(c, "dc-a1b2c3-src", "before-migration")
    # someone's own backup of a table of the scheme: the table is the suite's, the backup is not
    old = token("5eed00", int(time.time()) - 86400, 9) + "-t"
    create(c, old)
    wait_active(c, old)
    backup(c, old, "manual-copy")
    print(json.dumps({"planted_tables": tables}))


def create(c, name):
    c.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                   BillingMode="PAY_PER_REQUEST")


def restoring(url):
    c = client(url)
    t = token("abc123", int(time.time()) - 86400, 2)
    create(c, t + "-src")
    wait_active(c, t + "-src")
    arn = backup(c, t + "-src", t + "-bk")
    for _ in range(200):
        if c.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"] == "AVAILABLE":
            break
        time.sleep(0.05)
    c.restore_table_from_backup(TargetTableName=t + "-rst", BackupArn=arn)


def leftovers(url, n):
    c = client(url)
    for i in range(int(n)):
        create(c, token("fee1ed", int(time.time()) - 86400, i) + "-s")


def inventory(url):
    c = client(url)
    names, kw = [], {}
    while True:
        page = c.list_tables(**kw)
        names += page.get("TableNames", [])
        if "LastEvaluatedTableName" not in page:
            break
        kw = {"ExclusiveStartTableName": page["LastEvaluatedTableName"]}
    backups, kw = [], {"BackupType": "ALL"}
    while True:
        page = c.list_backups(**kw)
        backups += [[b["BackupName"], b["TableName"], b["BackupType"]] for b in page.get("BackupSummaries", [])]
        if "LastEvaluatedBackupArn" not in page:
            break
        kw = {"BackupType": "ALL", "ExclusiveStartBackupArn": page["LastEvaluatedBackupArn"]}
    print(json.dumps({"tables": sorted(names), "backups": sorted(backups)}))


if __name__ == "__main__":
    {"plant": plant, "inventory": inventory, "restoring": restoring, "leftovers": leftovers}[sys.argv[2]](
        sys.argv[1], *sys.argv[3:])
