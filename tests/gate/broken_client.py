#!/usr/bin/env python3
"""broken_client.py - deliberately broken DynamoDB clients for the gate's tests.

usage: python3 broken_client.py MODE

Each MODE breaks one client rule of spec/client-rules.json and otherwise
behaves: raw http.client, its own SigV4 signing (hashlib/hmac, as the IAM User
Guide describes it), the endpoint, credentials and region from the AWS_*
variables `ddbconform gate` sets, and User-Agent "broken-MODE/1.0" so that each
is its own client in the report.

  never-retries       gives up on the first throttled / failed / reset answer   retry.after-fault
  retries-validation  retries a ValidationException twice (with backoff)        retry.non-retryable
  no-backoff          retries at once, without waiting                          retry.backoff
  retries-forever     retries a throttled call 15 times                         retry.max-attempts
  stale-date          signs with an X-Amz-Date 20 minutes old                   signing.clock-skew
  unsigned-target     leaves X-Amz-Target out of SignedHeaders                  signing.amz-headers-signed

Exits 0 once its calls are done, whatever the answers: the verdict is gate's."""
import datetime
import hashlib
import hmac
import http.client
import json
import os
import sys
import time
import urllib.parse

MODE = sys.argv[1]
ENDPOINT = urllib.parse.urlparse(os.environ["AWS_ENDPOINT_URL_DYNAMODB"])
REGION = os.environ["AWS_REGION"]
AKID = os.environ["AWS_ACCESS_KEY_ID"]
SECRET = os.environ["AWS_SECRET_ACCESS_KEY"]


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signed_headers(op, body, skew_s=0, sign_target=True):
    """The request headers with a SigV4 Authorization over them."""
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=skew_s)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    host = ENDPOINT.netloc
    headers = {"content-type": "application/x-amz-json-1.0", "host": host, "x-amz-date": amz_date,
               "x-amz-target": "DynamoDB_20120810." + op}
    names = sorted(n for n in headers if sign_target or n != "x-amz-target")
    canonical = "\n".join(["POST", "/", "", "".join("%s:%s\n" % (n, headers[n]) for n in names), ";".join(names),
                           hashlib.sha256(body).hexdigest()])
    scope = "%s/%s/dynamodb/aws4_request" % (amz_date[:8], REGION)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(("AWS4" + SECRET).encode(), amz_date[:8])
    for part in (REGION, "dynamodb", "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        AKID, scope, ";".join(names), signature)
    headers["user-agent"] = "broken-%s/1.0" % MODE
    return headers


def send(op, payload, **sign):
    """One attempt: (status, error name) or (None, 'reset') when no answer came."""
    body = json.dumps(payload).encode()
    conn = http.client.HTTPConnection(ENDPOINT.hostname, ENDPOINT.port, timeout=10)
    try:
        conn.request("POST", "/", body=body, headers=signed_headers(op, body, **sign))
        resp = conn.getresponse()
        data = resp.read()
        try:
            error = json.loads(data).get("__type", "").split("#")[-1]
        except ValueError:
            error = "unreadable"
        return resp.status, error
    except (ConnectionError, http.client.HTTPException, OSError):
        return None, "reset"
    finally:
        conn.close()


def ok(status):
    return status is not None and 200 <= status < 300


if MODE == "never-retries":
    for i in range(12):
        send("ListBackups", {"Limit": 10 + i})  # whatever came back, on to the next call
elif MODE == "retries-validation":
    for delay in (0, 0.05, 0.1):
        time.sleep(delay)
        status, error = send("CreateBackup", {"TableName": "Music", "BackupName": "not valid!"})
        if ok(status):
            break
elif MODE == "no-backoff":
    for i in range(6):  # 18 retries: caught even when a loaded machine delays a few past 3 ms
        for attempt in range(4):
            status, _ = send("ListBackups", {"Limit": 20 + i})
            if ok(status):
                break
elif MODE == "retries-forever":
    for attempt in range(15):
        status, _ = send("ListBackups", {"Limit": 42})
        if ok(status):
            break
        time.sleep(min(0.005 * 2 ** attempt, 0.04))
elif MODE == "stale-date":
    send("ListBackups", {}, skew_s=-20 * 60)
elif MODE == "unsigned-target":
    send("ListBackups", {}, sign_target=False)
    send("ListBackups", {"Limit": 5}, sign_target=False)
else:
    sys.exit("unknown mode " + MODE)
