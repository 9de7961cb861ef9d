#!/usr/bin/env python3
"""tools/gen/sigv4-vectors.py - writes the SigV4 vectors tests/data/sigv4/** with botocore's
SigV4Auth (the reference signer). The unit test (tests/unit/test_sigv4.c) only reads the committed
files, so it never needs botocore.

    tools/gen/sigv4-vectors.py            rewrite what differs, remove files it no longer writes
    tools/gen/sigv4-vectors.py --check    re-sign every vector with the machine's botocore and exit 1
                                          when a file differs, is missing, or is an ORPHAN (this
                                          script owns tests/data/sigv4/ except README.md: the .txt
                                          stage files cannot carry a marker, every context.json and
                                          expected.json carries "generatedBy"). Without botocore the
                                          check says so and passes: it has nothing to sign with.

Layout (aws-c-auth style, one folder per case):
  <case>/context.json            credentials, region, service, timestamp, source
  <case>/request.txt             raw HTTP request (LF line ends, body after the blank line, no added newline)
  <case>/canonical-request.txt   botocore's canonical request
  <case>/string-to-sign.txt      botocore's string to sign
  <case>/signature.txt           hex signature
  <case>/authorization.txt       Authorization header value
  negative/<case>/context.json   the server side: accepted credentials, region, service, now
  negative/<case>/request.txt    the request as received (Authorization included)
  negative/<case>/expected.json  {"status", "type", "message", "source"}

Negative expectations are written from the texts recorded against the real
service (facts 1.2 step 4 / 'Auth-error texts'; dynalite index.js comments),
not from our C code, so the unit test can fail.
"""
import datetime
import json
import os
import sys
from unittest import mock

import genlib

try:
    import botocore.auth
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    botocore = None

ME = genlib.me(__file__)
OUT_DIR = "tests/data/sigv4"
FILES = {}  # what this run writes: path relative to the repository -> bytes

AKID = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SUITE_TS = "20150830T123600Z"
DDB_TS = "20240115T093000Z"
DDB_HOST = "dynamodb.us-east-1.amazonaws.com"
JSON10 = "application/x-amz-json-1.0"
# A made-up session token: long, base64-ish, with '/' and '+' and '=' like real ones.
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+EXAMPLETOKEN=="
SUITE_SOURCE = ("AWS SigV4 test suite case (aws-c-auth tests/aws-signing-test-suite/v4, botocore "
                "tests/unit/auth/aws4_testsuite; Apache-2.0); stage files generated with botocore SigV4Auth")
NS = "com.amazon.coral.service#"
R_FACTS = "[R] facts 1.5 'Auth-error texts' (dynalite index.js, recorded against real DynamoDB)"
R_DYN = "[R] dynalite index.js comments (recorded against real DynamoDB), facts 1.2 step 4"


def ts_of(amz):
    return datetime.datetime.strptime(amz, "%Y%m%dT%H%M%SZ")


def iso(amz):
    return ts_of(amz).strftime("%Y-%m-%dT%H:%M:%SZ")


def shift(amz, seconds):
    return (ts_of(amz) + datetime.timedelta(seconds=seconds)).strftime("%Y%m%dT%H%M%SZ")


def raw_request(method, target, headers, body):
    out = f"{method} {target} HTTP/1.1\n".encode()
    for k, v in headers:
        out += f"{k}:{v}\n".encode("utf-8")
    return out + b"\n" + body


def botocore_sign(method, target, headers, body, akid, secret, token, region, service, amz):
    """Returns (request headers after signing, canonical request, string to sign, signature, authorization)."""
    req = AWSRequest(method=method, url="http://" + dict((k.lower(), v) for k, v in headers)["host"] + target,
                     data=body)
    for k, v in headers:
        req.headers[k] = v
    auth = SigV4Auth(Credentials(akid, secret, token), service, region)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=ts_of(amz)):
        auth.add_auth(req)
    authz = req.headers["Authorization"]
    # recompute the stages the way add_auth did, without the header it added
    del req.headers["Authorization"]
    creq = auth.canonical_request(req)
    sts = auth.string_to_sign(req, creq)
    sig = auth.signature(sts, req)
    assert authz.endswith("Signature=" + sig), "stage recomputation drifted from add_auth"
    req.headers["Authorization"] = authz
    return list(req.headers.items()), creq, sts, sig, authz


def write(path, data):
    FILES[os.path.normpath(path)] = data if isinstance(data, bytes) else data.encode("utf-8")


