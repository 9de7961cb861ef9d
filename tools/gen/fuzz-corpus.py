#!/usr/bin/env python3
"""tools/gen/fuzz-corpus.py - writes the fuzz dictionaries fuzz/<target>.dict and, on request,
the seed corpora corpus/<target>/, from the repository's own data:

  json      the golden cases, the fact table's request bodies and contexts,
            the recorded response bodies of tests/data/check
  validate  every row of tests/data/validate/table.json (op byte, context
            flag, 16-bit context length, context, body: see fuzz/validate.c)
  check     the recorded responses of tests/data/check with their status and
            the service's headers (crc32 computed), for the operation they
            answer, strict and compat
  sigv4     the SigV4 vectors of tests/data/sigv4 (request.txt, the AWS test
            suite's layout), re-framed as fuzz/fuzz_util.h messages
  cases     the golden case files as they are
  serve     each golden case's calls in order (includes expanded), ${var}s
            filled, as one input of "=====" separated requests with a
            well-formed (form-only) SigV4 Authorization header

    tools/gen/fuzz-corpus.py            rewrite the dictionaries that differ (make regen)
    tools/gen/fuzz-corpus.py --seeds    also add every seed to corpus/<target>/ (make fuzz-corpus;
                                        --clean empties the corpora first); then make fuzz-merge
    tools/gen/fuzz-corpus.py --check    exit 1 when a dictionary differs, is missing, or is an
                                        ORPHAN (a fuzz/*.dict whose first line names this script
                                        for a target it no longer writes)

The corpora are not checked: they are the fuzzers' starting points, named by content hash,
minimized by make fuzz-merge (libFuzzer -merge=1 keeps a subset with the same coverage, under
its own names) and grown by fuzzing, so they are no function of this script.
"""
import glob
import hashlib
import json
import os
import re
import sys
import zlib

import genlib

os.chdir(genlib.TOP)
ME = genlib.me(__file__)
DICTS = {}  # fuzz/<target>.dict -> bytes

OPS = sorted(os.path.basename(p)[:-5] for p in glob.glob("spec/operations/*.json"))
OP_INDEX = {op: i for i, op in enumerate(OPS)}
SEPARATOR = b"\n=====\n"
AMZ_DATE = "20231114T221320Z"  # fuzz/serve.c S_CLOCK_MS
TARGETS = ["json", "validate", "check", "sigv4", "cases", "serve"]


