#!/usr/bin/env python3
"""Authoring source of the generated golden cases under cases/ (issue 5).

Regenerate with:  python3 tools/make-cases.py        (writes cases/<group>/<name>.json)
                  python3 tools/make-cases.py --check (exit 1 when a file would change)

What it writes, and where each expectation comes from:
  * every error row of tests/data/validate/table.json that needs no context (stateless
    validation / serialization answers, each row citing its fact) as a one-step case;
  * one violation case per spec constraint of the 8 backup/PITR operations (required,
    min, max, pattern, enum, JSON type), built by walking spec/ the way the service's
    generic validator does (facts §3.1 [R] grammar: "Value <v> at '<path>' failed to
    satisfy constraint: <text>"); enum lists whose service order is unrecorded are
    matched as a regex that accepts any order (facts §3.3);
  * auth and serialization cases for every operation (facts §1.2, §1.5);
  * the hand-written scenarios below (lifecycle, paging, restores with overrides,
    conflicts, PITR) with the facts section they rest on.
The 20 hand-written seed cases are not touched. Files this script wrote carry no marker;
it only (re)writes the ids it generates (GENERATED below) and never deletes anything.
"""
import copy
import glob
import json
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(TOP, "cases")
FAKE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/dc-none/backup/01576616366715-b4e58d3a"
OUT = {}

# ----------------------------------------------------------------- helpers


def case(cid, description, source, steps, tags, level="both", vars=None, cleanup=None):
    assert cid not in OUT, cid
    c = {"id": cid, "description": description, "source": source, "level": level, "tags": tags}
    if vars:
        c["vars"] = vars
    c["steps"] = steps
    if cleanup:
        c["cleanup"] = cleanup
    OUT[cid] = c


def err(op, request, error, message=None, clauses=None, regex=None, key="unset", ns=None, raw=None, headers=None,
        sign=True, status=400, note=None):
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
    if note:
        st["note"] = note
    return st


def ok(op, request, body=None, capture=None, wait=None, note=None):
    st = {"op": op, "request": request, "expect": {"status": 200}}
    if body is not None:
        st["expect"]["body"] = body
    if capture:
        st["capture"] = capture
    if wait:
        st["wait"] = wait
    if note:
        st["note"] = note
    return st


def wait(op, request, until, timeout=300, interval=1):
    return {"op": op, "request": request, "until": until, "timeout": timeout, "interval": interval}


def wait_step(op, request, until, timeout=300, interval=1, note=None):
    s = {"wait": wait(op, request, until, timeout, interval)}
    if note:
        s["note"] = note
    return s


def cl(value, path, constraint):
    v = "null" if value is None else "'%s'" % value
    return "Value %s at '%s' failed to satisfy constraint: %s" % (v, path, constraint)


NN = "Member must not be null"
PAT = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
VAL_NS = "com.amazon.coral.validate"
SVC_NS = "com.amazon.coral.service"
DYN_NS = "com.amazonaws.dynamodb.v20120810"

