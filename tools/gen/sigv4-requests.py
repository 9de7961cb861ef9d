#!/usr/bin/env python3
"""tools/gen/sigv4-requests.py - writes N random DynamoDB-shaped requests, one JSON object per
line, for tests/sigv4/crosscheck.c, and signs each with botocore's SigV4Auth when botocore is
importable (field "botocore"; null otherwise). tests/integration/sigv4_crosscheck.sh runs it at
test time; nothing it writes is committed.

    tools/gen/sigv4-requests.py SEED COUNT OUT.jsonl
    tools/gen/sigv4-requests.py --check    no committed output to compare, so the check is the
                                           property the crosscheck relies on: one SEED gives the
                                           same bytes in every run (a failure is replayed with
                                           SIGV4_SEED). It writes the default seed's requests twice,
                                           in two processes with different PYTHONHASHSEED, and exits 1
                                           when they differ.

Each line: {"id", "amz_date", "region", "access_key_id", "secret_access_key",
"token" (or null), "headers": [[name, value], ...] (Host and X-Amz-Date
included, no token header), "body" (text, sent as UTF-8), "botocore"}.

The random parts: operation (X-Amz-Target), JSON body with non-ASCII text,
date (2000-2035), region, key pair, session token (1 in 4), extra headers
with random name case, oddly spaced values (leading/trailing/inner runs of
spaces) and repeated header lines. Header names never include the
hop-by-hop ones botocore refuses to sign, nor the ones libcurl manages
itself (Content-Length, Accept, User-Agent, Expect)."""
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
from unittest import mock

import genlib

DEFAULT_SEED = 20240115  # tests/integration/sigv4_crosscheck.sh SIGV4_SEED
CHECK_COUNT = 60

OPS = ["CreateBackup", "DeleteBackup", "DescribeBackup", "ListBackups", "RestoreTableFromBackup",
       "RestoreTableToPointInTime", "UpdateContinuousBackups", "DescribeContinuousBackups", "CreateTable",
       "DescribeTable", "DeleteTable"]
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1", "cn-north-1"]
EXTRA_NAMES = ["X-Amz-Client-Context", "X-Custom-Trace", "X-Request-Tag", "X-Amz-Meta-Note", "X-Foo-Bar",
               "Amz-Sdk-Invocation-Id", "Amz-Sdk-Request", "X-Odd", "X-Long-Header-Name-For-Testing"]
UNICODE = ["\u00e9", "\u00fc", "\u4e2d\u6587", "\U0001f600", "\u0416", "\u05d0", "\u2603", "\u00df", "\U0001f4be",
           "\\", "\"", "\n", "\t", "/", "\u0000"]
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def rand_text(r, lo=0, hi=24):
    out = []
    for _ in range(r.randint(lo, hi)):
        if r.random() < 0.25:
            out.append(r.choice(UNICODE))
        else:
            out.append(chr(r.randint(0x20, 0x7e)))
    return "".join(out)


def rand_json(r, depth=0):
    k = r.random()
    if depth > 2 or k < 0.3:
        return rand_text(r)
    if k < 0.45:
        return r.choice([r.randint(-10**12, 10**12), r.random() * 1e9, True, False, None])
    if k < 0.7:
        return [rand_json(r, depth + 1) for _ in range(r.randint(0, 4))]
    return {rand_text(r, 1, 12): rand_json(r, depth + 1) for _ in range(r.randint(0, 5))}