def positive(out, name, method, target, headers, body, region, service, amz, token=None, source=""):
    signed, creq, sts, sig, authz = botocore_sign(method, target, headers, body, AKID, SECRET, token, region,
                                                   service, amz)
    creds = {"access_key_id": AKID, "secret_access_key": SECRET}
    if token:
        creds["token"] = token
    ctx = {"generatedBy": ME, "credentials": creds, "region": region, "service": service, "timestamp": iso(amz),
           "normalize": True, "sign_body": True, "source": source}
    d = os.path.join(out, name)
    write(os.path.join(d, "context.json"), json.dumps(ctx, indent=2, ensure_ascii=False) + "\n")
    write(os.path.join(d, "request.txt"), raw_request(method, target, headers, body))
    write(os.path.join(d, "canonical-request.txt"), creq)
    write(os.path.join(d, "string-to-sign.txt"), sts)
    write(os.path.join(d, "signature.txt"), sig)
    write(os.path.join(d, "authorization.txt"), authz)


def ddb_headers(op, amz=DDB_TS, extra=()):
    return [("Host", DDB_HOST), ("Content-Type", JSON10), ("X-Amz-Date", amz),
            ("X-Amz-Target", "DynamoDB_20120810." + op)] + list(extra)


def negative(out, name, headers, body, expected_status, expected_message, source, target="/",
             server_creds=None, now=DDB_TS, region="us-east-1"):
    if server_creds is None:
        server_creds = [{"access_key_id": AKID, "secret_access_key": SECRET}]
    ctx = {"generatedBy": ME, "server": {"credentials": server_creds, "region": region, "service": "dynamodb", "now": iso(now)}}
    exp = {"generatedBy": ME, "status": expected_status, "type": (NS + expected_status) if expected_status != "OK" else None,
           "message": expected_message, "source": source}
    d = os.path.join(out, "negative", name)
    write(os.path.join(d, "context.json"), json.dumps(ctx, indent=2) + "\n")
    write(os.path.join(d, "request.txt"), raw_request("POST", target, headers, body))
    write(os.path.join(d, "expected.json"), json.dumps(exp, indent=2, ensure_ascii=False) + "\n")


def signed_ddb(op, body, amz=DDB_TS, akid=AKID, secret=SECRET, token=None, extra=()):
    hdrs = ddb_headers(op, amz, extra)
    signed, creq, sts, sig, authz = botocore_sign("POST", "/", hdrs, body, akid, secret, token, "us-east-1",
                                                   "dynamodb", amz)
    return [(k, v) for k, v in signed], creq, sts, sig, authz


def replace_auth(headers, value):
    return [(k, value if k.lower() == "authorization" else v) for k, v in headers]