KEY_PK = [{"AttributeName": "pk", "KeyType": "HASH"}]
GSI1 = {"IndexName": "gsi1", "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}}
GSI2 = {"IndexName": "gsi2", "KeySchema": [{"AttributeName": "g2", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}
LSI1 = {"IndexName": "lsi1", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                           {"AttributeName": "lk", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}

TABLE_WAIT_NOTE = ("real tables refuse CreateBackup for ~0-6 s after ACTIVE (facts §4.2, §4.6 [R] AQ 002/083): "
                   "wait until continuous backups are ENABLED")


def create_table(var, gsis=None, lsis=None, billing="PAY_PER_REQUEST", rcu=5, wcu=5, stream=False, cap_arn=None,
                 enabled_wait=True):
    """CreateTable + wait ACTIVE (+ wait continuous backups ENABLED): facts §4.2, §4.6, R16."""
    attrs = {"pk": "S"}
    req = {"TableName": "${%s}" % var, "KeySchema": copy.deepcopy(KEY_PK), "BillingMode": billing}
    for g in gsis or []:
        for k in g["KeySchema"]:
            attrs[k["AttributeName"]] = "S"
    for l in lsis or []:
        for k in l["KeySchema"]:
            attrs[k["AttributeName"]] = "S"
    req["AttributeDefinitions"] = [{"AttributeName": a, "AttributeType": t} for a, t in attrs.items()]
    if gsis:
        req["GlobalSecondaryIndexes"] = []
        for g in gsis:
            g = copy.deepcopy(g)
            if billing == "PROVISIONED":
                g["ProvisionedThroughput"] = {"ReadCapacityUnits": rcu, "WriteCapacityUnits": wcu}
            req["GlobalSecondaryIndexes"].append(g)
    if lsis:
        req["LocalSecondaryIndexes"] = copy.deepcopy(lsis)
    if billing == "PROVISIONED":
        req["ProvisionedThroughput"] = {"ReadCapacityUnits": rcu, "WriteCapacityUnits": wcu}
    if stream:
        req["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    body = {"TableDescription": {"TableName": "${%s}" % var, "TableStatus": {"$in": ["CREATING", "ACTIVE"]}}}
    if cap_arn:
        body["TableDescription"]["TableArn"] = {"$arn": "table", "$capture": cap_arn}
    steps = [ok("CreateTable", req, body,
                wait=wait("DescribeTable", {"TableName": "${%s}" % var}, {"Table.TableStatus": "ACTIVE"}))]
    if enabled_wait:
        steps.append(wait_step("DescribeContinuousBackups", {"TableName": "${%s}" % var},
                               {"ContinuousBackupsDescription.ContinuousBackupsStatus": "ENABLED"}, 60, 1,
                               TABLE_WAIT_NOTE))
    return steps


def put_item(var, item):
    return ok("PutItem", {"TableName": "${%s}" % var, "Item": item})


def create_backup(tvar, bname, cap, cap_time=None):
    details = {"BackupArn": {"$arn": "backup", "$capture": cap}, "BackupName": bname, "BackupType": "USER",
               "BackupStatus": {"$in": ["CREATING", "AVAILABLE"]}}
    if cap_time:
        details["BackupCreationDateTime"] = {"$epoch": True, "$capture": cap_time}
    return ok("CreateBackup", {"TableName": "${%s}" % tvar, "BackupName": bname}, {"BackupDetails": details})


def backup_available(cap):
    return wait_step("DescribeBackup", {"BackupArn": "${%s}" % cap},
                     {"BackupDescription.BackupDetails.BackupStatus": "AVAILABLE"}, 120, 1)


# Restores take 1.5-13 min on the real service (facts §4.4); the reference endpoint
# finishes them in 50 ms, so the poll interval is short.
RESTORE_WAIT = {"timeout": 1200, "interval": 0.05}


def restored_active(var):
    return wait_step("DescribeTable", {"TableName": "${%s}" % var}, {"Table.TableStatus": "ACTIVE"},
                     RESTORE_WAIT["timeout"], RESTORE_WAIT["interval"])


def del_table(var):
    return {"op": "DeleteTable", "request": {"TableName": "${%s}" % var}}


def del_backup(var):
    return {"op": "DeleteBackup", "request": {"BackupArn": "${%s}" % var}}


def cleanup_restore(var):
    """A restore target can only be deleted once ACTIVE (facts §4.4, AQ 277): the steps
    wait for ACTIVE themselves (a cleanup waiter would poll for 20 minutes when the
    restore never started), so a failed case may leave a CREATING target behind."""
    return [del_table(var)]


def table_gone(var):
    return wait_step("DescribeTable", {"TableName": "${%s}" % var}, {"$error": "ResourceNotFoundException"}, 300, 1)


def regex_quote(s):
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", s)


# ---------------------------------------------------- 1. table.json rows

GROUP = {
    "CreateBackup": "backup", "DeleteBackup": "backup", "DescribeBackup": "backup",
    "ListBackups": "list-backups", "RestoreTableFromBackup": "restore",
    "RestoreTableToPointInTime": "pitr-restore", "UpdateContinuousBackups": "continuous-backups",
    "DescribeContinuousBackups": "continuous-backups", "CreateTable": "table", "DescribeTable": "table",
    "DeleteTable": "table", "PutItem": "items", "GetItem": "items", "Scan": "items",
}
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
            kw["regex"] = "^" + regex_quote(msg)  # the recorded text is truncated (facts §3.2)
        else:
            kw["message"] = msg
    else:
        kw["key"] = None
    return name, kw


def table_rows():
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
        cid = "%s/%s" % (GROUP[op], row["name"].replace("_", "-"))
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
    return shapes, ops


BASE = {
    "CreateBackup": {"TableName": "${unique}-t", "BackupName": "bk1"},
    "DeleteBackup": {"BackupArn": FAKE_ARN},
    "DescribeBackup": {"BackupArn": FAKE_ARN},
    "ListBackups": {},
    "RestoreTableFromBackup": {"TargetTableName": "${unique}-r", "BackupArn": FAKE_ARN},
    "RestoreTableToPointInTime": {"SourceTableName": "${unique}-s", "TargetTableName": "${unique}-r",
                                  "UseLatestRestorableTime": True},
    "UpdateContinuousBackups": {"TableName": "${unique}-t",
                                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}},
    "DescribeContinuousBackups": {"TableName": "${unique}-t"},
}
# a valid value for every optional member, so that any leaf can be broken alone
FULL_GSI = {"IndexName": "gsi1", "KeySchema": [{"AttributeName": "gk", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a1"]},
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            "OnDemandThroughput": {"MaxReadRequestUnits": 1, "MaxWriteRequestUnits": 1},
            "WarmThroughput": {"ReadUnitsPerSecond": 1, "WriteUnitsPerSecond": 1}}
FULL_LSI = {"IndexName": "lsi1", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a1"]}}
FULL = {
    "GlobalSecondaryIndexOverride": [FULL_GSI], "LocalSecondaryIndexOverride": [FULL_LSI],
    "ProvisionedThroughputOverride": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    "OnDemandThroughputOverride": {"MaxReadRequestUnits": 1, "MaxWriteRequestUnits": 1},
    "SSESpecificationOverride": {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": "alias/aws/dynamodb"},
    "BillingModeOverride": "PROVISIONED", "SourceTableArn": None, "RestoreDateTime": None,
    "TimeRangeLowerBound": 1700000000, "TimeRangeUpperBound": 1700000001, "Limit": 10,
    "ExclusiveStartBackupArn": FAKE_ARN, "BackupType": "USER",
}
# wrong JSON type per shape type -> the SerializationException text (facts §1.4 [R]
# "NUMBER_VALUE cannot be converted to String"; the rest mirror dynalite's typeError [E]
# or are inferred from the Java binding [I], as in tests/data/validate/table.json)
WRONG = {
    "string": (5, "NUMBER_VALUE cannot be converted to String", "[R] facts §1.4 DYN typeError, electricimp"),
    "boolean": ("true", "STRING_VALUE cannot be converted to Boolean", "[I] token name for booleans"),
    "integer": ("5", "STRING_VALUE cannot be converted to Integer", "[E] local-endpoints R12 dynalite"),
    "long": ("5", "STRING_VALUE cannot be converted to Long", "[E] by analogy with R12"),
    "timestamp": ("2020-01-01", "STRING_VALUE cannot be converted to Date", "[I] facts §1.1 ISO strings unverified"),
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


def set_path(req, wire, value, remove=False):
    cur = req
    for i, k in enumerate(wire[:-1]):
        if isinstance(k, str) and (k not in cur or cur[k] is None):
            cur[k] = copy.deepcopy(FULL[k])
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
            cur[k] = copy.deepcopy(FULL[k])
        cur = cur[k]
    return cur


def enum_regex(value, vpath, s):
    alts = "|".join(regex_quote(x) for x in s["enum"])
    return ("^1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum "
            "value set: \\[(?:%s)(?:, (?:%s)){%d}\\]$" % (regex_quote(value), regex_quote(vpath), alts, alts,
                                                      len(s["enum"]) - 1))


def constraint_cases():
    shapes, ops = load_spec()
    for opname, op in ops.items():
        if op["plumbing"]:
            continue
        items = []
        walk(shapes, op["input"], [], "", items)
        group = GROUP[opname]
        short = re.sub(r"(?<!^)(?=[A-Z])", "-", opname).lower()
        for wire, vpath, member, s in items:
            label = "-".join(str(k).lower() if isinstance(k, str) else "elem" for k in wire)
            label = re.sub(r"[^a-z0-9-]", "", label)
            if len(wire) > 1 and isinstance(wire[0], str) and wire[0] not in BASE[opname]:
                pass
            base = copy.deepcopy(BASE[opname])
            fill(base, wire)
            # make the member itself present and valid first
            parent = fill(base, wire)
            last = wire[-1]
            if isinstance(last, str) and (last not in parent or parent[last] is None):
                if last in FULL and FULL[last] is not None:
                    parent[last] = copy.deepcopy(FULL[last])
            reqd = member is not None and member.get("required")
            src = "facts §3.1 [R] generic validator grammar (DYN, AQ 457); constraint from spec/ (%s, facts §2.1/§2.2 [M] BC)" % s[
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
                            source=src + ("; enum order " + s["enumMessageSource"] if recorded else "; facts §3.3: enum order unrecorded"))
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
                    tags, source="facts §1.2 step 5, §1.4 [R] (type errors: SerializationException with 'Message'); text " + conf)


# ----------------------------------------- 3. protocol: per-operation auth etc.

AUTH_SRC = "facts §1.2 step 4 [R≤2020] DYN index.js (auth order and texts); §1.5 (all auth errors are HTTP 400)"


def protocol_cases():
    for op in BASE:
        short = re.sub(r"(?<!^)(?=[A-Z])", "-", op).lower()
        req = BASE[op]
        case("protocol/%s-unsigned" % short,
             "%s without Authorization: 400 MissingAuthenticationTokenException 'Request is missing Authentication Token'" % op,
             "facts §1.5 MissingAuthenticationTokenException [R] DYN, aws-sdk-ios-samples#111; §5 R3",
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
             "facts §1.1 [R] DYN test/listTables.js 'should return 400 if no body'; §1.4 (no message)",
             [err(op, None, "SerializationException", ns=SVC_NS, key=None, raw="")], ["serialization", "protocol"])
        case("protocol/%s-array-body" % short,
             "%s with a JSON array as the body: 400 SerializationException without a message (inferred: a non-object "
             "top level is treated like unparseable input)" % op,
             "facts §1.2 step 2 [I] (non-object top level); tests/data/validate/table.json create_backup_array_body",
             [err(op, None, "SerializationException", ns=SVC_NS, key=None, raw="[]")],
             ["serialization", "protocol", "inferred"])
        case("protocol/%s-json-content-type" % short,
             "%s with Content-Type application/json is accepted like x-amz-json-1.0 and the response echoes it "
             "(answer: the operation's own not-found/validation outcome)" % op,
             "facts §1.1 [R≤2020] DYN (application/json accepted and echoed)",
             [protocol_json_ct_step(op)], ["protocol"])
        case("protocol/%s-wrong-content-type" % short,
             "%s with Content-Type application/x-amz-json-1.1: HTTP 404 <UnknownOperationException/>" % op,
             "facts §1.1 (content types; 404 <UnknownOperationException/>) [R≤2020] DYN test/connection.js",
             [err(op, req, "UnknownOperationException", status=404,
                  headers={"Content-Type": "application/x-amz-json-1.1"})], ["protocol"])


def protocol_json_ct_step(op):
    """A request every operation answers deterministically without state."""
    req = {"CreateBackup": {"TableName": "${unique}-t", "BackupName": "a"},
           "DeleteBackup": {}, "DescribeBackup": {}, "ListBackups": {"Limit": 0},
           "RestoreTableFromBackup": {"TargetTableName": "${unique}-r"},
           "RestoreTableToPointInTime": {"TargetTableName": "${unique}-r", "SourceTableName": "${unique}-s"},
           "UpdateContinuousBackups": {"TableName": "${unique}-t"},
           "DescribeContinuousBackups": {}}[op]
    clauses = {"CreateBackup": [cl("a", "backupName", "Member must have length greater than or equal to 3")],
               "DeleteBackup": [cl(None, "backupArn", NN)], "DescribeBackup": [cl(None, "backupArn", NN)],
               "ListBackups": [cl("0", "limit", "Member must have value greater than or equal to 1")],
               "RestoreTableFromBackup": [cl(None, "backupArn", NN)],
               "UpdateContinuousBackups": [cl(None, "pointInTimeRecoverySpecification", NN)],
               "DescribeContinuousBackups": [cl(None, "tableName", NN)]}
    headers = {"Content-Type": "application/json"}
    if op == "RestoreTableToPointInTime":
        st = err(op, req, "ValidationException",
                 "Invalid Request: Either one of RestoreDateTime or UseLatestRestorableTime must be specified, but not both",
                 headers=headers)
    else:
        st = err(op, req, "ValidationException", clauses=clauses[op], headers=headers)
    st["expect"]["headers"] = {"Content-Type": {"$regex": "^application/json"}}
    return st


# ------------------------------------------------------ 4. boundary accepted

def boundary_cases():
    name255 = "${unique}-" + "x" * (255 - 10)
    case("backup/create-name-at-min-and-max-length",
         "CreateBackup BackupName of 3 and of 255 characters passes validation: the answer is the existence check "
         "(TableNotFoundException 'Table not found: <name>') — min and max are inclusive",
         "facts §2.2 [M] BackupName 3..255; §1.2 steps 6-8 and AQ 442 (validation before existence); §3.4 [R] AQ",
         [err("CreateBackup", {"TableName": "${unique}-t", "BackupName": "abc"}, "TableNotFoundException",
              "Table not found: ${unique}-t"),
          err("CreateBackup", {"TableName": "${unique}-t", "BackupName": "b" * 255}, "TableNotFoundException",
              "Table not found: ${unique}-t"),
          err("CreateBackup", {"TableName": "${unique}-t", "BackupName": "a.b-c_D9"}, "TableNotFoundException",
              "Table not found: ${unique}-t")],
         ["backup", "boundary"])
    case("backup/create-table-name-at-max-length",
         "CreateBackup with a 255-character table name passes validation and is answered by the existence check",
         "facts §2.2 [M] TableName 3..255; §3.4 TableNotFoundException [R] AQ",
         [err("CreateBackup", {"TableName": name255, "BackupName": "abc"}, "TableNotFoundException",
              "Table not found: " + name255)], ["backup", "boundary"])
    case("list-backups/limit-at-bounds",
         "ListBackups Limit 1 and Limit 100 are accepted (200, BackupSummaries array) — both bounds inclusive",
         "facts §2.1 ListBackups Limit 1..100 [M] BC; §4.3 [R] AQ 014 (unknown TableName -> 200 [])",
         [ok("ListBackups", {"TableName": "${unique}-none", "Limit": 1},
             {"BackupSummaries": [], "LastEvaluatedBackupArn": {"$absent": True}}),
          ok("ListBackups", {"TableName": "${unique}-none", "Limit": 100},
             {"BackupSummaries": [], "LastEvaluatedBackupArn": {"$absent": True}})],
         ["backup", "boundary"])
    case("list-backups/every-backup-type-is-accepted",
         "ListBackups BackupType USER, SYSTEM, AWS_BACKUP and ALL are each accepted (200) for a table without backups",
         "facts §2.2 BackupTypeFilter [M] BC; §4.3 [R] AQ 014",
         [ok("ListBackups", {"TableName": "${unique}-none", "BackupType": t}, {"BackupSummaries": []})
          for t in ("USER", "SYSTEM", "AWS_BACKUP", "ALL")], ["backup", "boundary"])
    case("list-backups/unknown-table-is-empty",
         "ListBackups with the TableName of a table that never existed: 200 with an empty BackupSummaries and no "
         "LastEvaluatedBackupArn (never TableNotFoundException)",
         "facts §4.3 [R] AQ 014/016",
         [ok("ListBackups", {"TableName": "${unique}-none"},
             {"$exact": True, "BackupSummaries": []})], ["backup"])
    case("list-backups/time-bounds-edges-accepted",
         "ListBackups accepts equal bounds, epoch 0 and a far-future upper bound, and Java-notation doubles (200)",
         "facts §4.3 [R] AQ 014 (epoch 0 / future bounds accepted); §1.1 timestamps are epoch-second doubles [M] SPEC",
         [ok("ListBackups", {"TableName": "${unique}-none", "TimeRangeLowerBound": 1700000000,
                             "TimeRangeUpperBound": 1700000000}, {"BackupSummaries": []}),
          ok("ListBackups", {"TableName": "${unique}-none", "TimeRangeLowerBound": 0,
                             "TimeRangeUpperBound": 4102444800}, {"BackupSummaries": []}),
          ok("ListBackups", {"TableName": "${unique}-none", "TimeRangeLowerBound": 1584532379.393},
             {"BackupSummaries": []})], ["backup", "boundary"])
    case("continuous-backups/recovery-period-at-bounds",
         "UpdateContinuousBackups RecoveryPeriodInDays 1 and 35 pass validation: the answer is TableNotFoundException "
         "for a table that does not exist",
         "facts §2.1 RecoveryPeriodInDays 1..35 [M] BC; §3.4 TableNotFoundException [R] AQ; AQ 442 (validation first)",
         [err("UpdateContinuousBackups", {"TableName": "${unique}-t", "PointInTimeRecoverySpecification": {
             "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": d}}, "TableNotFoundException",
             "Table not found: ${unique}-t") for d in (1, 35)], ["pitr", "boundary"])
    case("continuous-backups/update-missing-table",
         "UpdateContinuousBackups of a table that does not exist: TableNotFoundException 'Table not found: <name>'",
         "facts §3.4 TableNotFoundException [R] AQ; local-endpoints P30 (moto identical)",
         [err("UpdateContinuousBackups", {"TableName": "${unique}-t", "PointInTimeRecoverySpecification": {
             "PointInTimeRecoveryEnabled": False}}, "TableNotFoundException", "Table not found: ${unique}-t",
             ns=DYN_NS)], ["pitr"])
    case("continuous-backups/describe-name-at-max-length",
         "DescribeContinuousBackups with a 255-character name passes validation: TableNotFoundException",
         "facts §2.2 [M] TableName max 255; §3.4 [R] AQ",
         [err("DescribeContinuousBackups", {"TableName": name255}, "TableNotFoundException",
              "Table not found: " + name255)], ["pitr", "boundary"])
    case("pitr-restore/missing-source-by-name",
         "RestoreTableToPointInTime from a SourceTableName that does not exist: TableNotFoundException "
         "'Table not found: <name>'",
         "facts §3.4 TableNotFoundException (PITR restore by name) [R] AQ; §4.5",
         [err("RestoreTableToPointInTime", {"SourceTableName": "${unique}-s", "TargetTableName": "${unique}-r",
                                            "UseLatestRestorableTime": True},
              "TableNotFoundException", "Table not found: ${unique}-s", ns=DYN_NS)], ["pitr", "restore"])
    case("pitr-restore/target-name-at-bounds",
         "RestoreTableToPointInTime with 3- and 255-character target names passes validation (answer: the missing "
         "source's TableNotFoundException)",
         "facts §2.2 [M] TableName 3..255; §4.5 [R] AQ 272 (shape before existence)",
         [err("RestoreTableToPointInTime", {"SourceTableName": "${unique}-s", "TargetTableName": t,
                                            "UseLatestRestorableTime": True},
              "TableNotFoundException", "Table not found: ${unique}-s") for t in ("abc", name255)],
         ["pitr", "restore", "boundary"])


# ----------------------------------------------------------- 5. scenarios

def backup_scenarios():
    V = {"table": "${unique}-src", "backup": "${unique}-bk"}
    case("backup/lifecycle-creating-available-deleted",
         "A backup goes CREATING (CreateBackup) -> AVAILABLE (DescribeBackup) -> DELETED (DeleteBackup), then "
         "DescribeBackup, DeleteBackup and ListBackups no longer know it",
         "facts §4.1 [R] AQ 003/005/024; CLI create-backup / describe-backup / delete-backup examples (R7, R9)",
         create_table("table") + [create_backup("table", "${backup}", "arn"), backup_available("arn"),
                                  ok("ListBackups", {"TableName": "${table}"},
                                     {"BackupSummaries": [{"BackupArn": "${arn}", "BackupStatus": "AVAILABLE"}]}),
                                  ok("DeleteBackup", {"BackupArn": "${arn}"},
                                     {"BackupDescription": {"BackupDetails": {"BackupArn": "${arn}",
                                                                              "BackupStatus": "DELETED"}}}),
                                  err("DescribeBackup", {"BackupArn": "${arn}"}, "BackupNotFoundException",
                                      "Backup not found: ${arn}", ns=DYN_NS),
                                  err("DeleteBackup", {"BackupArn": "${arn}"}, "BackupNotFoundException",
                                      "Backup not found: ${arn}"),
                                  err("RestoreTableFromBackup", {"BackupArn": "${arn}",
                                                                 "TargetTableName": "${unique}-rst"},
                                      "BackupNotFoundException", "Backup not found: ${arn}"),
                                  ok("ListBackups", {"TableName": "${table}"}, {"BackupSummaries": []})],
         ["backup", "lifecycle", "needs-real-time"], vars=V, cleanup=[del_table("table")])
    case("backup/describe-full-shape-on-demand",
         "DescribeBackup of an on-demand table's backup: BackupDetails (no BackupExpiryDateTime for USER), "
         "SourceTableDetails with TableId, ProvisionedThroughput 0/0 without NumberOfDecreasesToday, BillingMode "
         "PAY_PER_REQUEST, and an empty SourceTableFeatureDetails",
         "facts §4.1 [R] AQ 004/006/017/021; §5 R9 CLI describe-backup example; §2.3 [M] BC",
         create_table("table", cap_arn="table_arn") + [
             create_backup("table", "${backup}", "arn", "created"), backup_available("arn"),
             ok("DescribeBackup", {"BackupArn": "${arn}"}, {"BackupDescription": {
                 "BackupDetails": {"BackupArn": "${arn}", "BackupName": "${backup}", "BackupType": "USER",
                                   "BackupStatus": "AVAILABLE", "BackupCreationDateTime": "${created}",
                                   "BackupSizeBytes": {"$type": "integer"},
                                   "BackupExpiryDateTime": {"$absent": True}},
                 "SourceTableDetails": {
                     "TableName": "${table}", "TableArn": "${table_arn}",
                     "TableId": {"$regex": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"},
                     "KeySchema": KEY_PK, "TableCreationDateTime": {"$epoch": True},
                     "ProvisionedThroughput": {"$exact": True, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
                     "ItemCount": {"$type": "integer"}, "TableSizeBytes": {"$type": "integer"},
                     "BillingMode": "PAY_PER_REQUEST"},
                 "SourceTableFeatureDetails": {"$exact": True}}})],
         ["backup", "needs-real-time"], vars=V, cleanup=[del_backup("arn"), del_table("table")])
    case("backup/describe-provisioned-source",
         "DescribeBackup of a PROVISIONED 5/5 table's backup: SourceTableDetails.ProvisionedThroughput is exactly "
         "{ReadCapacityUnits 5, WriteCapacityUnits 5} and BillingMode PROVISIONED",
         "facts §5 R9 [R] CLI describe-backup example (no NumberOfDecreasesToday); §4.1",
         create_table("table", billing="PROVISIONED") + [
             create_backup("table", "${backup}", "arn"), backup_available("arn"),
             ok("DescribeBackup", {"BackupArn": "${arn}"}, {"BackupDescription": {"SourceTableDetails": {
                 "ProvisionedThroughput": {"$exact": True, "ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                 "BillingMode": "PROVISIONED"}}})],
         ["backup", "needs-real-time"], vars=V, cleanup=[del_backup("arn"), del_table("table")])
    case("backup/describe-index-features",
         "DescribeBackup of a table with a GSI and an LSI lists them in SourceTableFeatureDetails "
         "(GSI: IndexName, KeySchema, Projection, ProvisionedThroughput; LSI: IndexName, KeySchema, Projection)",
         "facts §4.1 [R] AQ 004/009/021 (features appear only when enabled, as *Info shapes)",
         create_table("table", gsis=[GSI1], lsis=[LSI1]) + [
             create_backup("table", "${backup}", "arn"), backup_available("arn"),
             ok("DescribeBackup", {"BackupArn": "${arn}"}, {"BackupDescription": {"SourceTableFeatureDetails": {
                 "GlobalSecondaryIndexes": [{"IndexName": "gsi1", "KeySchema": GSI1["KeySchema"],
                                             "Projection": GSI1["Projection"],
                                             "ProvisionedThroughput": {"ReadCapacityUnits": 0,
                                                                       "WriteCapacityUnits": 0}}],
                 "LocalSecondaryIndexes": [{"IndexName": "lsi1", "KeySchema": LSI1["KeySchema"],
                                            "Projection": LSI1["Projection"]}]}}})],
         ["backup", "needs-real-time"], vars=V, cleanup=[del_backup("arn"), del_table("table")])
    case("backup/same-name-twice-gives-two-backups",
         "Two CreateBackup calls with the same BackupName make two backups with distinct ARNs; ListBackups lists both",
         "facts §4.1 [R] AQ 011/019 (BackupName is not unique, no idempotency)",
         create_table("table") + [
             create_backup("table", "${backup}", "a1"), create_backup("table", "${backup}", "a2"),
             ok("ListBackups", {"TableName": "${table}"}, {"BackupSummaries": {"$len": 2, "$contains": [
                 {"BackupArn": "${a1}", "BackupName": "${backup}"}, {"BackupArn": "${a2}", "BackupName": "${backup}"}]}})],
         ["backup", "needs-real-time"], vars=V, cleanup=[del_backup("a1"), del_backup("a2"), del_table("table")])
    case("backup/create-by-table-arn",
         "CreateBackup accepts the table's ARN as TableName (since 2024-03) and lists the backup under the table name",
         "facts §2.5 [M] BC 50ebf1330 (TableArn accepted); §4.2",
         create_table("table", cap_arn="table_arn") + [
             ok("CreateBackup", {"TableName": "${table_arn}", "BackupName": "${backup}"},
                {"BackupDetails": {"BackupArn": {"$arn": "backup", "$capture": "arn"}, "BackupType": "USER"}}),
             ok("ListBackups", {"TableName": "${table}"}, {"BackupSummaries": [
                 {"BackupArn": "${arn}", "TableName": "${table}", "TableArn": "${table_arn}"}]})],
         ["backup", "needs-real-time"], vars=V, cleanup=[del_backup("arn"), del_table("table")])
    case("backup/survives-table-deletion",
         "A backup outlives its table: after DeleteTable the backup is still AVAILABLE, ListBackups by the old "
         "TableName still lists it, and it can be restored",
         "facts §4.1 [R] AQ 007/016 (backups survive DeleteTable); §4.3 (TableName of a deleted table -> entries)",
         create_table("table") + [
             put_item("table", {"pk": {"S": "k1"}}),
             create_backup("table", "${backup}", "arn"), backup_available("arn"),
             ok("DeleteTable", {"TableName": "${table}"}), table_gone("table"),
             ok("DescribeBackup", {"BackupArn": "${arn}"}, {"BackupDescription": {
                 "BackupDetails": {"BackupStatus": "AVAILABLE"}, "SourceTableDetails": {"TableName": "${table}"}}}),
             ok("ListBackups", {"TableName": "${table}"}, {"BackupSummaries": [{"BackupArn": "${arn}"}]}),
             ok("RestoreTableFromBackup", {"BackupArn": "${arn}", "TargetTableName": "${unique}-rst"},
                {"TableDescription": {"TableStatus": "CREATING"}}),
             restored_active("rst"),
             ok("Scan", {"TableName": "${unique}-rst"}, {"Count": 1, "Items": [{"pk": {"S": "k1"}}]})],
         ["backup", "restore", "needs-real-time"], vars=dict(V, rst="${unique}-rst"),
         cleanup=cleanup_restore("rst") + [del_backup("arn"), del_table("table")])
    case("backup/create-on-creating-table-is-not-found",
         "CreateBackup right after CreateTable, while the table is CREATING: TableNotFoundException 'Table not found: "
         "<name>' (identical to a missing table). Depends on the real service's CREATING phase.",
         "facts §4.2 [R] AQ 001; §6 item 10",
         [ok("CreateTable", {"TableName": "${table}", "KeySchema": KEY_PK, "BillingMode": "PAY_PER_REQUEST",
                             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]},
             {"TableDescription": {"TableStatus": "CREATING"}}),
          err("CreateBackup", {"TableName": "${table}", "BackupName": "${backup}"}, "TableNotFoundException",
              "Table not found: ${table}")],
         ["backup", "real-aws-only"], vars=V,
         cleanup=[wait_step("DescribeTable", {"TableName": "${table}"}, {"Table.TableStatus": "ACTIVE"}),
                  del_table("table")])
    case("backup/create-right-after-active-is-unavailable",
         "CreateBackup in the first seconds after the table turns ACTIVE: ContinuousBackupsUnavailableException "
         "'Backups are being enabled for the table: <name>. Please retry later'. Depends on real timing.",
         "facts §4.2 [R] AQ 002/447; §5 R17; §6 item 4",
         create_table("table", enabled_wait=False) + [
             err("CreateBackup", {"TableName": "${table}", "BackupName": "${backup}"},
                 "ContinuousBackupsUnavailableException",
                 "Backups are being enabled for the table: ${table}. Please retry later")],
         ["backup", "real-aws-only"], vars=V, cleanup=[del_table("table")])
    case("continuous-backups/update-right-after-active-is-unavailable",
         "UpdateContinuousBackups in the first seconds after ACTIVE: ContinuousBackupsUnavailableException "
         "'Backups are being enabled for the table: <name>. Please retry later'. Depends on real timing.",
         "facts §4.6 [R] AQ 002/083/447; §5 R17",
         create_table("table", enabled_wait=False) + [
             err("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": True}}, "ContinuousBackupsUnavailableException",
                 "Backups are being enabled for the table: ${table}. Please retry later")],
         ["pitr", "real-aws-only"], vars={"table": "${unique}-t"}, cleanup=[del_table("table")])
    # SYSTEM backups: deleting a PITR-enabled table (facts §4.1).
    SYS_TAGS = ["backup", "pitr", "needs-real-time"]
    sysv = {"table": "${unique}-sys"}
    sys_setup = create_table("table") + [
        ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
            "PointInTimeRecoveryEnabled": True}}),
        ok("DeleteTable", {"TableName": "${table}"}), table_gone("table"),
        wait_step("ListBackups", {"TableName": "${table}", "BackupType": "SYSTEM"}, {"BackupSummaries": {"$len": 1}},
                  30, 2, "the SYSTEM backup appears ~8-10 s after DeleteTable (facts §4.1 [R] AQ 015)"),
        ok("ListBackups", {"TableName": "${table}", "BackupType": "SYSTEM"},
           capture={"sys_arn": "BackupSummaries.0.BackupArn"})]
    case("backup/system-backup-after-deleting-pitr-table",
         "Deleting a PITR-enabled table leaves a SYSTEM backup '<table>$DeletedTableBackup' whose ARN ends in "
         "-00000000, with BackupExpiryDateTime (creation + 35 days); ListBackups hides it by default (USER) and shows "
         "it for SYSTEM and ALL",
         "facts §4.1 [R] AQ 015/167/088, [M] DGB PointInTimeRecovery_Howitworks; §4.3 [R] AQ 014 (USER default, ALL)",
         sys_setup + [
             ok("ListBackups", {"TableName": "${table}", "BackupType": "SYSTEM"}, {"BackupSummaries": [{
                 "BackupArn": {"$regex": "/backup/[0-9]{14}-00000000$"}, "BackupType": "SYSTEM",
                 "BackupName": "${table}$DeletedTableBackup", "BackupExpiryDateTime": {"$epoch": True},
                 "TableName": "${table}"}]}),
             ok("ListBackups", {"TableName": "${table}"}, {"BackupSummaries": []}),
             ok("ListBackups", {"TableName": "${table}", "BackupType": "USER"}, {"BackupSummaries": []}),
             ok("ListBackups", {"TableName": "${table}", "BackupType": "ALL"},
                {"BackupSummaries": [{"BackupArn": "${sys_arn}"}]}),
             ok("DescribeBackup", {"BackupArn": "${sys_arn}"}, {"BackupDescription": {"BackupDetails": {
                 "BackupType": "SYSTEM", "BackupStatus": "AVAILABLE", "BackupExpiryDateTime": {"$epoch": True}}}})],
         SYS_TAGS, vars=sysv)
    case("backup/system-backup-cannot-be-deleted",
         "DeleteBackup of a SYSTEM backup: ValidationException 'Invalid Request: User is not allowed to delete the "
         "system backup with arn <arn>. It will automatically expire on ...' (the date's format is truncated in the "
         "source, so only the prefix is compared)",
         "facts §3.2 (DeleteBackup on a SYSTEM backup) [R] AQ backup.md; §5 R17",
         sys_setup + [
             err("DeleteBackup", {"BackupArn": "${sys_arn}"}, "ValidationException",
                 regex="^Invalid Request: User is not allowed to delete the system backup with arn ${sys_arn}\\. "
                       "It will automatically expire on ", ns=VAL_NS)],
         SYS_TAGS, vars=sysv)


def list_scenarios():
    V = {"table": "${unique}-src"}
    three = create_table("table") + [
        create_backup("table", "${unique}-b1", "a1", "t1"), create_backup("table", "${unique}-b2", "a2", "t2"),
        create_backup("table", "${unique}-b3", "a3", "t3")]
    clean = [del_backup("a1"), del_backup("a2"), del_backup("a3"), del_table("table")]
    case("list-backups/paging-with-limit",
         "ListBackups pages with Limit: 3 backups, Limit 2 -> 2 summaries in creation order and LastEvaluatedBackupArn "
         "= the last returned ARN; the next page from that cursor -> the third and no LastEvaluatedBackupArn",
         "facts §4.3 [R] AQ 011/027 (ascending order, absent iff no more); §2.1 paginator [M] BC paginators-1.json",
         three + [
             ok("ListBackups", {"TableName": "${table}", "Limit": 2}, {
                 "BackupSummaries": [{"BackupArn": "${a1}"}, {"BackupArn": "${a2}"}],
                 "LastEvaluatedBackupArn": "${a2}"}),
             ok("ListBackups", {"TableName": "${table}", "Limit": 2, "ExclusiveStartBackupArn": "${a2}"}, {
                 "BackupSummaries": [{"BackupArn": "${a3}"}], "LastEvaluatedBackupArn": {"$absent": True}})],
         ["backup", "paging", "needs-real-time"], vars=V, cleanup=clean)
    case("list-backups/limit-equal-to-matches-has-no-cursor",
         "ListBackups with Limit equal to the number of matches returns them all and NO LastEvaluatedBackupArn",
         "facts §4.3 [R] AQ 014/027",
         three + [ok("ListBackups", {"TableName": "${table}", "Limit": 3}, {
             "BackupSummaries": {"$len": 3}, "LastEvaluatedBackupArn": {"$absent": True}}),
             ok("ListBackups", {"TableName": "${table}", "Limit": 1}, {
                 "BackupSummaries": [{"BackupArn": "${a1}"}], "LastEvaluatedBackupArn": "${a1}"})],
         ["backup", "paging", "needs-real-time"], vars=V, cleanup=clean)
    case("list-backups/ascending-creation-order",
         "ListBackups returns a table's backups in ascending BackupCreationDateTime order with the creation times "
         "CreateBackup reported",
         "facts §4.3 [R] AQ 011/027; §4.1 [R] AQ 006 (same creation time in Create/Describe/List)",
         three + [ok("ListBackups", {"TableName": "${table}"}, {"BackupSummaries": [
             {"BackupArn": "${a1}", "BackupCreationDateTime": "${t1}", "BackupName": "${unique}-b1"},
             {"BackupArn": "${a2}", "BackupCreationDateTime": "${t2}", "BackupName": "${unique}-b2"},
             {"BackupArn": "${a3}", "BackupCreationDateTime": "${t3}", "BackupName": "${unique}-b3"}]})],
         ["backup", "needs-real-time"], vars=V, cleanup=clean)
    case("list-backups/cursor-of-deleted-backup",
         "ExclusiveStartBackupArn is a pure cursor: after the first backup is deleted, starting from its ARN still "
         "resumes after its position",
         "facts §4.3 [R] AQ 014/012",
         three + [ok("DeleteBackup", {"BackupArn": "${a1}"}),
                  ok("ListBackups", {"TableName": "${table}", "ExclusiveStartBackupArn": "${a1}"}, {
                      "BackupSummaries": [{"BackupArn": "${a2}"}, {"BackupArn": "${a3}"}]})],
         ["backup", "paging", "needs-real-time"], vars=V, cleanup=clean[1:])
    case("list-backups/time-range-lower-inclusive-upper-exclusive",
         "ListBackups time range is [lower, upper): lower = the second backup's creation time includes it, upper = the "
         "third's excludes it; lower = upper is empty",
         "facts §4.3 [M] BC doc, [R] AQ 014 (inclusive lower, exclusive upper, ms precision)",
         three + [ok("ListBackups", {"TableName": "${table}", "TimeRangeLowerBound": "${t2}",
                                     "TimeRangeUpperBound": "${t3}"}, {"BackupSummaries": [{"BackupArn": "${a2}"}]}),
                  ok("ListBackups", {"TableName": "${table}", "TimeRangeLowerBound": "${t2}"},
                     {"BackupSummaries": [{"BackupArn": "${a2}"}, {"BackupArn": "${a3}"}]}),
                  ok("ListBackups", {"TableName": "${table}", "TimeRangeUpperBound": "${t2}"},
                     {"BackupSummaries": [{"BackupArn": "${a1}"}]}),
                  ok("ListBackups", {"TableName": "${table}", "TimeRangeLowerBound": "${t2}",
                                     "TimeRangeUpperBound": "${t2}"}, {"BackupSummaries": []})],
         ["backup", "needs-real-time"], vars=V, cleanup=clean)
    case("list-backups/summary-shape",
         "A BackupSummary carries TableName, TableId, TableArn, BackupArn, BackupName, BackupCreationDateTime, "
         "BackupStatus, BackupType and BackupSizeBytes; no BackupExpiryDateTime for USER backups",
         "facts §4.3 BackupSummary members [R] AQ 014; §5 R10 CLI list-backups example; §4.1 AQ 006",
         create_table("table", cap_arn="table_arn") + [
             create_backup("table", "${unique}-b1", "a1", "t1"), backup_available("a1"),
             ok("ListBackups", {"TableName": "${table}"}, {"BackupSummaries": [{
                 "TableName": "${table}", "TableArn": "${table_arn}",
                 "TableId": {"$regex": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"},
                 "BackupArn": "${a1}", "BackupName": "${unique}-b1", "BackupCreationDateTime": "${t1}",
                 "BackupStatus": "AVAILABLE", "BackupType": "USER", "BackupSizeBytes": {"$type": "integer"},
                 "BackupExpiryDateTime": {"$absent": True}}]})],
         ["backup", "needs-real-time"], vars=V, cleanup=[del_backup("a1"), del_table("table")])


def restore_scenarios():
    V = {"table": "${unique}-src", "rst": "${unique}-rst", "backup": "${unique}-bk"}
    ix_setup = create_table("table", gsis=[GSI1, GSI2], lsis=[LSI1]) + [
        put_item("table", {"pk": {"S": "k1"}, "lk": {"S": "l1"}, "gk": {"S": "g1"}, "g2": {"S": "h1"}}),
        create_backup("table", "${backup}", "arn", "created"), backup_available("arn")]
    ix_clean = cleanup_restore("rst") + [del_backup("arn"), del_table("table")]
    base_src = "facts §4.4 [R] AQ 273/279/280/281, [M] DGB Restore.Tutorial"

    def restore(extra, body=None):
        req = {"BackupArn": "${arn}", "TargetTableName": "${rst}"}
        req.update(extra)
        return ok("RestoreTableFromBackup", req, body or {"TableDescription": {"TableName": "${rst}",
                                                                               "TableStatus": "CREATING"}})

    def describe_rst(table_body):
        return ok("DescribeTable", {"TableName": "${rst}"}, {"Table": table_body})

    case("restore/plain-restore-reads-back",
         "RestoreTableFromBackup answers TableStatus CREATING with RestoreSummary {SourceBackupArn, SourceTableArn, "
         "RestoreDateTime = the backup's creation time, RestoreInProgress true}; once ACTIVE, RestoreSummary is gone, "
         "the indexes are back and Scan returns the backed-up item",
         "facts §4.4 [R] CLI restore-table-from-backup example (R11), AQ 215/216",
         ix_setup + [
             restore({}, {"TableDescription": {
                 "TableName": "${rst}", "TableStatus": "CREATING", "TableArn": {"$arn": "table"},
                 "KeySchema": KEY_PK, "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
                 "RestoreSummary": {"SourceBackupArn": "${arn}", "SourceTableArn": {"$arn": "table"},
                                    "RestoreDateTime": "${created}", "RestoreInProgress": True}}}),
             restored_active("rst"),
             describe_rst({"TableStatus": "ACTIVE", "RestoreSummary": {"$absent": True},
                           "GlobalSecondaryIndexes": {"$len": 2}, "LocalSecondaryIndexes": [{"IndexName": "lsi1"}],
                           "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}}),
             ok("Scan", {"TableName": "${rst}"}, {"Count": 1, "Items": [{"pk": {"S": "k1"}, "gk": {"S": "g1"}}]})],
         ["restore", "needs-real-time"], vars=V, cleanup=ix_clean)
    case("restore/data-as-of-backup-time",
         "The restored table holds the items as they were at backup time: a later PutItem on the source and a later "
         "DeleteItem do not reach the restore",
         "facts §4.4 [R] AQ 215 (restore keeps items as recorded at backup time)",
         create_table("table") + [
             put_item("table", {"pk": {"S": "a"}, "v": {"N": "1"}}), put_item("table", {"pk": {"S": "b"}}),
             create_backup("table", "${backup}", "arn"), backup_available("arn"),
             put_item("table", {"pk": {"S": "c"}}), put_item("table", {"pk": {"S": "a"}, "v": {"N": "2"}}),
             restore({}), restored_active("rst"),
             ok("Scan", {"TableName": "${rst}"}, {"Count": 2, "Items": {"$len": 2, "$contains": [
                 {"pk": {"S": "a"}, "v": {"N": "1"}}, {"pk": {"S": "b"}}]}}),
             ok("GetItem", {"TableName": "${rst}", "Key": {"pk": {"S": "a"}}}, {"Item": {"v": {"N": "1"}}}),
             ok("GetItem", {"TableName": "${rst}", "Key": {"pk": {"S": "c"}}}, {"Item": {"$absent": True}})],
         ["restore", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + [del_backup("arn"), del_table("table")])
    case("restore/empty-gsi-override-drops-all-gsis",
         "GlobalSecondaryIndexOverride [] restores no GSI (empty list is not the same as absent); LSIs are kept",
         base_src + "; facts §4.4 empty list vs absent [R] AQ 279",
         ix_setup + [restore({"GlobalSecondaryIndexOverride": []}), restored_active("rst"),
                     describe_rst({"GlobalSecondaryIndexes": {"$absent": True},
                                   "LocalSecondaryIndexes": [{"IndexName": "lsi1"}]})],
         ["restore", "override", "needs-real-time"], vars=V, cleanup=ix_clean)
    case("restore/empty-lsi-override-drops-all-lsis",
         "LocalSecondaryIndexOverride [] restores no LSI; both GSIs are kept",
         base_src + "; AQ 279",
         ix_setup + [restore({"LocalSecondaryIndexOverride": []}), restored_active("rst"),
                     describe_rst({"LocalSecondaryIndexes": {"$absent": True},
                                   "GlobalSecondaryIndexes": {"$len": 2}})],
         ["restore", "override", "needs-real-time"], vars=V, cleanup=ix_clean)
    case("restore/gsi-override-subset",
         "A GlobalSecondaryIndexOverride naming one of two source GSIs restores only that one",
         base_src,
         ix_setup + [restore({"GlobalSecondaryIndexOverride": [GSI2]}), restored_active("rst"),
                     describe_rst({"GlobalSecondaryIndexes": [{"IndexName": "gsi2", "KeySchema": GSI2["KeySchema"],
                                                               "Projection": GSI2["Projection"]}]})],
         ["restore", "override", "needs-real-time"], vars=V, cleanup=ix_clean)
    ren = copy.deepcopy(GSI1)
    ren["IndexName"] = "renamed"
    case("restore/gsi-override-renames",
         "A GSI override entry that matches a source index by KeySchema+Projection may carry a new IndexName: the "
         "index is restored under the new name",
         base_src + " (the name may differ; the index is renamed)",
         ix_setup + [restore({"GlobalSecondaryIndexOverride": [ren]}), restored_active("rst"),
                     describe_rst({"GlobalSecondaryIndexes": [{"IndexName": "renamed",
                                                               "KeySchema": GSI1["KeySchema"]}]})],
         ["restore", "override", "needs-real-time"], vars=V, cleanup=ix_clean)
    other_key = copy.deepcopy(GSI1)
    other_key["IndexName"] = "newidx"
    other_key["KeySchema"] = [{"AttributeName": "zz", "KeyType": "HASH"}]
    other_proj = copy.deepcopy(GSI1)
    other_proj["Projection"] = {"ProjectionType": "KEYS_ONLY"}
    lsi_other = copy.deepcopy(LSI1)
    lsi_other["KeySchema"] = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "zz", "KeyType": "RANGE"}]
    for cid, member, entry, name, what in (
            ("gsi-override-new-index", "GlobalSecondaryIndexOverride", other_key, "newidx", "another key schema"),
            ("gsi-override-other-projection", "GlobalSecondaryIndexOverride", other_proj, "gsi1", "another projection"),
            ("lsi-override-other-range-key", "LocalSecondaryIndexOverride", lsi_other, "lsi1", "another range key")):
        case("restore/" + cid,
             "An index override with %s matches no source index: ValidationException 'Invalid Request: Index %s does not "
             "match a secondary index that existed in the source table and cannot be created during the restore "
             "operation'" % (what, name),
             "facts §3.2 (index override not matching) [R] AQ table-restore.md 280; §4.4",
             ix_setup + [err("RestoreTableFromBackup", {"BackupArn": "${arn}", "TargetTableName": "${rst}",
                                                        member: [entry]}, "ValidationException",
                             "Invalid Request: Index %s does not match a secondary index that existed in the source "
                             "table and cannot be created during the restore operation" % name, ns=VAL_NS)],
             ["restore", "override", "needs-real-time"], vars=V, cleanup=[del_backup("arn"), del_table("table")])
    # billing / throughput on an on-demand backup
    ppr_setup = create_table("table") + [create_backup("table", "${backup}", "arn"), backup_available("arn")]
    ppr_clean = [del_backup("arn"), del_table("table")]
    for cid, extra, msg, what in (
            ("provisioned-override-needs-throughput", {"BillingModeOverride": "PROVISIONED"},
             "Invalid Request: Must override ProvisionedThroughput if BillingMode is overridden to PROVISIONED",
             "BillingModeOverride PROVISIONED without ProvisionedThroughputOverride"),
            ("throughput-on-on-demand-backup", {"ProvisionedThroughputOverride": {"ReadCapacityUnits": 5,
                                                                                  "WriteCapacityUnits": 5}},
             "Invalid Request: Cannot override ProvisionedThroughput unless BillingMode is PROVISIONED",
             "ProvisionedThroughputOverride on an on-demand backup without BillingModeOverride"),
            ("on-demand-override-refuses-throughput",
             {"BillingModeOverride": "PAY_PER_REQUEST",
              "ProvisionedThroughputOverride": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}},
             "Invalid Request: Cannot override ProvisionedThroughput if BillingMode is overridden to PAY_PER_REQUEST",
             "BillingModeOverride PAY_PER_REQUEST together with ProvisionedThroughputOverride"),
            ("on-demand-zero-units-out-of-range",
             {"OnDemandThroughputOverride": {"MaxReadRequestUnits": 0, "MaxWriteRequestUnits": 0}},
             "Invalid Request: Requested MaxReadRequestUnits for OnDemandThroughput is outside of valid range",
             "OnDemandThroughputOverride 0/0")):
        req = {"BackupArn": "${arn}", "TargetTableName": "${rst}"}
        req.update(extra)
        case("restore/" + cid, "%s: ValidationException '%s'" % (what, msg),
             "facts §3.2 [R] AQ 280/281; §4.4 billing rules",
             ppr_setup + [err("RestoreTableFromBackup", req, "ValidationException", msg, ns=VAL_NS)],
             ["restore", "override", "needs-real-time"], vars=V, cleanup=ppr_clean)
    case("restore/on-demand-to-provisioned",
         "BillingModeOverride PROVISIONED with ProvisionedThroughputOverride 7/3 on an on-demand backup restores a "
         "PROVISIONED table with those units",
         "facts §4.4 [R] AQ 280 (ProvisionedThroughputOverride requires effective PROVISIONED)",
         ppr_setup + [
             restore({"BillingModeOverride": "PROVISIONED",
                      "ProvisionedThroughputOverride": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 3}}),
             restored_active("rst"),
             describe_rst({"BillingModeSummary": {"BillingMode": "PROVISIONED"},
                           "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 3}})],
         ["restore", "override", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + ppr_clean)
    case("restore/on-demand-maxima-override",
         "OnDemandThroughputOverride {MaxReadRequestUnits 100, MaxWriteRequestUnits 50} on an on-demand backup is "
         "kept on the restored table",
         "facts §4.4 [R] AQ 281 (requires PAY_PER_REQUEST, recorded maxima kept)",
         ppr_setup + [
             restore({"OnDemandThroughputOverride": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50}}),
             restored_active("rst"),
             describe_rst({"BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
                           "OnDemandThroughput": {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 50}})],
         ["restore", "override", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + ppr_clean)
    # a PROVISIONED source
    prov_setup = create_table("table", gsis=[GSI1], billing="PROVISIONED") + [
        create_backup("table", "${backup}", "arn"), backup_available("arn")]
    case("restore/provisioned-to-on-demand",
         "BillingModeOverride PAY_PER_REQUEST on a PROVISIONED backup restores an on-demand table (GSI throughput 0/0)",
         "facts §4.4 [R] AQ 280 (PAY_PER_REQUEST flips GSIs to 0/0)",
         prov_setup + [restore({"BillingModeOverride": "PAY_PER_REQUEST"}), restored_active("rst"),
                       describe_rst({"BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
                                     "GlobalSecondaryIndexes": [{"IndexName": "gsi1", "ProvisionedThroughput": {
                                         "ReadCapacityUnits": 0, "WriteCapacityUnits": 0}}]})],
         ["restore", "override", "needs-real-time"], vars=V,
         cleanup=cleanup_restore("rst") + [del_backup("arn"), del_table("table")])
    case("restore/provisioned-throughput-override-base-only",
         "ProvisionedThroughputOverride on a PROVISIONED backup sets the base table's units; the GSI keeps its "
         "recorded 5/5",
         "facts §4.4 [R] AQ 280 (applies to the base table only)",
         prov_setup + [restore({"ProvisionedThroughputOverride": {"ReadCapacityUnits": 9, "WriteCapacityUnits": 8}}),
                       restored_active("rst"),
                       describe_rst({"BillingModeSummary": {"BillingMode": "PROVISIONED"},
                                     "ProvisionedThroughput": {"ReadCapacityUnits": 9, "WriteCapacityUnits": 8},
                                     "GlobalSecondaryIndexes": [{"ProvisionedThroughput": {
                                         "ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}]})],
         ["restore", "override", "needs-real-time"], vars=V,
         cleanup=cleanup_restore("rst") + [del_backup("arn"), del_table("table")])
    case("restore/gsi-override-needs-throughput-on-provisioned",
         "A GSI override entry without ProvisionedThroughput on a PROVISIONED restore: ValidationException 'Must "
         "specify provisioned throughput for index gsi1'",
         "facts §3.2 [R] AQ 280; §4.4",
         prov_setup + [err("RestoreTableFromBackup", {"BackupArn": "${arn}", "TargetTableName": "${rst}",
                                                      "GlobalSecondaryIndexOverride": [GSI1]},
                           "ValidationException", "Must specify provisioned throughput for index gsi1", ns=VAL_NS)],
         ["restore", "override", "needs-real-time"], vars=V, cleanup=[del_backup("arn"), del_table("table")])
    case("restore/on-demand-override-on-provisioned-backup",
         "OnDemandThroughputOverride on a PROVISIONED backup without BillingModeOverride PAY_PER_REQUEST: "
         "ValidationException 'Cannot override MaxReadRequestUnits for OnDemandThroughput unless BillingModeOverride "
         "is PAY_PER_REQUEST'",
         "facts §3.2 [R] AQ 281",
         prov_setup + [err("RestoreTableFromBackup", {"BackupArn": "${arn}", "TargetTableName": "${rst}",
                                                      "OnDemandThroughputOverride": {"MaxReadRequestUnits": 10,
                                                                                     "MaxWriteRequestUnits": 10}},
                           "ValidationException",
                           "Cannot override MaxReadRequestUnits for OnDemandThroughput unless BillingModeOverride is "
                           "PAY_PER_REQUEST", ns=VAL_NS)],
         ["restore", "override", "needs-real-time"], vars=V, cleanup=[del_backup("arn"), del_table("table")])
    # SSE
    case("restore/sse-override-empty-object",
         "SSESpecificationOverride {} is accepted (200) and the restore completes",
         "facts §4.4 [R] AQ 274/463 ({} -> 200; §6 item 13)",
         ppr_setup + [restore({"SSESpecificationOverride": {}}), restored_active("rst")],
         ["restore", "override", "sse", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + ppr_clean)
    case("restore/sse-override-disabled",
         "SSESpecificationOverride {Enabled: false} restores with the AWS-owned key: no SSEDescription",
         "facts §4.4 [R] AQ 274/276 ({Enabled:false} -> 200, AWS-owned key, no SSEDescription)",
         ppr_setup + [restore({"SSESpecificationOverride": {"Enabled": False}}), restored_active("rst"),
                      describe_rst({"SSEDescription": {"$absent": True}})],
         ["restore", "override", "sse", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + ppr_clean)
    case("restore/sse-override-kms",
         "SSESpecificationOverride {Enabled: true, SSEType: KMS} restores with the AWS-managed KMS key: SSEDescription "
         "{Status ENABLED, SSEType KMS, KMSMasterKeyArn} (inferred: the description's members come from the model, the "
         "recorded probes only say SSE is kept)",
         "facts §4.4 [R] AQ 215/274 (SSE kept / AWS-managed KMS); §2.3 SSEDescription [M] BC [I]",
         ppr_setup + [restore({"SSESpecificationOverride": {"Enabled": True, "SSEType": "KMS"}}),
                      restored_active("rst"),
                      describe_rst({"SSEDescription": {"Status": "ENABLED", "SSEType": "KMS",
                                                       "KMSMasterKeyArn": {"$regex": "^arn:aws[-a-z]*:kms:"}}})],
         ["restore", "override", "sse", "inferred", "needs-real-time"], vars=V,
         cleanup=cleanup_restore("rst") + ppr_clean)
    case("restore/streams-are-dropped",
         "A restore does not bring back the source's stream: the restored table has no StreamSpecification",
         "facts §4.4 [R] AQ 215; [M] DGB ('You must manually set up ... Stream settings')",
         create_table("table", stream=True) + [create_backup("table", "${backup}", "arn"), backup_available("arn"),
                                               restore({}), restored_active("rst"),
                                               describe_rst({"StreamSpecification": {"$absent": True},
                                                             "LatestStreamArn": {"$absent": True}})],
         ["restore", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + ppr_clean)
    # conflicts
    case("restore/target-being-restored-is-in-use",
         "A second restore into a target whose own restore is still CREATING: TableInUseException 'Table: <target> "
         "is already being restored from backup: <arn of the first restore>'",
         "facts §4.4 target name conflicts [R] AQ 219/275/277; §3.4 TableInUseException text; §5 R17",
         create_table("table") + [
             create_backup("table", "${backup}", "arn"), create_backup("table", "${backup}-2", "arn2"),
             backup_available("arn"), backup_available("arn2"), restore({}),
             err("RestoreTableFromBackup", {"BackupArn": "${arn2}", "TargetTableName": "${rst}"},
                 "TableInUseException", "Table: ${rst} is already being restored from backup: ${arn}", ns=DYN_NS), restored_active("rst")],
         ["restore", "conflict", "needs-real-time"], vars=V,
         cleanup=cleanup_restore("rst") + [del_backup("arn"), del_backup("arn2"), del_table("table")])
    case("restore/backup-feeds-one-restore-at-a-time",
         "While a backup is being restored, a second restore from it answers BackupInUseException 'Backup is being "
         "used to restore another table: <arn>' and DeleteBackup answers BackupInUseException 'Backup is being used "
         "to restore table: <arn>'; DescribeBackup still says AVAILABLE",
         "facts §4.4 [R] AQ 010; §3.4 BackupInUseException texts",
         ppr_setup + [
             restore({}),
             err("RestoreTableFromBackup", {"BackupArn": "${arn}", "TargetTableName": "${unique}-rst2"},
                 "BackupInUseException", "Backup is being used to restore another table: ${arn}", ns=DYN_NS),
             err("DeleteBackup", {"BackupArn": "${arn}"}, "BackupInUseException",
                 "Backup is being used to restore table: ${arn}", ns=DYN_NS),
             ok("DescribeBackup", {"BackupArn": "${arn}"},
                {"BackupDescription": {"BackupDetails": {"BackupStatus": "AVAILABLE"}}}), restored_active("rst")],
         ["restore", "conflict", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + ppr_clean)
    case("restore/restoring-target-blocks-create-and-delete-table",
         "While a restore target is CREATING, CreateTable with its name answers ResourceInUseException '... Table is "
         "being used: <name>' and DeleteTable answers ResourceInUseException",
         "facts §4.4 [R] AQ 219/277; §3.4 ResourceInUseException texts (catalogue prefix 'Attempt to change a "
         "resource which is still in use: ')",
         ppr_setup + [
             restore({}),
             err("CreateTable", {"TableName": "${rst}", "KeySchema": KEY_PK, "BillingMode": "PAY_PER_REQUEST",
                                 "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]},
                 "ResourceInUseException", regex="Table is being used: ${rst}$"),
             err("DeleteTable", {"TableName": "${rst}"}, "ResourceInUseException"), restored_active("rst")],
         ["restore", "conflict", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + ppr_clean)
    case("restore/missing-backup",
         "RestoreTableFromBackup from a deleted backup: BackupNotFoundException 'Backup not found: <arn>'",
         "facts §4.4 [R] AQ 273; §3.4 BackupNotFoundException text; local-endpoints P17",
         ppr_setup + [ok("DeleteBackup", {"BackupArn": "${arn}"}),
                      err("RestoreTableFromBackup", {"BackupArn": "${arn}", "TargetTableName": "${rst}"},
                          "BackupNotFoundException", "Backup not found: ${arn}", ns=DYN_NS)],
         ["restore", "needs-real-time"], vars=V, cleanup=[del_table("table")])
    case("restore/target-name-at-bounds",
         "Restore target names of 3 and 255 characters pass validation: with a deleted backup the answer is "
         "BackupNotFoundException",
         "facts §2.2 [M] TableName 3..255; AQ 442 (validation before existence); §3.4",
         ppr_setup + [ok("DeleteBackup", {"BackupArn": "${arn}"})] + [
             err("RestoreTableFromBackup", {"BackupArn": "${arn}", "TargetTableName": t},
                 "BackupNotFoundException", "Backup not found: ${arn}") for t in ("abc", "${unique}-" + "x" * 245)],
         ["restore", "boundary", "needs-real-time"], vars=V, cleanup=[del_table("table")])


def pitr_scenarios():
    V = {"table": "${unique}-src", "rst": "${unique}-rst"}
    enable = ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": True}}, {"ContinuousBackupsDescription": {"PointInTimeRecoveryDescription": {
            "PointInTimeRecoveryStatus": "ENABLED", "EarliestRestorableDateTime": {"$capture": "earliest"}}}})
    clean = [del_table("table")]
    case("continuous-backups/enable-describe-disable",
         "UpdateContinuousBackups enable -> PITR ENABLED with EarliestRestorableDateTime, LatestRestorableDateTime "
         "and RecoveryPeriodInDays 35 (default), DescribeContinuousBackups agrees; disable -> only "
         "PointInTimeRecoveryStatus DISABLED while ContinuousBackupsStatus stays ENABLED",
         "facts §4.6 [R] AQ 083/084/086, LS snapshot 2025 (R14), CLI update-continuous-backups (R13)",
         create_table("table") + [
             ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": True}}, {"ContinuousBackupsDescription": {
                     "ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {
                         "PointInTimeRecoveryStatus": "ENABLED", "RecoveryPeriodInDays": 35,
                         "EarliestRestorableDateTime": {"$epoch": {"near": "${now}", "within": 900},
                                                        "$capture": "earliest"},
                         "LatestRestorableDateTime": {"$epoch": {"near": "${now}", "within": 900}}}}}),
             ok("DescribeContinuousBackups", {"TableName": "${table}"}, {"ContinuousBackupsDescription": {
                 "ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {
                     "PointInTimeRecoveryStatus": "ENABLED", "RecoveryPeriodInDays": 35,
                     "EarliestRestorableDateTime": "${earliest}"}}}),
             ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": False}}, {"ContinuousBackupsDescription": {
                     "ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {
                         "$exact": True, "PointInTimeRecoveryStatus": "DISABLED"}}}),
             ok("DescribeContinuousBackups", {"TableName": "${table}"}, {"ContinuousBackupsDescription": {
                 "ContinuousBackupsStatus": "ENABLED",
                 "PointInTimeRecoveryDescription": {"$exact": True, "PointInTimeRecoveryStatus": "DISABLED"}}})],
         ["pitr", "needs-real-time"], vars=V, cleanup=clean)
    case("continuous-backups/window-right-after-enable",
         "Right after enabling PITR, EarliestRestorableDateTime equals LatestRestorableDateTime (the enable time; "
         "Latest is pinned for minutes)",
         "facts §4.6 [R] AQ 086 (Earliest == Latest == enable time right after enable); §5 R13 CLI example",
         create_table("table") + [
             ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": True}}, {"ContinuousBackupsDescription": {
                     "PointInTimeRecoveryDescription": {"EarliestRestorableDateTime": {"$capture": "earliest"},
                                                        "LatestRestorableDateTime": {"$capture": "latest"}}}}),
             ok("DescribeContinuousBackups", {"TableName": "${table}"}, {"ContinuousBackupsDescription": {
                 "PointInTimeRecoveryDescription": {"EarliestRestorableDateTime": "${latest}",
                                                    "LatestRestorableDateTime": "${earliest}"}}})],
         ["pitr", "needs-real-time"], vars=V, cleanup=clean)
    case("continuous-backups/recovery-period-lifecycle",
         "RecoveryPeriodInDays: enable with 7 -> 7; change in place to 10 while enabled -> 10, Earliest unchanged; "
         "enable again without it -> stays 10 (idempotent enable); disable and re-enable -> back to 35",
         "facts §4.6 [R] AQ 084/085 (default 35, changed in place, forgotten after disable); [M] BC doc",
         create_table("table") + [
             ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7}}, {"ContinuousBackupsDescription": {
                     "PointInTimeRecoveryDescription": {"RecoveryPeriodInDays": 7,
                                                        "EarliestRestorableDateTime": {"$capture": "earliest"}}}}),
             ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 10}}, {"ContinuousBackupsDescription": {
                     "PointInTimeRecoveryDescription": {"RecoveryPeriodInDays": 10,
                                                        "EarliestRestorableDateTime": "${earliest}"}}}),
             ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": True}}, {"ContinuousBackupsDescription": {
                     "PointInTimeRecoveryDescription": {"RecoveryPeriodInDays": 10,
                                                        "EarliestRestorableDateTime": "${earliest}"}}}),
             ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": False}}),
             ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": False}}, {"ContinuousBackupsDescription": {
                     "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}},
                note="disable when disabled is 200 (facts §4.6 AQ 085)"),
             ok("UpdateContinuousBackups", {"TableName": "${table}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": True}}, {"ContinuousBackupsDescription": {
                     "PointInTimeRecoveryDescription": {"RecoveryPeriodInDays": 35}}})],
         ["pitr", "needs-real-time"], vars=V, cleanup=clean)
    case("continuous-backups/recovery-period-on-disable-refused",
         "Disabling with RecoveryPeriodInDays (even 35) on an existing table: ValidationException 'Invalid Request: "
         "Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.'",
         "facts §3.2, §4.6 [R] AQ 084",
         create_table("table") + [err("UpdateContinuousBackups", {
             "TableName": "${table}", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": False,
                                                                           "RecoveryPeriodInDays": 35}},
             "ValidationException",
             "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.", ns=VAL_NS)],
         ["pitr", "needs-real-time"], vars=V, cleanup=clean)
    case("continuous-backups/by-table-arn",
         "UpdateContinuousBackups and DescribeContinuousBackups accept the table ARN as TableName",
         "facts §4.6 [M] BC, [R] SCY test_describe_continuous_backups_table_name_arn",
         create_table("table", cap_arn="table_arn") + [
             ok("UpdateContinuousBackups", {"TableName": "${table_arn}", "PointInTimeRecoverySpecification": {
                 "PointInTimeRecoveryEnabled": True}}, {"ContinuousBackupsDescription": {
                     "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED"}}}),
             ok("DescribeContinuousBackups", {"TableName": "${table_arn}"}, {"ContinuousBackupsDescription": {
                 "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED"}}})],
         ["pitr", "needs-real-time"], vars=V, cleanup=clean)
    # RestoreTableToPointInTime
    ptr = "RestoreTableToPointInTime"
    case("pitr-restore/pitr-not-enabled",
         "RestoreTableToPointInTime from a table without PITR: PointInTimeRecoveryUnavailableException 'Point in time "
         "recovery is not enabled for table '<name>''",
         "facts §3.4 [R] AQ DDB-TABLE-100; §5 R17; local-endpoints §6 (moto ignores it)",
         create_table("table") + [err(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}",
                                            "UseLatestRestorableTime": True},
                                      "PointInTimeRecoveryUnavailableException",
                                      "Point in time recovery is not enabled for table '${table}'", ns=DYN_NS)],
         ["pitr", "restore", "needs-real-time"], vars=V, cleanup=clean)
    case("pitr-restore/pitr-check-before-time-window",
         "With PITR off, an out-of-window RestoreDateTime still answers PointInTimeRecoveryUnavailableException "
         "(PITR enabled is checked before the time window)",
         "facts §4.5 error precedence [R] AQ 100/272/447",
         create_table("table") + [err(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}",
                                            "RestoreDateTime": 1},
                                      "PointInTimeRecoveryUnavailableException",
                                      "Point in time recovery is not enabled for table '${table}'")],
         ["pitr", "restore", "precedence", "needs-real-time"], vars=V, cleanup=clean)
    case("pitr-restore/shape-before-pitr-check",
         "With PITR off, a request with both RestoreDateTime and UseLatestRestorableTime answers the ValidationException "
         "(request shape comes before PITR enabled)",
         "facts §4.5 error precedence [R] AQ 272/442; §3.2 (text truncated in the source)",
         create_table("table") + [err(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}",
                                            "RestoreDateTime": 1, "UseLatestRestorableTime": True},
                                      "ValidationException",
                                      regex="^Invalid Request: Both RestoreDateTime and UseLatestRestorableTime cannot "
                                            "be set for point-in-time restore request\\. Pleas", ns=VAL_NS)],
         ["pitr", "restore", "precedence", "needs-real-time"], vars=V, cleanup=clean)
    pitr_setup = create_table("table", gsis=[GSI1]) + [put_item("table", {"pk": {"S": "p1"}, "gk": {"S": "g"}}),
                                                        enable]
    iso = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
    case("pitr-restore/time-before-earliest",
         "RestoreDateTime 1 (1970) with PITR on: InvalidRestoreTimeException 'RestoreDateTime '1970-01-01T00:00:01Z' "
         "must be within EarliestRestorableDateTime '<iso>' and LatestRestor...' (the tail is truncated in the source)",
         "facts §3.4 InvalidRestoreTimeException [R] AQ 100/272/086 (ISO-8601 UTC whole seconds; tail truncated)",
         pitr_setup + [err(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}", "RestoreDateTime": 1},
                           "InvalidRestoreTimeException",
                           regex="^RestoreDateTime '1970-01-01T00:00:01Z' must be within EarliestRestorableDateTime '"
                                 + iso + "' and LatestRestor", ns=DYN_NS)],
         ["pitr", "restore", "needs-real-time"], vars=V, cleanup=clean)
    case("pitr-restore/time-in-the-future",
         "RestoreDateTime one day after now with PITR on: InvalidRestoreTimeException",
         "facts §4.5 [R] AQ 272/086 (future time -> InvalidRestoreTimeException)",
         pitr_setup + [err(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}",
                                 "RestoreDateTime": 4102444800},
                           "InvalidRestoreTimeException",
                           regex="^RestoreDateTime '2100-01-01T00:00:00Z' must be within EarliestRestorableDateTime '")],
         ["pitr", "restore", "needs-real-time"], vars=V, cleanup=clean)
    case("pitr-restore/time-window-before-target-exists",
         "An out-of-window time with an existing target name answers InvalidRestoreTimeException, not "
         "TableAlreadyExistsException (window before target)",
         "facts §4.5 error precedence [R] AQ 100/272/447",
         pitr_setup + [err(ptr, {"SourceTableName": "${table}", "TargetTableName": "${table}", "RestoreDateTime": 1},
                           "InvalidRestoreTimeException", regex="^RestoreDateTime '1970-01-01T00:00:01Z'")],
         ["pitr", "restore", "precedence", "needs-real-time"], vars=V, cleanup=clean)
    case("pitr-restore/target-is-source",
         "Restoring to the source's own name: TableAlreadyExistsException 'Table already exists: <name>'",
         "facts §3.4 TableAlreadyExistsException (target == source) [R] AQ; §5 R17",
         pitr_setup + [err(ptr, {"SourceTableName": "${table}", "TargetTableName": "${table}",
                                 "UseLatestRestorableTime": True},
                           "TableAlreadyExistsException", "Table already exists: ${table}", ns=DYN_NS)],
         ["pitr", "restore", "needs-real-time"], vars=V, cleanup=clean)
    case("pitr-restore/target-exists",
         "Restoring into the name of another existing table: TableAlreadyExistsException",
         "facts §4.5 [R] AQ 272 (target exists is checked last); §3.4",
         pitr_setup + create_table("other", enabled_wait=False) + [
             err(ptr, {"SourceTableName": "${table}", "TargetTableName": "${other}", "UseLatestRestorableTime": True},
                 "TableAlreadyExistsException", "Table already exists: ${other}")],
         ["pitr", "restore", "needs-real-time"], vars=dict(V, other="${unique}-oth"),
         cleanup=[del_table("other"), del_table("table")])
    case("pitr-restore/latest-restorable-time-reads-back",
         "RestoreTableToPointInTime with UseLatestRestorableTime: TableDescription CREATING with RestoreSummary "
         "{SourceTableArn, RestoreDateTime, RestoreInProgress true} and no SourceBackupArn; once ACTIVE the item "
         "written before PITR was enabled is there and the GSI is restored",
         "facts §4.5 [R] CLI restore-table-to-point-in-time example (R12); §4.4 AQ 216; §4.6 AQ 086",
         pitr_setup + [
             ok(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}", "UseLatestRestorableTime": True},
                {"TableDescription": {"TableName": "${rst}", "TableStatus": "CREATING", "RestoreSummary": {
                    "SourceBackupArn": {"$absent": True}, "SourceTableArn": {"$arn": "table"},
                    "RestoreDateTime": {"$epoch": True}, "RestoreInProgress": True}}}),
             restored_active("rst"),
             ok("DescribeTable", {"TableName": "${rst}"}, {"Table": {
                 "RestoreSummary": {"$absent": True}, "GlobalSecondaryIndexes": [{"IndexName": "gsi1"}]}}),
             ok("Scan", {"TableName": "${rst}"}, {"Count": 1, "Items": [{"pk": {"S": "p1"}}]})],
         ["pitr", "restore", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + clean)
    case("pitr-restore/restore-at-earliest-time",
         "RestoreDateTime = EarliestRestorableDateTime is inside the window (bounds inclusive): the restore starts "
         "(inferred: inclusiveness of the bound is not recorded, only that Earliest == Latest right after enable and "
         "restores then work)",
         "facts §4.5/§4.6 [R] AQ 086; window bounds inclusive [I]",
         pitr_setup + [
             ok(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}", "RestoreDateTime": "${earliest}"},
                {"TableDescription": {"TableStatus": "CREATING", "RestoreSummary": {
                    "RestoreDateTime": "${earliest}"}}}), restored_active("rst")],
         ["pitr", "restore", "inferred", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + clean)
    case("pitr-restore/by-source-arn-with-gsi-override",
         "RestoreTableToPointInTime by SourceTableArn with GlobalSecondaryIndexOverride [] restores without GSIs",
         "facts §4.5 (overrides: same rules as RestoreTableFromBackup) [R] AQ 272/279; §2.5 SourceTableArn [M]",
         create_table("table", gsis=[GSI1], cap_arn="table_arn") + [enable,
                                                                      ok(ptr, {"SourceTableArn": "${table_arn}",
                                                                               "TargetTableName": "${rst}",
                                                                               "UseLatestRestorableTime": True,
                                                                               "GlobalSecondaryIndexOverride": []}),
                                                                      restored_active("rst"),
                                                                      ok("DescribeTable", {"TableName": "${rst}"},
                                                                         {"Table": {"GlobalSecondaryIndexes": {
                                                                             "$absent": True}}})],
         ["pitr", "restore", "override", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + clean)
    case("pitr-restore/billing-override",
         "RestoreTableToPointInTime with BillingModeOverride PROVISIONED + ProvisionedThroughputOverride 4/2 restores a "
         "PROVISIONED table (GSI override with throughput given too)",
         "facts §4.5 overrides as for RestoreTableFromBackup [R] AQ 280; §4.4",
         pitr_setup + [ok(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}",
                                "UseLatestRestorableTime": True, "BillingModeOverride": "PROVISIONED",
                                "ProvisionedThroughputOverride": {"ReadCapacityUnits": 4, "WriteCapacityUnits": 2},
                                "GlobalSecondaryIndexOverride": [dict(GSI1, ProvisionedThroughput={
                                    "ReadCapacityUnits": 1, "WriteCapacityUnits": 1})]}),
                       restored_active("rst"),
                       ok("DescribeTable", {"TableName": "${rst}"}, {"Table": {
                           "BillingModeSummary": {"BillingMode": "PROVISIONED"},
                           "ProvisionedThroughput": {"ReadCapacityUnits": 4, "WriteCapacityUnits": 2}}})],
         ["pitr", "restore", "override", "needs-real-time"], vars=V, cleanup=cleanup_restore("rst") + clean)
    case("pitr-restore/target-being-restored-is-in-use",
         "A second PITR restore into a target whose restore is still CREATING: TableInUseException 'Table: <target> "
         "is already being restored from backup: ...' (inferred: for a PITR restore the text's source part is not "
         "recorded, so only the prefix is compared)",
         "facts §4.4 target conflicts [R] AQ 219/275 (both restores raise TableInUseException); §3.4 [I] for PITR",
         pitr_setup + [ok(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}",
                                "UseLatestRestorableTime": True}),
                       err(ptr, {"SourceTableName": "${table}", "TargetTableName": "${rst}",
                                 "UseLatestRestorableTime": True},
                           "TableInUseException", regex="^Table: ${rst} is already being restored from backup: "), restored_active("rst")],
         ["pitr", "restore", "conflict", "inferred", "needs-real-time"], vars=V,
         cleanup=cleanup_restore("rst") + clean)
    case("pitr-restore/deleted-source-by-arn",
         "RestoreTableToPointInTime by the SourceTableArn of a deleted table: TableNotFoundException with the bare "
         "text 'Table not found'",
         "facts §3.4 (bare 'Table not found' via SourceTableArn) [R] AQ; §4.5 AQ 100/454",
         create_table("table", cap_arn="table_arn") + [
             ok("DeleteTable", {"TableName": "${table}"}), table_gone("table"),
             err(ptr, {"SourceTableArn": "${table_arn}", "TargetTableName": "${rst}", "UseLatestRestorableTime": True},
                 "TableNotFoundException", "Table not found", ns=DYN_NS)],
         ["pitr", "restore", "needs-real-time"], vars=V, cleanup=clean)


