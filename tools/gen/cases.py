#!/usr/bin/env python3
"""tools/gen/cases.py - writes the golden cases that are derived, not authored (issue 5, issue 10).

    tools/gen/cases.py            write the cases that differ; remove ORPHANs
    tools/gen/cases.py --check    exit 1 naming every generated case that differs from what this
                                  script writes, is missing, or is an ORPHAN: a case file marked
                                  "generatedBy": "tools/gen/cases.py" that it no longer writes

What it writes, and where each expectation comes from:
  * every error row of tests/data/validate/table.json that needs no context (stateless
    validation / serialization answers, each row citing its fact) as a one-step case
    (tools/gen/validate-table.py writes the table: run it first);
  * one violation case per spec constraint of the backup/PITR operations (required,
    min, max, pattern, enum, JSON type), built by walking spec/ the way the service's
    generic validator does ([S:validation-grammar] [R] grammar: "Value <v> at '<path>' failed to
    satisfy constraint: <text>"), starting from each operation's "example" request in
    spec/operations/<Op>.json; enum lists whose service order is unrecorded are
    matched as a regex that accepts any order ([S:enum-order]);
  * auth, serialization and content-type cases for every operation ([S:wire-request], [S:processing-order], [S:error-status]);
  * boundary cases: the limits of the same constraints, from the accepting side.
Each case goes to cases/<group>/ (the operation's "group" in spec/). Every case it writes
carries "generatedBy": "tools/gen/cases.py"; the scenarios (lifecycles, paging, restores,
conflicts, PITR) and the seed cases are hand-written case files without it, and this script
refuses to overwrite one.
"""
import copy
import glob
import json
import os
import re
import sys

import genlib

TOP = genlib.TOP
ME = genlib.me(__file__)
FAKE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/dc-none/backup/01576616366715-b4e58d3a"
OUT = {}

# ----------------------------------------------------------------- helpers


def case(cid, description, source, steps, tags, level="both", vars=None, cleanup=None):
    assert cid not in OUT, cid
    c = {"generatedBy": ME, "id": cid, "description": description, "source": source, "level": level, "tags": tags}
    if "inferred" in tags:
        # the marker the runner reads (cases/README.md "Confidence"); the tag stays for --tags
        c["confidence"] = "inferred"
    if vars:
        c["vars"] = vars
    c["steps"] = steps
    if cleanup:
        c["cleanup"] = cleanup
    OUT[cid] = c


def err(op, request, error, message=None, clauses=None, regex=None, key="unset", ns=None, raw=None, headers=None,
        sign=True, status=400):
    e = {"status": status, "error": error}
    if ns:
        e["namespace"] = ns
    if key != "unset":
        e["messageKey"] = key
    if clauses is not None:
        e["message"] = {"clauses": clauses, "count": len(clauses)}
    elif regex is not None:
        e["message"] = {"regex": regex}
    elif message is not None:
        e["message"] = message
    st = {"op": op}
    if raw is not None:
        st["rawBody"] = raw
    else:
        st["request"] = request
    if headers:
        st["headers"] = headers
    if not sign:
        st["sign"] = False
    st["expect"] = e
    return st


def ok(op, request, body=None):
    st = {"op": op, "request": request, "expect": {"status": 200}}
    if body is not None:
        st["expect"]["body"] = body
    return st


def cl(value, path, constraint):
    v = "null" if value is None else "'%s'" % value
    return "Value %s at '%s' failed to satisfy constraint: %s" % (v, path, constraint)


NN = "Member must not be null"
PAT = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
VAL_NS = "com.amazon.coral.validate"
SVC_NS = "com.amazon.coral.service"
DYN_NS = "com.amazonaws.dynamodb.v20120810"


def regex_quote(s):
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", s)


# ---------------------------------------------------- 1. table.json rows

# rows the seed cases already assert
SEEDED = {"create_backup_empty_name_gives_pattern_and_length_clauses", "describe_backup_empty_arn_is_invalid_backup_arn",
          "list_backups_limit_zero_fails_min", "list_backups_lower_bound_after_upper_is_rejected",
          "restore_empty_target_name_gets_the_legacy_text", "empty_pitr_specification_reports_null_flag"}