def compact(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode()


def write(target, data):
    d = os.path.join("corpus", target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def message(first, headers, body):
    out = first.encode() + b"\n"
    for k, v in headers:
        out += ("%s: %s\n" % (k, v)).encode()
    return out + b"\n" + body


def case_files():
    """Case files; glob skips hidden folders, so cases/.fixtures is not read as cases."""
    return sorted(p for p in glob.glob("cases/**/*.json", recursive=True))


def expand_includes(steps):
    """{"include": name} steps replaced by the steps of cases/.fixtures/<name>.json (cases/README.md)."""
    out = []
    for st in steps:
        if set(st) == {"include"}:
            out.extend(json.load(open(os.path.join("cases", ".fixtures", st["include"] + ".json")))["steps"])
        else:
            out.append(st)
    return out


VAR_RE = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


def subst(v, env):
    if isinstance(v, str):
        m = VAR_RE.fullmatch(v)
        if m and m.group(1) in env and not isinstance(env[m.group(1)], str):
            return env[m.group(1)]
        return VAR_RE.sub(lambda m: str(env.get(m.group(1), "x")), v)
    if isinstance(v, list):
        return [subst(x, env) for x in v]
    if isinstance(v, dict):
        return {k: subst(x, env) for k, x in v.items()}
    return v


def serve_request(op, body, extra_headers):
    headers = {
        "Host": "127.0.0.1:8000",
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": "DynamoDB_20120810." + op,
        "X-Amz-Date": AMZ_DATE,
        "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/%s/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=%s" % (AMZ_DATE[:8], "0" * 64),
    }
    for k, v in (extra_headers or {}).items():
        for existing in list(headers):
            if existing.lower() == k.lower():
                del headers[existing]
        if v is not None:
            headers[k] = str(v)
    return message("POST /", list(headers.items()), body)


def gen_cases_json_serve():
    for path in case_files():
        raw = open(path, "rb").read()
        write("cases", raw)
        write("json", raw)
        c = json.loads(raw)
        env = {"unique": "fz01", "uuid": "00000000-0000-4000-8000-000000000000", "now": 1700000000,
               "region": "us-east-1", "arn": "arn:aws:dynamodb:us-east-1:123456789012:table/fz01-src/backup/"
               "01700000000000-00000001"}
        for k, v in (c.get("vars") or {}).items():
            env[k] = subst(v, env)
        reqs = []
        for st in expand_includes(c.get("steps", []) + c.get("cleanup", [])):
            for call in (st, st.get("wait") or {}):
                if "op" not in call:
                    continue
                if "rawBody" in call:
                    body = subst(call["rawBody"], env).encode()
                else:
                    body = compact(subst(call.get("request", {}), env))
                    write("json", body)
                reqs.append(serve_request(call["op"], body, subst(call.get("headers"), env)))
        if reqs:
            write("serve", SEPARATOR.join(reqs))
    # the transport paths: health, test control, CORS, a wrong method
    write("serve", message("GET /", [], b""))
    write("serve", message("POST /_ddbconform/clock?advance=60", [], b""))
    write("serve", message("OPTIONS /", [("Origin", "http://localhost")], b""))
    write("serve", message("PUT /", [("Content-Type", "application/json")], b"{}"))


def gen_validate():
    rows = json.load(open("tests/data/validate/table.json"))["cases"]
    for row in rows:
        body = row["raw"].encode() if "raw" in row else compact(row["request"])
        head = bytes([OP_INDEX[row["op"]]])
        if "context" in row:
            ctx = compact(row["context"])
            data = head + b"\x01" + len(ctx).to_bytes(2, "big") + ctx + body
            write("json", ctx)
        else:
            data = head + b"\x00" + body
        write("validate", data)
        write("json", body)


CHECK_OPS = [("create-backup", "CreateBackup"), ("describe-backup", "DescribeBackup"),
             ("delete-backup", "DeleteBackup"), ("restore-from-backup", "RestoreTableFromBackup"),
             ("restore-to-point-in-time", "RestoreTableToPointInTime"),
             ("update-continuous-backups", "UpdateContinuousBackups"),
             ("describe-continuous-backups", "DescribeContinuousBackups")]


def gen_check():
    for path in sorted(glob.glob("tests/data/check/r*")):
        body = open(path, "rb").read()
        name = os.path.basename(path)
        op, status = "CreateBackup", 400
        for key, o in CHECK_OPS:
            if key in name:
                op, status = o, 200
        ctype = "application/x-amz-json-1.0"
        if name.endswith(".xml"):
            status, ctype = 404, None
        if name.endswith(".json"):
            write("json", body)
        headers = [("x-amzn-RequestId", "RFMTVB72A6E2J39HBPIK8SHBN7VV4KQNSO5AEMVJF66Q9ASUAAJG")]
        if ctype:
            headers.append(("Content-Type", ctype))
        headers += [("x-amz-crc32", str(zlib.crc32(body))), ("Content-Length", str(len(body)))]
        for level in (0, 1):
            write("check", bytes([OP_INDEX[op], level]) + message(str(status), headers, body))
    html = open("tests/data/check/x-html-500.html", "rb").read()
    write("check", bytes([OP_INDEX["ListBackups"], 0]) + message("500", [("Content-Type", "text/html")], html))


def gen_sigv4():
    for path in sorted(glob.glob("tests/data/sigv4/**/request.txt", recursive=True)):
        raw = open(path, "rb").read().replace(b"\r\n", b"\n")
        head, _, body = raw.partition(b"\n\n")
        lines = head.split(b"\n")
        first = re.sub(rb" HTTP/1\.[01]$", b"", lines[0])
        write("sigv4", first + b"\n" + b"".join(l + b"\n" for l in lines[1:]) + b"\n" + body)


JSON_TOKENS = ['"{"', '"}"', '"["', '"]"', '":"', '","', '"true"', '"false"', '"null"', '"\\""', '"\\\\u0000"',
               '"\\\\ud800"', '"1e400"', '"-0"', '"9223372036854775808"', '"1.584532379393E9"', '"\\xef\\xbf\\xbf"',
               '"\\xc0\\x80"', '"\\xf4\\x90\\x80\\x80"']


def dict_line(s):
    out = ""
    for ch in s.encode():
        if ch in (0x22, 0x5C):
            out += "\\" + chr(ch)
        elif 0x20 <= ch < 0x7F:
            out += chr(ch)
        else:
            out += "\\x%02x" % ch
    return '"%s"' % out


def spec_words():
    words = set(OPS)
    shapes = json.load(open("spec/shapes.json"))

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k in ("members",) and isinstance(x, dict):
                    words.update(x.keys())
                if k == "enum" and isinstance(x, list):
                    words.update(e for e in x if isinstance(e, str))
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(shapes)
    for p in glob.glob("spec/operations/*.json"):
        walk(json.load(open(p)))
    errs = json.load(open("spec/errors.json"))
    walk(errs)
    for e in (errs.get("errors") or {}):
        words.add(e if isinstance(e, str) else e.get("name", ""))
    words.discard("")
    return sorted(w for w in words if len(w) < 64)


def write_dict(target, entries):
    seen, lines = set(), ["# fuzz/%s.dict - generated by %s (AFL/libFuzzer syntax)" % (target, ME)]
    for e in entries:
        if e not in seen:
            seen.add(e)
            lines.append(e)
    DICTS["fuzz/%s.dict" % target] = ("\n".join(lines) + "\n").encode()


def gen_dicts():
    words = [dict_line('"%s"' % w) for w in spec_words()]
    write_dict("json", JSON_TOKENS)
    write_dict("validate", JSON_TOKENS + words + [dict_line('"%s"' % k) for k in
               ("sourceTable", "backup", "continuousBackups", "now", "region")])
    http = [dict_line(s) for s in ("Content-Type: ", "application/x-amz-json-1.0", "application/json",
                                   "x-amzn-RequestId: ", "x-amz-crc32: ", "Content-Length: ", "Host: ",
                                   "X-Amz-Target: ", "DynamoDB_20120810.", "X-Amz-Date: ", "Authorization: ",
                                   "X-Amz-Security-Token: ", "\n\n", "200", "400", "404", "413", "500")]
    errs = [dict_line('"com.amazon.coral.validate#ValidationException"'),
            dict_line('"com.amazonaws.dynamodb.v20120810#"'), dict_line('"com.amazon.coral.service#"'),
            dict_line('"__type"'), dict_line('"message"'), dict_line('"Message"'), dict_line("<UnknownOperationException/>")]
    write_dict("check", JSON_TOKENS + http + errs + words)
    sig = [dict_line(s) for s in ("AWS4-HMAC-SHA256", " Credential=", ", SignedHeaders=", ", Signature=",
                                  "AKIDEXAMPLE/", "/us-east-1/dynamodb/aws4_request", "aws4_request",
                                  "20150830T123600Z", "20150830", "X-Amz-Algorithm=", "host;x-amz-date",
                                  "%2F", "%20", "/./", "/../", "//", "?", "&", "=", "Date: ")]
    write_dict("sigv4", http + sig)
    case_keys = ["generatedBy", "include", "id", "description", "source", "level", "tags", "vars", "steps", "cleanup", "op", "request",
                 "rawBody", "headers", "sign", "expect", "status", "error", "namespace", "messageKey",
                 "message", "clauses", "count", "regex", "body", "capture", "wait", "until", "timeout",
                 "interval", "strict", "both", "$capture", "$any", "$absent", "$regex", "$in", "$type", "$arn",
                 "$epoch", "$between", "$contains", "$each", "$exact", "$len", "$error", "near", "within",
                 "${unique}", "${now}", "${region}", "$${"]
    write_dict("cases", JSON_TOKENS + [dict_line('"%s"' % k) for k in case_keys] + words)
    write_dict("serve", JSON_TOKENS + http + sig + words + [dict_line("\n=====\n"), dict_line("POST / "),
                                                             dict_line("/_ddbconform/clock?advance=")])


def produce():
    DICTS.clear()
    gen_dicts()
    return dict(DICTS)


def main():
    args = sys.argv[1:]
    if genlib.wants_help(args, __doc__):
        return 0
    if "--seeds" not in args:
        return genlib.run(__file__, __doc__, produce, lambda: genlib.marked_text("fuzz", ME, ".dict"), args)
    if "--clean" in args:
        for t in TARGETS:
            for f in glob.glob(os.path.join("corpus", t, "*")):
                os.remove(f)
    gen_cases_json_serve()
    gen_validate()
    gen_check()
    gen_sigv4()
    for t in TARGETS:
        print("corpus/%s: %d files" % (t, len(os.listdir(os.path.join("corpus", t)))))
    return genlib.run(__file__, __doc__, produce, lambda: genlib.marked_text("fuzz", ME, ".dict"), [])


if __name__ == "__main__":
    sys.exit(main())
