#!/usr/bin/env python3
"""Set-up client for bench/serve.sh: the same requests, over one keep-alive
connection, against serve, DynamoDB Local or moto. Headers as in
bench/serve_request.lua (DC_BENCH_DATE, DC_BENCH_AUTH from the environment).

  serve_client.py setup URL TABLE BACKUPS
      CreateTable (hash key pk, PAY_PER_REQUEST), one PutItem, then BACKUPS
      CreateBackup calls. Prints {"first_backup_arn","last_backup_arn",
      "backups","seconds"}. Exit 1 on any answer that is not 200.
  serve_client.py status URL OP BODY
      One request; prints the HTTP status and the error type, if any.
"""
import http.client
import json
import os
import sys
import time
import urllib.parse

TIMEOUT_S = 30


class Client:
    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=TIMEOUT_S)
        self.headers = {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Date": os.environ["DC_BENCH_DATE"],
            "Authorization": os.environ["DC_BENCH_AUTH"],
        }

    def call(self, op, body):
        h = dict(self.headers)
        h["X-Amz-Target"] = "DynamoDB_20120810." + op
        self.conn.request("POST", "/", body=json.dumps(body).encode(), headers=h)
        r = self.conn.getresponse()
        data = r.read()
        try:
            parsed = json.loads(data)
        except ValueError:
            parsed = None
        return r.status, parsed, data

    def must(self, op, body):
        status, parsed, data = self.call(op, body)
        if status != 200 or parsed is None:
            sys.exit("serve_client: %s answered %d: %s" % (op, status, data[:300].decode("utf-8", "replace")))
        return parsed


def setup(url, table, nbackups):
    c = Client(url)
    t0 = time.monotonic()
    c.must("CreateTable", {
        "TableName": table,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST",
    })
    for _ in range(100):
        if c.must("DescribeTable", {"TableName": table})["Table"]["TableStatus"] == "ACTIVE":
            break
        time.sleep(0.05)
    c.must("PutItem", {"TableName": table, "Item": {"pk": {"S": "k1"}, "v": {"N": "1"}}})
    first = last = None
    for i in range(nbackups):
        arn = c.must("CreateBackup", {"TableName": table, "BackupName": "bench%05d" % i})["BackupDetails"]["BackupArn"]
        first = first or arn
        last = arn
    print(json.dumps({"first_backup_arn": first, "last_backup_arn": last, "backups": nbackups,
                      "seconds": round(time.monotonic() - t0, 3)}))


def status(url, op, body):
    s, parsed, _ = Client(url).call(op, json.loads(body))
    kind = (parsed or {}).get("__type", "") if isinstance(parsed, dict) else ""
    print("%d %s" % (s, kind.rsplit("#", 1)[-1]))


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "setup":
        setup(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) == 5 and sys.argv[1] == "status":
        status(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