def table_scenarios():
    V = {"table": "${unique}-t"}
    case("items/put-get-scan",
         "PutItem, GetItem and Scan on an on-demand table: the written items come back (scenario plumbing)",
         "facts §2.1 minimal setup ops [M] BC (PutItem/GetItem/Scan shapes)",
         create_table("table", enabled_wait=False) + [
             put_item("table", {"pk": {"S": "a"}, "n": {"N": "1"}}), put_item("table", {"pk": {"S": "b"}}),
             ok("GetItem", {"TableName": "${table}", "Key": {"pk": {"S": "a"}}},
                {"Item": {"pk": {"S": "a"}, "n": {"N": "1"}}}),
             ok("GetItem", {"TableName": "${table}", "Key": {"pk": {"S": "zz"}}}, {"Item": {"$absent": True}}),
             ok("Scan", {"TableName": "${table}"}, {"Count": 2, "Items": {"$len": 2}})],
         ["plumbing", "needs-real-time"], vars=V, cleanup=[del_table("table")])
    case("table/delete-missing",
         "DeleteTable of a table that does not exist: ResourceNotFoundException 'Requested resource not found: Table: "
         "<name> not found'",
         "facts §5 R16 [R] LS 2025; §3.4",
         [err("DeleteTable", {"TableName": "${table}"}, "ResourceNotFoundException",
              "Requested resource not found: Table: ${table} not found", ns=DYN_NS)], ["plumbing"], vars=V)
    case("table/provisioned-describe",
         "A PROVISIONED 5/5 table: CreateTable's description has ProvisionedThroughput with NumberOfDecreasesToday 0 "
         "and BillingMode PROVISIONED once ACTIVE",
         "facts §5 R16 [R] LS test_table_crud (AWS 2025-10-08)",
         create_table("table", billing="PROVISIONED", enabled_wait=False) + [
             ok("DescribeTable", {"TableName": "${table}"}, {"Table": {
                 "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 5,
                                           "WriteCapacityUnits": 5}, "DeletionProtectionEnabled": False}})],
         ["plumbing", "needs-real-time"], vars=V, cleanup=[del_table("table")])


def main():
    table_rows()
    constraint_cases()
    protocol_cases()
    boundary_cases()
    backup_scenarios()
    list_scenarios()
    restore_scenarios()
    pitr_scenarios()
    table_scenarios()
    check = "--check" in sys.argv
    changed = []
    for cid, c in sorted(OUT.items()):
        path = os.path.join(CASES, cid + ".json")
        text = json.dumps(c, indent=2, ensure_ascii=False) + "\n"
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            changed.append(path)
            if not check:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    print("%d generated cases, %d %s" % (len(OUT), len(changed), "would change" if check else "written"),
          file=sys.stderr)
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