def produce():
    FILES.clear()
    out = OUT_DIR
    src = SUITE_SOURCE
    host = "example.amazonaws.com"
    positive(out, "get-vanilla", "GET", "/", [("Host", host), ("X-Amz-Date", SUITE_TS)], b"", "us-east-1",
             "service", SUITE_TS, source=src)
    positive(out, "post-vanilla", "POST", "/", [("Host", host), ("X-Amz-Date", SUITE_TS)], b"", "us-east-1",
             "service", SUITE_TS, source=src)
    positive(out, "post-x-www-form-urlencoded", "POST", "/",
             [("Content-Type", "application/x-www-form-urlencoded"), ("Host", host), ("X-Amz-Date", SUITE_TS)],
             b"Param1=value1", "us-east-1", "service", SUITE_TS, source=src)

    ddb_src = "DynamoDB-shaped (facts 1.1: POST /, X-Amz-Target, awsJson1_0, signing name dynamodb); " \
              "stage files generated with botocore SigV4Auth"
    positive(out, "ddb-list-backups", "POST", "/", ddb_headers("ListBackups"), b"{}", "us-east-1", "dynamodb",
             DDB_TS, source=ddb_src)
    positive(out, "ddb-create-backup-session-token", "POST", "/", ddb_headers("CreateBackup"),
             b'{"TableName":"Music","BackupName":"MusicBackup"}', "us-east-1", "dynamodb", DDB_TS, token=TOKEN,
             source=ddb_src + "; token in context.json, the signer adds X-Amz-Security-Token")
    positive(out, "ddb-odd-spacing-and-duplicates", "POST", "/",
             [("Host", DDB_HOST), ("Content-Type", "  " + JSON10 + " "), ("X-Amz-Date", DDB_TS),
              ("X-Amz-Target", "DynamoDB_20120810.DescribeBackup   "), ("X-Odd-Spacing", "  a   b \t c  d  "),
              ("X-Dup", "one"), ("x-dup", "  two   2 ")],
             b'{"BackupArn":"arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/01489173575360-b308cd7d"}',
             "us-east-1", "dynamodb", DDB_TS,
             source=ddb_src + "; values trimmed, inner whitespace collapsed, duplicate lines joined with ','")
    positive(out, "ddb-non-ascii-body", "POST", "/", ddb_headers("RestoreTableFromBackup"),
             '{"TargetTableName":"Musik-\u00e9\u00e8","BackupArn":"arn:aws:dynamodb:us-east-1:123456789012:'
             'table/M\u00fcsic/backup/01489173575360-b308cd7d","Note":"\u4e2d\u6587 \U0001f600"}'.encode(),
             "us-east-1", "dynamodb", DDB_TS, source=ddb_src + "; UTF-8 body (2-, 3- and 4-byte sequences)")
    positive(out, "ddb-pitr-eu-west-1", "POST", "/",
             [("Host", "dynamodb.eu-west-1.amazonaws.com"), ("Content-Type", JSON10), ("X-Amz-Date", DDB_TS),
              ("X-Amz-Target", "DynamoDB_20120810.RestoreTableToPointInTime")],
             b'{"SourceTableName":"Music","TargetTableName":"MusicRestored","RestoreDateTime":1705310000}',
             "eu-west-1", "dynamodb", DDB_TS, source=ddb_src + "; another region in the scope")

    # ---- negatives -------------------------------------------------------
    body = b'{"TableName":"Music","BackupName":"MusicBackup"}'
    hdrs, creq, sts, sig, authz = signed_ddb("CreateBackup", body)
    bad = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    negative(out, "bad-signature", replace_auth(hdrs, authz.replace(sig, bad)), body, "InvalidSignatureException",
             "The request signature we calculated does not match the signature you provided. Check your AWS "
             "Secret Access Key and signing method. Consult the service documentation for details.\n\n"
             "The Canonical String for this request should have been\n'" + creq + "'\n\n"
             "The String-to-Sign should have been\n'" + sts + "'\n",
             R_DYN + "; canonical string dump in the recorded layout")
    # body changed after signing: the signature no longer covers it (what a fuzzer that forgets to re-sign sends)
    body2 = b'{"TableName":"Music","BackupName":"MusicBackup2"}'
    _, creq2, sts2, _, _ = signed_ddb("CreateBackup", body2)
    negative(out, "body-changed-after-signing", hdrs, body2, "InvalidSignatureException",
             "The request signature we calculated does not match the signature you provided. Check your AWS "
             "Secret Access Key and signing method. Consult the service documentation for details.\n\n"
             "The Canonical String for this request should have been\n'" + creq2 + "'\n\n"
             "The String-to-Sign should have been\n'" + sts2 + "'\n", R_DYN)

    stale = shift(DDB_TS, -16 * 60)
    h, *_ = signed_ddb("ListBackups", b"{}", amz=stale)
    negative(out, "stale-date", h, b"{}", "InvalidSignatureException",
             f"Signature expired: {stale} is now earlier than {shift(DDB_TS, -15 * 60)} ({DDB_TS} - 15 min.)",
             R_FACTS)
    edge = shift(DDB_TS, -15 * 60)
    h, *_ = signed_ddb("ListBackups", b"{}", amz=edge)
    negative(out, "date-exactly-15-minutes-old-is-accepted", h, b"{}", "OK", "",
             "[I] the recorded text says 'earlier than (now - 15 min.)': exactly 15 minutes is not earlier")
    future = shift(DDB_TS, 16 * 60)
    h, *_ = signed_ddb("ListBackups", b"{}", amz=future)
    negative(out, "future-date", h, b"{}", "InvalidSignatureException",
             f"Signature not yet current: {future} is still later than {shift(DDB_TS, 15 * 60)} "
             f"({DDB_TS} + 15 min.)",
             "[I] mirror of the expired text; wording recorded from another AWS service "
             "(serverless/enterprise#11, '+ 5 min.' there)")

    h, *_ = signed_ddb("ListBackups", b"{}")
    unsigned_host = [(k, v.replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;")
                      if k == "Authorization" else v) for k, v in h]
    assert unsigned_host != h
    negative(out, "unsigned-host", unsigned_host, b"{}", "InvalidSignatureException",
             "'Host' must be a 'SignedHeader' in the AWS Authorization.", R_FACTS)

    h, *_ = signed_ddb("ListBackups", b"{}")
    with_token = [{"access_key_id": AKID, "secret_access_key": SECRET, "token": TOKEN}]
    negative(out, "missing-token", h, b"{}", "UnrecognizedClientException",
             "The security token included in the request is invalid", R_DYN + " (token check: no final period)",
             server_creds=with_token)
    h, *_ = signed_ddb("ListBackups", b"{}", token=TOKEN[:-4] + "AAA=")
    negative(out, "wrong-token", h, b"{}", "UnrecognizedClientException",
             "The security token included in the request is invalid", R_DYN, server_creds=with_token)
    h, *_ = signed_ddb("ListBackups", b"{}", token=TOKEN)
    negative(out, "right-token-is-accepted", h, b"{}", "OK", "", "botocore-signed with the configured token",
             server_creds=with_token)

    h, *_ = signed_ddb("ListBackups", b"{}", akid="AKIDUNKNOWNEXAMPLE")
    negative(out, "unknown-key", h, b"{}", "UnrecognizedClientException",
             "The security token included in the request is invalid.", R_DYN + " (key id check: final period)")
    h, *_ = signed_ddb("ListBackups", b"{}", secret="not-the-secret")
    _, creq3, sts3, *_ = signed_ddb("ListBackups", b"{}")
    negative(out, "wrong-secret", h, b"{}", "InvalidSignatureException",
             "The request signature we calculated does not match the signature you provided. Check your AWS "
             "Secret Access Key and signing method. Consult the service documentation for details.\n\n"
             "The Canonical String for this request should have been\n'" + creq3 + "'\n\n"
             "The String-to-Sign should have been\n'" + sts3 + "'\n", R_DYN)

    base = ddb_headers("ListBackups")
    negative(out, "no-authorization", base, b"{}", "MissingAuthenticationTokenException",
             "Request is missing Authentication Token", R_FACTS)
    negative(out, "authorization-not-aws4", base + [("Authorization", "Basic QUtJRDpzZWNyZXQ=")], b"{}",
             "MissingAuthenticationTokenException", "Request is missing Authentication Token", R_FACTS)
    no_date = [(k, v) for k, v in base if k != "X-Amz-Date"]
    negative(out, "bare-aws4-and-no-date", no_date + [("Authorization", "AWS4-")], b"{}",
             "IncompleteSignatureException",
             "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
             "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
             "existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-", R_FACTS)
    partial = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/dynamodb/aws4_request, " \
              "SignedHeaders=host;x-amz-date"
    negative(out, "missing-signature-part", base + [("Authorization", partial)], b"{}",
             "IncompleteSignatureException",
             "Authorization header requires 'Signature' parameter. Authorization=" + partial,
             R_FACTS + " (parts present only for what is missing)")
    good_form = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/dynamodb/aws4_request, " \
                "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64
    bad_date = [(k, "201" if k == "X-Amz-Date" else v) for k, v in base]
    negative(out, "bad-date-format", bad_date + [("Authorization", good_form)], b"{}",
             "IncompleteSignatureException",
             "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601",
             R_FACTS)
    negative(out, "credential-with-four-parts",
             base + [("Authorization", good_form.replace("AKIDEXAMPLE/20240115/us-east-1/dynamodb/aws4_request",
                                                         "a/b/c/d"))], b"{}",
             "IncompleteSignatureException",
             "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
             "got 'a/b/c/d'", R_FACTS)
    negative(out, "credential-scope-all-wrong",
             base + [("Authorization", good_form.replace("AKIDEXAMPLE/20240115/us-east-1/dynamodb/aws4_request",
                                                         "AKIDEXAMPLE/20240114/eu-west-1/dynamo/aws4_reques"))],
             b"{}", "InvalidSignatureException",
             "Credential should be scoped to a valid region, not 'eu-west-1'. Credential should be scoped to "
             "correct service: 'dynamodb'. Credential should be scoped with a valid terminator: 'aws4_request', "
             "not 'aws4_reques'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
             "from HTTP: '20240114' != '20240115', from '20240115T093000Z'.",
             R_DYN + "; clauses joined with one space [I]")
    negative(out, "unsupported-algorithm",
             base + [("Authorization", good_form.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA25"))], b"{}",
             "IncompleteSignatureException",
             "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ", R_DYN)
    negative(out, "both-query-and-header", base + [("Authorization", good_form)], b"{}",
             "InvalidSignatureException",
             "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.", R_FACTS,
             target="/?X-Amz-Algorithm=AWS4-HMAC-SHA256")
    negative(out, "form-only-mode-accepts-any-signature", base + [("Authorization", good_form)], b"{}", "OK", "",
             "[S:rule-serve-auth-form]: with no credentials configured only the header's form is checked",
             server_creds=[])
    negative(out, "form-only-mode-still-checks-the-form", no_date + [("Authorization", good_form)], b"{}",
             "IncompleteSignatureException",
             "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
             "Authorization=" + good_form, R_FACTS, server_creds=[])


    return dict(FILES)


def owned():
    return [f for f in genlib.files_under(OUT_DIR) if f != os.path.join(OUT_DIR, "README.md")]


def main():
    if genlib.wants_help(sys.argv[1:], __doc__):
        return 0
    if botocore is None:
        print("%s: botocore is not importable: nothing to sign with, %s" % (
            ME, "the vectors are left as they are" if "--check" not in sys.argv else "check skipped"))
        return 0
    return genlib.run(__file__, __doc__, produce, owned)


if __name__ == "__main__":
    sys.exit(main())