SEEN_REQUESTS = set()


def expect_from_row(row):
    e = row["expect"]
    ns, name = e["__type"].split("#")
    kw = {"ns": ns}
    if "Message" in e:
        kw["key"] = "Message"
        kw["message"] = e["Message"]
    elif "message" in e:
        msg = e["message"]
        m = re.match(r"^(\d+) validation errors? detected: (.*)$", msg)
        if m and (e.get("unordered") or int(m.group(1)) > 1):
            kw["clauses"] = m.group(2).split("; ")
        elif name == "ValidationException" and msg.endswith("Pleas"):
            kw["regex"] = "^" + regex_quote(msg)  # the recorded text is truncated ([S:validation-texts])
        else:
            kw["message"] = msg
    else:
        kw["key"] = None
    return name, kw


def table_rows(ops):
    table = json.load(open(os.path.join(TOP, "tests/data/validate/table.json")))
    for row in table["cases"]:
        if row["expect"] is None or "context" in row or row["name"] in SEEDED:
            continue
        op = row["op"]
        name, kw = expect_from_row(row)
        raw = row.get("raw")
        st = err(op, row.get("request"), name, raw=raw, **kw)
        inferred = "[I]" in row["fact"] or "[E]" in row["fact"]
        tags = ["validation" if name == "ValidationException" else "serialization", "from-table"]
        desc = "%s: %s" % (op, row["name"].replace("_", " "))
        if inferred:
            tags.append("inferred")
            desc += " (inferred: the fact is [I] inference or [E] emulator behaviour, see source)"
        SEEN_REQUESTS.add((op, json.dumps(row.get("request"), sort_keys=True), raw))
        cid = "%s/%s" % (ops[op]["group"], row["name"].replace("_", "-"))
        case(cid, desc, row["fact"] + "; tests/data/validate/table.json row " + row["name"], [st], tags)


# ------------------------------------------- 2. one case per spec constraint

def load_spec():
    shapes = json.load(open(os.path.join(TOP, "spec/shapes.json")))["shapes"]
    ops = {}
    for f in sorted(glob.glob(os.path.join(TOP, "spec/operations/*.json"))):
        d = json.load(open(f))
        shapes.update(d.get("shapes", {}))
        ops[d["name"]] = d
    for n, s in shapes.items():
        s["name"] = n
    for name, d in ops.items():
        if "group" not in d or ("example" not in d and not d["plumbing"]):
            sys.exit("%s: spec/operations/%s.json needs \"group\" (its cases/ folder)%s" % (
                ME, name, "" if d["plumbing"] else " and \"example\" (a minimal valid request)"))
    return shapes, ops


# a valid value for every optional member, so that any leaf can be broken alone
FULL_GSI = {"IndexName": "gsi1", "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a1"]},
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            "OnDemandThroughput": {"MaxReadRequestUnits": 1, "MaxWriteRequestUnits": 1},
            "WarmThroughput": {"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1}}
FULL_LSI = {"IndexName": "lsi1", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a1"]}}
# VectorIndex (model 2026-08-04, [S:model-operations] [M] BC): every optional member too (SearchSchema)
FULL_VECTOR = {"IndexName": "vix1", "VectorAttribute": {"AttributeName": "emb"},
               "SearchSchema": [{"AttributeName": "pk", "SearchSchemaElementType": "HASH"}],
               "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a1"]},
               "Dimensions": 3, "DistanceFunction": "COSINE"}