def rand_body(r, op):
    body = {"TableName": "t" + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789_.-") for _ in range(8))}
    if op in ("RestoreTableFromBackup", "RestoreTableToPointInTime"):
        body["TargetTableName"] = rand_text(r, 3, 20)
    for _ in range(r.randint(0, 4)):
        body[rand_text(r, 1, 10)] = rand_json(r)
    if r.random() < 0.1:
        return "{}"
    return json.dumps(body, ensure_ascii=r.random() < 0.2, separators=(",", ":") if r.random() < 0.7 else None)


def odd_space(r, v):
    """Leading/trailing spaces and inner runs of spaces (never tabs: libcurl keeps tabs as they are)."""
    words = v.split(" ")
    sep = lambda: " " * r.randint(1, 4)
    return " " * r.randint(1, 3) + sep().join(words) + " " * r.randint(0, 3)


def rand_value(r):
    words = ["".join(r.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=/;:+")
                     for _ in range(r.randint(1, 10))) for _ in range(r.randint(1, 4))]
    return " ".join(words)


def rand_case(r, name):
    return "".join(c.upper() if r.random() < 0.5 else c.lower() for c in name)


def gen(r, i):
    op = r.choice(OPS)
    region = r.choice(REGIONS)
    when = datetime.datetime(2000, 1, 1) + datetime.timedelta(seconds=r.randint(0, 35 * 365 * 86400))
    amz = when.strftime("%Y%m%dT%H%M%SZ")
    host = f"dynamodb.{region}.amazonaws.com" + ("" if r.random() < 0.8 else f":{r.randint(1, 65535)}")
    headers = [["Host", host], ["Content-Type", "application/x-amz-json-1.0"], ["X-Amz-Date", amz],
               ["X-Amz-Target", "DynamoDB_20120810." + op]]
    odd = r.random() < 0.35
    for base in r.sample(EXTRA_NAMES, r.randint(0, 4)):  # distinct names: repeats come only from X-Repeated
        name = rand_case(r, base)
        value = rand_value(r)
        headers.append([name, odd_space(r, value) if odd else value])
    if odd:
        headers[3][1] = odd_space(r, headers[3][1])
    if r.random() < 0.15:  # a repeated header line
        headers.append([rand_case(r, "X-Repeated"), rand_value(r)])
        headers.append([rand_case(r, "X-Repeated"), rand_value(r)])
    r.shuffle(headers)
    akid = "AKIA" + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    secret = "".join(r.choice(B64) for _ in range(40))
    token = None
    if r.random() < 0.25:
        token = "IQoJb3JpZ2luX2Vj" + "".join(r.choice(B64) for _ in range(r.randint(100, 400))) + "=="
    return {"id": i, "amz_date": amz, "region": region, "access_key_id": akid, "secret_access_key": secret,
            "token": token, "headers": headers, "body": rand_body(r, op), "botocore": None}


def botocore_sign(req):
    import botocore.auth
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    host = [v for k, v in req["headers"] if k.lower() == "host"][0]
    areq = AWSRequest(method="POST", url="http://" + host + "/", data=req["body"].encode("utf-8"))
    for k, v in req["headers"]:
        areq.headers[k] = v
    auth = SigV4Auth(Credentials(req["access_key_id"], req["secret_access_key"], req["token"]), "dynamodb",
                     req["region"])
    when = datetime.datetime.strptime(req["amz_date"], "%Y%m%dT%H%M%SZ")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
        auth.add_auth(areq)
    return areq.headers["Authorization"]


def write_requests(seed, count, out):
    r = random.Random(seed)
    try:
        import botocore
        have_botocore = True
        print(f"sigv4-requests: botocore {botocore.__version__}")
    except ImportError:
        have_botocore = False
        print("sigv4-requests: botocore not importable: the botocore comparison is skipped")
    with open(out, "w", encoding="utf-8") as f:
        for i in range(count):
            req = gen(r, i)
            if have_botocore:
                req["botocore"] = botocore_sign(req)
            f.write(json.dumps(req, ensure_ascii=False) + "\n")


def check():
    name = genlib.me(__file__)
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for hash_seed in ("1", "2"):
            out = os.path.join(tmp, "r%s.jsonl" % hash_seed)
            env = dict(os.environ, PYTHONHASHSEED=hash_seed)
            subprocess.run([sys.executable, os.path.abspath(__file__), str(DEFAULT_SEED), str(CHECK_COUNT), out],
                           env=env, check=True, stdout=subprocess.DEVNULL)
            outs.append(open(out, "rb").read())
    lines = [] if outs[0] == outs[1] else ["DIFFERS seed %d: two runs wrote different requests" % DEFAULT_SEED]
    return genlib.report(name, lines, "seed %d gives the same %d requests in every run" % (DEFAULT_SEED, CHECK_COUNT),
                         "make what it writes a function of SEED alone (no hash order, time or unseeded random)")


def main():
    args = sys.argv[1:]
    if genlib.wants_help(args, __doc__):
        return 0
    if args == ["--check"]:
        return check()
    if len(args) != 3:
        print("usage: tools/gen/sigv4-requests.py SEED COUNT OUT.jsonl | --check | --help", file=sys.stderr)
        return 2
    write_requests(int(args[0]), int(args[1]), args[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