FULL = {
    "GlobalSecondaryIndexOverride": [FULL_GSI], "LocalSecondaryIndexOverride": [FULL_LSI],
    "VectorIndexOverride": [FULL_VECTOR],
    "ProvisionedThroughputOverride": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    "OnDemandThroughputOverride": {"MaxReadRequestUnits": 1, "MaxWriteRequestUnits": 1},
    "SSESpecificationOverride": {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": "alias/aws/dynamodb"},
    "BillingModeOverride": "PROVISIONED", "SourceTableArn": None, "RestoreDateTime": None,
    "TimeRangeLowerBound": 1700000000, "TimeRangeUpperBound": 1700000001, "Limit": 10,
    "ExclusiveStartBackupArn": FAKE_ARN, "BackupType": "USER",
}
# wrong JSON type per shape type -> the SerializationException text ([S:error-body] [R]
# "NUMBER_VALUE cannot be converted to String"; the rest mirror dynalite's typeError [E]
# or are inferred from the Java binding [I], as in tests/data/validate/table.json)
WRONG = {
    "string": (5, "NUMBER_VALUE cannot be converted to String", "[R] [S:error-body] DYN typeError, electricimp"),
    "boolean": ("true", "STRING_VALUE cannot be converted to Boolean", "[I] token name for booleans"),
    "integer": ("5", "STRING_VALUE cannot be converted to Integer", "[E] [S:emu-reference-probes] R12 dynalite"),
    "long": ("5", "STRING_VALUE cannot be converted to Long", "[E] by analogy with [S:emu-reference-probes] R12"),
    "timestamp": ("2020-01-01", "STRING_VALUE cannot be converted to Date", "[I] [S:wire-request] ISO strings unverified"),
    "list": ("x", "Expected list or null", "[E] dynalite typeError"),
    "structure": ("x", "Expected null", "[E] dynalite typeError"),
}


def lower_first(s):
    return s[0].lower() + s[1:]


def walk(shapes, shape_name, wire, vpath, out):
    """Yields (wire path [keys/0 for list elements], validation path, member dict or None, shape)."""
    s = shapes[shape_name]
    if s["type"] == "structure":
        for mname, m in s["members"].items():
            w = wire + [mname]
            v = (vpath + "." if vpath else "") + lower_first(mname)
            out.append((w, v, m, shapes[m["shape"]]))
            walk(shapes, m["shape"], w, v, out)
    elif s["type"] == "list":
        w = wire + [0]
        v = vpath + ".1.member"
        out.append((w, v, None, shapes[s["member"]]))
        walk(shapes, s["member"], w, v, out)


def full(member):
    if member not in FULL:
        sys.exit("%s: no valid value for the optional member %s: add one to FULL (every member of a structure "
                 "or list the sweep must reach needs one)" % (ME, member))
    return copy.deepcopy(FULL[member])


def set_path(req, wire, value, remove=False):
    cur = req
    for i, k in enumerate(wire[:-1]):
        if isinstance(k, str) and (k not in cur or cur[k] is None):
            cur[k] = full(k)
        cur = cur[k]
    last = wire[-1]
    if remove:
        del cur[last]
    else:
        cur[last] = value


def fill(req, wire):
    """Makes sure every container on wire exists (from FULL) so the leaf is reachable."""
    cur = req
    for k in wire[:-1]:
        if isinstance(k, str) and (k not in cur or cur[k] is None):
            cur[k] = full(k)
        cur = cur[k]
    return cur


def enum_regex(value, vpath, s):
    alts = "|".join(regex_quote(x) for x in s["enum"])
    return ("^1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum "
            "value set: \\[(?:%s)(?:, (?:%s)){%d}\\]$" % (regex_quote(value), regex_quote(vpath), alts, alts,
                                                      len(s["enum"]) - 1))


def constraint_cases(shapes, ops):
    for opname, op in ops.items():
        if op["plumbing"]:
            continue
        items = []
        walk(shapes, op["input"], [], "", items)
        group = op["group"]
        short = re.sub(r"(?<!^)(?=[A-Z])", "-", opname).lower()
        for wire, vpath, member, s in items:
            label = "-".join(str(k).lower() if isinstance(k, str) else "elem" for k in wire)
            label = re.sub(r"[^a-z0-9-]", "", label)
            base = copy.deepcopy(op["example"])
            fill(base, wire)
            # make the member itself present and valid first
            parent = fill(base, wire)
            last = wire[-1]
            if isinstance(last, str) and (last not in parent or parent[last] is None):
                if last in FULL and FULL[last] is not None:
                    parent[last] = copy.deepcopy(FULL[last])
            reqd = member is not None and member.get("required")
            src = "[S:validation-grammar] [R] generic validator grammar (DYN, AQ 457); constraint from spec/ (%s, [S:model-operations]/[S:model-scalar-shapes] [M] BC)" % s[
                "name"]
            t = s["type"]

            def add(kind, request, expect_kw, desc, extra_tags=(), source=src):
                key = (opname, json.dumps(request, sort_keys=True), None)
                if key in SEEN_REQUESTS:
                    return
                SEEN_REQUESTS.add(key)
                err_name = expect_kw.pop("error")
                case("%s/%s-%s-%s" % (group, short, label, kind), desc, source,
                     [err(opname, request, err_name, **expect_kw)],
                     ["validation" if err_name == "ValidationException" else "serialization", "constraint"] +
                     list(extra_tags))

            if reqd:
                r = copy.deepcopy(base)
                set_path(r, wire, None, remove=True)
                add("missing", r, {"error": "ValidationException", "clauses": [cl(None, vpath, NN)]},
                    "%s without the required member %s: 1 clause 'Member must not be null'" % (opname, vpath))
            # value constraints; members with a named check get their own texts (spec/README.md)
            check = member.get("check") if member else None
            if t == "string" and check != "backup-arn":
                if "min" in s and s["min"] > 0:
                    v = "ab"[: s["min"] - 1] if s.get("pattern") else "a" * (s["min"] - 1)
                    r = copy.deepcopy(base)
                    set_path(r, wire, v)
                    add("too-short", r, {"error": "ValidationException", "clauses": [cl(v, vpath, "Member must have length greater than or equal to %d" % s["min"])]},
                        "%s.%s of length %d (min %d - 1): 1 length clause" % (opname, vpath, len(v), s["min"]))
                if "max" in s:
                    if check == "table-name-or-arn" or s["name"] == "TableArn":
                        v = "arn:aws:dynamodb:us-east-1:123456789012:table/" + "t" * (s["max"] + 1 - 46)
                    else:
                        v = "a" * (s["max"] + 1)
                    r = copy.deepcopy(base)
                    set_path(r, wire, v)
                    add("too-long", r, {"error": "ValidationException", "clauses": [cl(v, vpath, "Member must have length less than or equal to %d" % s["max"])]},
                        "%s.%s of length %d (max %d + 1): 1 length clause" % (opname, vpath, len(v), s["max"]))
                if "pattern" in s:
                    v = "bad name!"
                    r = copy.deepcopy(base)
                    set_path(r, wire, v)
                    add("pattern", r, {"error": "ValidationException", "clauses": [cl(v, vpath, PAT)]},
                        "%s.%s 'bad name!' breaks the name pattern: 1 pattern clause" % (opname, vpath))
                if "enum" in s:
                    for v, what in (("BOGUS", "an unknown value"), (s["enum"][0].lower(), "a case variant")):
                        r = copy.deepcopy(base)
                        set_path(r, wire, v)
                        recorded = "unrecorded" not in s.get("enumMessageSource", "unrecorded")
                        if recorded:
                            kw = {"error": "ValidationException", "clauses": [cl(v, vpath, "Member must satisfy enum value set: " + s["enumMessage"])]}
                        else:
                            kw = {"error": "ValidationException", "regex": enum_regex(v, vpath, s)}
                        add("enum-" + ("bogus" if v == "BOGUS" else "case"), r, kw,
                            "%s.%s %s ('%s'): enum clause%s" % (opname, vpath, what, v,
                                                               "" if recorded else " (list order unrecorded: any order accepted)"),
                            source=src + ("; enum order " + s["enumMessageSource"] if recorded else "; [S:enum-order]: enum order unrecorded"))
            if t == "string" and check == "backup-arn" and "max" in s and opname == "RestoreTableFromBackup":
                # Describe/DeleteBackup have the same row in tests/data/validate/table.json
                v = FAKE_ARN + "x" * (s["max"] + 1 - len(FAKE_ARN))
                r = copy.deepcopy(base)
                set_path(r, wire, v)
                add("too-long", r, {"error": "ValidationException", "clauses": [cl(v, vpath, "Member must have length less than or equal to %d" % s["max"])]},
                    "%s.%s of length %d (max %d + 1): the generic length clause, not 'Invalid Backup ARN' (as for "
                    "DescribeBackup/DeleteBackup in tests/data/validate/table.json)" % (opname, vpath, len(v), s["max"]))
            if t == "list":
                if "min" in s and s["min"] > 0:
                    r = copy.deepcopy(base)
                    set_path(r, wire, [])
                    add("empty", r, {"error": "ValidationException", "clauses": [cl("[]", vpath, "Member must have length greater than or equal to %d" % s["min"])]},
                        "%s.%s [] (min %d): 1 length clause with the value '[]'" % (opname, vpath, s["min"]))
                if "max" in s:
                    r = copy.deepcopy(base)
                    set_path(r, wire, ["a%d" % i for i in range(s["max"] + 1)])
                    rx = ("^1 validation error detected: Value '.*' at '%s' failed to satisfy constraint: Member must have "
                          "length less than or equal to %d$" % (regex_quote(vpath), s["max"]))
                    add("too-many", r, {"error": "ValidationException", "regex": rx},
                        "%s.%s with %d elements (max %d + 1): 1 length clause (how a list value is printed is "
                        "unrecorded, so the value is not compared)" % (opname, vpath, s["max"] + 1, s["max"]))
            if t in ("integer", "long"):
                if "min" in s:
                    v = s["min"] - 1
                    r = copy.deepcopy(base)
                    set_path(r, wire, v)
                    add("below-min", r, {"error": "ValidationException", "clauses": [cl(str(v), vpath, "Member must have value greater than or equal to %d" % s["min"])]},
                        "%s.%s %d (min %d - 1): 1 value clause" % (opname, vpath, v, s["min"]))
                if "max" in s:
                    v = s["max"] + 1
                    r = copy.deepcopy(base)
                    set_path(r, wire, v)
                    add("above-max", r, {"error": "ValidationException", "clauses": [cl(str(v), vpath, "Member must have value less than or equal to %d" % s["max"])]},
                        "%s.%s %d (max %d + 1): 1 value clause" % (opname, vpath, v, s["max"]))
            if t in WRONG:
                v, text, conf = WRONG[t]
                r = copy.deepcopy(base)
                set_path(r, wire, v)
                tags = [] if conf.startswith("[R]") else ["inferred"]
                add("wrong-type", r, {"error": "SerializationException", "ns": SVC_NS, "key": "Message", "message": text},
                    "%s.%s (%s) given a JSON %s: SerializationException '%s'%s" % (
                        opname, vpath, t, type(v).__name__.replace("str", "string").replace("int", "number"), text,
                        "" if not tags else " (text inferred: " + conf + ")"),
                    tags, source="[S:processing-order] step 5, [S:error-body] [R] (type errors: SerializationException with 'Message'); text " + conf)


# ----------------------------------------- 3. protocol: per-operation auth etc.

AUTH_SRC = "[S:processing-order] step 4 [R≤2020] DYN index.js (auth order and texts); [S:error-status] (all auth errors are HTTP 400)"


def protocol_cases(shapes, ops):
    for op in (name for name, d in ops.items() if not d["plumbing"]):
        short = re.sub(r"(?<!^)(?=[A-Z])", "-", op).lower()
        req = ops[op]["example"]
        case("protocol/%s-unsigned" % short,
             "%s without Authorization: 400 MissingAuthenticationTokenException 'Request is missing Authentication Token'" % op,
             "[S:error-status] MissingAuthenticationTokenException [R] DYN, aws-sdk-ios-samples#111; [S:rec-missing-auth-token]",
             [err(op, req, "MissingAuthenticationTokenException", "Request is missing Authentication Token", ns=SVC_NS,
                  sign=False)], ["auth", "protocol"])
        case("protocol/%s-incomplete-signature" % short,
             "%s with 'Authorization: AWS4-' and no date header: 400 IncompleteSignatureException naming each missing part" % op,
             AUTH_SRC + " (the recorded text for 'Authorization=AWS4-')",
             [err(op, req, "IncompleteSignatureException",
                  "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
                  "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
                  "existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-",
                  ns=SVC_NS, sign=False, headers={"Authorization": "AWS4-"})], ["auth", "protocol"])
        case("protocol/%s-expired-signature" % short,
             "%s signed in 2013: 400 InvalidSignatureException 'Signature expired: 20130301T000000Z is now earlier than ...'" % op,
             AUTH_SRC + " (date and expiry are checked before the key id and the signature)",
             [err(op, req, "InvalidSignatureException",
                  regex="^Signature expired: 20130301T000000Z is now earlier than [0-9]{8}T[0-9]{6}Z \\([0-9]{8}T[0-9]{6}Z - 15 min\\.\\)$",
                  ns=SVC_NS, sign=False,
                  headers={"X-Amz-Date": "20130301T000000Z",
                           "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20130301/${region}/dynamodb/aws4_request, "
                                            "SignedHeaders=host;x-amz-date;x-amz-target, Signature="
                                            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})],
             ["auth", "protocol"])
        case("protocol/%s-empty-body" % short,
             "%s with an empty body: 400 SerializationException without a message member" % op,
             "[S:wire-request] [R] DYN test/listTables.js 'should return 400 if no body'; [S:error-body] (no message)",
             [err(op, None, "SerializationException", ns=SVC_NS, key=None, raw="")], ["serialization", "protocol"])
        case("protocol/%s-array-body" % short,
             "%s with a JSON array as the body: 400 SerializationException without a message (inferred: a non-object "
             "top level is treated like unparseable input)" % op,
             "[S:processing-order] step 2 [I] (non-object top level); tests/data/validate/table.json create_backup_array_body",
             [err(op, None, "SerializationException", ns=SVC_NS, key=None, raw="[]")],
             ["serialization", "protocol", "inferred"])
        case("protocol/%s-json-content-type" % short,
             "%s with Content-Type application/json is accepted like x-amz-json-1.0 and the response echoes it "
             "(answer: the operation's own not-found/validation outcome)" % op,
             "[S:wire-request] [R≤2020] DYN (application/json accepted and echoed)",
             [protocol_json_ct_step(shapes, ops, op)], ["protocol"])
        case("protocol/%s-wrong-content-type" % short,
             "%s with Content-Type application/x-amz-json-1.1: HTTP 404 <UnknownOperationException/>" % op,
             "[S:wire-request] (content types; 404 <UnknownOperationException/>) [R≤2020] DYN test/connection.js",
             [err(op, req, "UnknownOperationException", status=404,
                  headers={"Content-Type": "application/x-amz-json-1.1"})], ["protocol"])


# The request of each operation's json-content-type case, with its one clause. These were chosen by hand
# before the cases were derived from spec/; an operation not listed gets its example without the last
# required member (answered "Member must not be null" without any state).
JSON_CT = {"CreateBackup": ({"TableName": "${unique}-t", "BackupName": "a"},
                            [cl("a", "backupName", "Member must have length greater than or equal to 3")]),
           "DeleteBackup": ({}, [cl(None, "backupArn", NN)]), "DescribeBackup": ({}, [cl(None, "backupArn", NN)]),
           "ListBackups": ({"Limit": 0}, [cl("0", "limit", "Member must have value greater than or equal to 1")]),
           "RestoreTableFromBackup": ({"TargetTableName": "${unique}-r"}, [cl(None, "backupArn", NN)]),
           "RestoreTableToPointInTime": ({"TargetTableName": "${unique}-r", "SourceTableName": "${unique}-s"}, None),
           "UpdateContinuousBackups": ({"TableName": "${unique}-t"},
                                       [cl(None, "pointInTimeRecoverySpecification", NN)]),
           "DescribeContinuousBackups": ({}, [cl(None, "tableName", NN)])}


def json_ct_request(shapes, ops, op):
    if op in JSON_CT:
        return JSON_CT[op]
    req = copy.deepcopy(ops[op]["example"])
    required = [m for m, d in shapes[ops[op]["input"]]["members"].items() if d.get("required")]
    if not required:
        sys.exit("%s: %s has no required member to leave out: add its json-content-type request to JSON_CT" % (ME, op))
    del req[required[-1]]
    return req, [cl(None, lower_first(required[-1]), NN)]


def protocol_json_ct_step(shapes, ops, op):
    """A request every operation answers deterministically without state."""
    req, clauses = json_ct_request(shapes, ops, op)
    headers = {"Content-Type": "application/json"}
    if op == "RestoreTableToPointInTime":
        st = err(op, req, "ValidationException",
                 "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both",
                 headers=headers)
    else:
        st = err(op, req, "ValidationException", clauses=clauses, headers=headers)
    st["expect"]["headers"] = {"Content-Type": {"$regex": "^application/json"}}
    return st


# ------------------------------------------------------ 4. boundary accepted

UNIQUE_LEN = 29  # ${unique}: harness/suite/names.h DC_UNIQUE_LEN

def boundary_cases():
    name255 = "${unique}-" + "x" * (255 - UNIQUE_LEN - 1)
    case("backup/create-name-at-min-and-max-length",
         "CreateBackup BackupName of 3 and of 255 characters passes validation: the answer is the existence check "
         "(TableNotFoundException 'Table not found: <name>') — min and max are inclusive",
         "[S:model-scalar-shapes] [M] BackupName 3..255; [S:processing-order] steps 6-8 and AQ 442 (validation before existence); [S:semantic-error-texts] [R] AQ",
         [err("CreateBackup", {"TableName": "${unique}-t", "BackupName": "abc"}, "TableNotFoundException",
              "Table not found: ${unique}-t"),
          err("CreateBackup", {"TableName": "${unique}-t", "BackupName": "b" * 255}, "TableNotFoundException",
              "Table not found: ${unique}-t"),
          err("CreateBackup", {"TableName": "${unique}-t", "BackupName": "a.b-c_D9"}, "TableNotFoundException",
              "Table not found: ${unique}-t")],
         ["backup", "boundary"])
    case("backup/create-table-name-at-max-length",
         "CreateBackup with a 255-character table name passes validation and is answered by the existence check",
         "[S:model-scalar-shapes] [M] TableName 3..255; [S:semantic-error-texts] TableNotFoundException [R] AQ",
         [err("CreateBackup", {"TableName": name255, "BackupName": "abc"}, "TableNotFoundException",
              "Table not found: " + name255)], ["backup", "boundary"])
    case("list-backups/limit-at-bounds",
         "ListBackups Limit 1 and Limit 100 are accepted (200, BackupSummaries array) — both bounds inclusive",
         "[S:model-operations] ListBackups Limit 1..100 [M] BC; [S:list-backups-rules] [R] AQ 014 (unknown TableName -> 200 [])",
         [ok("ListBackups", {"TableName": "${unique}-none", "Limit": 1},
             {"BackupSummaries": [], "LastEvaluatedBackupArn": {"$absent": True}}),
          ok("ListBackups", {"TableName": "${unique}-none", "Limit": 100},
             {"BackupSummaries": [], "LastEvaluatedBackupArn": {"$absent": True}})],
         ["backup", "boundary"])
    case("list-backups/every-backup-type-is-accepted",
         "ListBackups BackupType USER, SYSTEM, AWS_BACKUP and ALL are each accepted (200) for a table without backups",
         "[S:model-scalar-shapes] BackupTypeFilter [M] BC; [S:list-backups-rules] [R] AQ 014",
         [ok("ListBackups", {"TableName": "${unique}-none", "BackupType": t}, {"BackupSummaries": []})
          for t in ("USER", "SYSTEM", "AWS_BACKUP", "ALL")], ["backup", "boundary"])
    case("list-backups/unknown-table-is-empty",
         "ListBackups with the TableName of a table that never existed: 200 with an empty BackupSummaries and no "
         "LastEvaluatedBackupArn (never TableNotFoundException)",
         "[S:list-backups-rules] [R] AQ 014/016",
         [ok("ListBackups", {"TableName": "${unique}-none"},
             {"BackupSummaries": [], "LastEvaluatedBackupArn": {"$absent": True}})], ["backup"])
    case("list-backups/time-bounds-edges-accepted",
         "ListBackups accepts equal bounds, epoch 0 and a far-future upper bound, and Java-notation doubles (200)",
         "[S:list-backups-rules] [R] AQ 014 (epoch 0 / future bounds accepted); [S:wire-request] timestamps are epoch-second doubles [M] SPEC",
         [ok("ListBackups", {"TableName": "${unique}-none", "TimeRangeLowerBound": 1700000000,
                             "TimeRangeUpperBound": 1700000000}, {"BackupSummaries": []}),
          ok("ListBackups", {"TableName": "${unique}-none", "TimeRangeLowerBound": 0,
                             "TimeRangeUpperBound": 4102444800}, {"BackupSummaries": []}),
          ok("ListBackups", {"TableName": "${unique}-none", "TimeRangeLowerBound": 1584532379.393},
             {"BackupSummaries": []})], ["backup", "boundary"])
    case("continuous-backups/recovery-period-at-bounds",
         "UpdateContinuousBackups RecoveryPeriodInDays 1 and 35 pass validation: the answer is TableNotFoundException "
         "for a table that does not exist",
         "[S:model-operations] RecoveryPeriodInDays 1..35 [M] BC; [S:semantic-error-texts] TableNotFoundException [R] AQ; AQ 442 (validation first)",
         [err("UpdateContinuousBackups", {"TableName": "${unique}-t", "PointInTimeRecoverySpecification": {
             "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": d}}, "TableNotFoundException",
             "Table not found: ${unique}-t") for d in (1, 35)], ["pitr", "boundary"])
    case("continuous-backups/update-missing-table",
         "UpdateContinuousBackups of a table that does not exist: TableNotFoundException 'Table not found: <name>'",
         "[S:semantic-error-texts] TableNotFoundException [R] AQ; [S:emu-moto-backup-api] (moto identical)",
         [err("UpdateContinuousBackups", {"TableName": "${unique}-t", "PointInTimeRecoverySpecification": {
             "PointInTimeRecoveryEnabled": False}}, "TableNotFoundException", "Table not found: ${unique}-t",
             ns=DYN_NS)], ["pitr"])
    case("continuous-backups/describe-name-at-max-length",
         "DescribeContinuousBackups with a 255-character name passes validation: TableNotFoundException",
         "[S:model-scalar-shapes] [M] TableName max 255; [S:semantic-error-texts] [R] AQ",
         [err("DescribeContinuousBackups", {"TableName": name255}, "TableNotFoundException",
              "Table not found: " + name255)], ["pitr", "boundary"])
    case("pitr-restore/missing-source-by-name",
         "RestoreTableToPointInTime from a SourceTableName that does not exist: TableNotFoundException "
         "'Table not found: <name>'",
         "[S:semantic-error-texts] TableNotFoundException (PITR restore by name) [R] AQ; [S:restore-to-point-in-time]",
         [err("RestoreTableToPointInTime", {"SourceTableName": "${unique}-s", "TargetTableName": "${unique}-r",
                                            "UseLatestRestorableTime": True},
              "TableNotFoundException", "Table not found: ${unique}-s", ns=DYN_NS)], ["pitr", "restore"])
    case("pitr-restore/target-name-at-bounds",
         "RestoreTableToPointInTime with 3- and 255-character target names passes validation (answer: the missing "
         "source's TableNotFoundException)",
         "[S:model-scalar-shapes] [M] TableName 3..255; [S:restore-to-point-in-time] [R] AQ 272 (shape before existence)",
         [err("RestoreTableToPointInTime", {"SourceTableName": "${unique}-s", "TargetTableName": t,
                                            "UseLatestRestorableTime": True},
              "TableNotFoundException", "Table not found: ${unique}-s") for t in ("abc", name255)],
         ["pitr", "restore", "boundary"])


def produce():
    OUT.clear()
    SEEN_REQUESTS.clear()
    shapes, ops = load_spec()
    table_rows(ops)
    constraint_cases(shapes, ops)
    protocol_cases(shapes, ops)
    boundary_cases()
    files = {}
    for cid, c in sorted(OUT.items()):
        rel = "cases/%s.json" % cid
        old = genlib.read(rel)
        if old is not None and json.loads(old).get("generatedBy") != ME:
            sys.exit("%s: %s is hand-written (no \"generatedBy\"): this script would overwrite it; rename one" %
                     (ME, rel))
        files[rel] = genlib.json_text(c).encode("utf-8")
    return files


if __name__ == "__main__":
    sys.exit(genlib.run(__file__, __doc__, produce, lambda: genlib.marked_json("cases", ME)))
