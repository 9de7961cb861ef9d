#!/usr/bin/env python3
"""tools/gen/spec-draft.py - dev aid: drafts spec/ from botocore's DynamoDB model.

The committed spec/ files are the product's truth, curated by hand after drafting; this script
only produces a starting point (and documents how the curation was applied). It takes the
closure of shapes reachable from the operations' inputs and outputs, drops documentation
strings, and applies the hand curation below (since dates, rules, rate limits, the order the
service prints enum lists in, server drift), all taken from the facts of docs/sources.md (their ids,
[S:<id>], quoted in "source").

usage: tools/gen/spec-draft.py [--model service-2.json[.gz]] [--out DIR]   (default DIR: build/spec-draft)
       tools/gen/spec-draft.py [--model ...] --check
Writes DIR/spec/shapes.json, DIR/spec/operations/*.json, DIR/spec/errors.json, never spec/ itself.
spec/messages.json and spec/service.json are hand-written and never drafted.

--check writes nothing. It drafts in memory and compares every value of the draft with the
committed spec/, so the curation tables here and the hand-curated spec cannot drift apart unseen:
a value the draft has that spec/ lacks or spells differently is reported (DIFFERS file: path),
and so is an operation file spec/ lacks (MISSING) or has that the draft does not (not drafted).
Accepted: members spec/ adds (curation: notes, group, example, model, drift, ...), and any
difference inside a shape or member whose spec entry carries "drift" (server drift, explained
there; `ddbconform spec check` compares those with the model). Without a botocore model only the
per-operation curation (since, plumbing, rules, rateLimit) is compared, and the check says so.
"""
import argparse
import collections
import glob
import gzip
import json
import os
import sys

import genlib

OPS = {
    # name: (since, plumbing, rules, rateLimit)
    "CreateBackup": ("2017-11-29", False, [], {"documentedPerSecond": 50, "source": "[S:rate-limits] [M] BC; [R] AQ ~103/s accepted"}),
    "DeleteBackup": ("2017-11-29", False, ["delete-system-backup"], {"documentedPerSecond": 10, "source": "[S:rate-limits] [M] BC; [R] AQ throttled after ~13 back-to-back"}),
    "DescribeBackup": ("2017-11-29", False, [], {"documentedPerSecond": 10, "source": "[S:rate-limits] [M] BC; [R] AQ throttled after ~13 sequential"}),
    "ListBackups": ("2017-11-29", False, ["list-backups-time-range", "list-backups-start-arn-region"], {"documentedPerSecond": 5, "source": "[S:rate-limits] [M] BC; [R] AQ exactly 5 then ThrottlingException"}),
    "RestoreTableFromBackup": ("2017-11-29", False,
                               ["restore-target-name-empty", "restore-billing-throughput", "restore-on-demand",
                                "restore-index-overrides", "restore-cross-region-sse"],
                               {"documentedPerSecond": 10, "concurrent": 50, "source": "[S:rate-limits] [M] BC; [R] AQ 51st concurrent -> LimitExceededException"}),
    "RestoreTableToPointInTime": ("2018-03-26", False,
                                  ["pitr-time-exclusive", "pitr-source-exclusive", "pitr-source-arn-format",
                                   "pitr-source-arn-account", "restore-billing-throughput", "restore-on-demand", "restore-index-overrides",
                                   "restore-cross-region-sse", "pitr-window"],
                                  {"concurrent": 50, "source": "[S:rate-limits] [M] BC"}),
    "UpdateContinuousBackups": ("2018-03-26", False, ["recovery-period-on-disable"], None),
    "DescribeContinuousBackups": ("2017-11-29", False, [], {"documentedPerSecond": 10, "source": "[S:rate-limits] [M] BC"}),
    "CreateTable": ("2012-08-10", True, [], None),
    "DescribeTable": ("2012-08-10", True, [], None),
    "DeleteTable": ("2012-08-10", True, [], None),
    "PutItem": ("2012-08-10", True, [], None),
    "GetItem": ("2012-08-10", True, [], None),
    "Scan": ("2012-08-10", True, [], None),
    # plumbing for behaviour cases (issue 18): what a restore must keep or drop, set up and read back
    "DeleteItem": ("2012-08-10", True, [], None),
    "UpdateTable": ("2012-08-10", True, [], None),
    "UpdateTimeToLive": ("2017-02-27", True, [], None),
    "DescribeTimeToLive": ("2017-02-27", True, [], None),
    "TagResource": ("2017-01-17", True, [], None),
    "UntagResource": ("2017-01-17", True, [], None),
    "ListTagsOfResource": ("2017-01-17", True, [], None),
    # plumbing for ddbconform sweep (issue 22): the tables a killed run left
    "ListTables": ("2012-08-10", True, [], None),
}

# Operations whose since date is not in [S:model-history]: the first botocore commit naming them (git log -S on
# the model file; UpdateTable and DeleteItem are older than botocore's history, 2012-08-10 is the API version).
OP_SOURCE = {
    "UpdateTimeToLive": "model [M] BC (tests/data/botocore-model); since: BC cd48c5470 (2017-02-27), first commit naming it",
    "DescribeTimeToLive": "model [M] BC (tests/data/botocore-model); since: BC cd48c5470 (2017-02-27), first commit naming it",
    "TagResource": "model [M] BC (tests/data/botocore-model); since: BC 49e1fd41c (2017-01-17), first commit naming it",
    "UntagResource": "model [M] BC (tests/data/botocore-model); since: BC 49e1fd41c (2017-01-17), first commit naming it",
    "ListTagsOfResource": "model [M] BC (tests/data/botocore-model); since: BC 49e1fd41c (2017-01-17), first commit naming it",
    "UpdateTable": "model [M] BC (tests/data/botocore-model); since: the API version (older than botocore's history)",
    "DeleteItem": "model [M] BC (tests/data/botocore-model); since: the API version (older than botocore's history)",
    "ListTables": "model [M] BC (tests/data/botocore-model); since: the API version (older than botocore's history)",
}

# An operation the model gives no output: the spec names an empty structure (the loader wants one);
# `spec check` compares outputs only where the model has one.
NO_OUTPUT_NOTE = ("the model has no output shape; the spec's empty structure stands for it (the answer is an empty "
                  "JSON object or an empty body [I]: not recorded; cases do not match its body)")

# (structure, member) -> since; [S:model-history] [M] BC history (git log -S).
MEMBER_SINCE = {
    ("ListBackupsInput", "BackupType"): "2018-08-06",
    ("BackupDetails", "BackupExpiryDateTime"): "2018-08-06",
    ("BackupSummary", "BackupExpiryDateTime"): "2018-08-06",
    ("SSEDescription", "KMSMasterKeyArn"): "2018-06-14",
    ("CreateTableInput", "BillingMode"): "2018-11-28",
    ("SourceTableDetails", "BillingMode"): "2018-11-28",
    ("TableDescription", "BillingModeSummary"): "2018-11-28",
    ("TableDescription", "ArchivalSummary"): "2019-11-26",
    ("TableDescription", "TableClassSummary"): "2021-12-01",
    ("CreateTableInput", "TableClass"): "2021-12-01",
    ("TableDescription", "DeletionProtectionEnabled"): "2023-03-08",
    ("CreateTableInput", "DeletionProtectionEnabled"): "2023-03-08",
    ("TableDescription", "OnDemandThroughput"): "2024-05-02",
    ("SourceTableDetails", "OnDemandThroughput"): "2024-05-02",
    ("CreateTableInput", "OnDemandThroughput"): "2024-05-02",
    ("GlobalSecondaryIndex", "OnDemandThroughput"): "2024-05-02",
    ("GlobalSecondaryIndexDescription", "OnDemandThroughput"): "2024-05-02",
    ("GlobalSecondaryIndexInfo", "OnDemandThroughput"): "2024-05-02",
    ("GlobalSecondaryIndex", "WarmThroughput"): "2024-11-13",
    ("TableDescription", "MultiRegionConsistency"): "2024-12-03",
    ("PointInTimeRecoverySpecification", "RecoveryPeriodInDays"): "2025-01-07",
    ("PointInTimeRecoveryDescription", "RecoveryPeriodInDays"): "2025-01-07",
}
for op in ("RestoreTableFromBackupInput", "RestoreTableToPointInTimeInput"):
    for m in ("BillingModeOverride", "GlobalSecondaryIndexOverride", "LocalSecondaryIndexOverride",
              "ProvisionedThroughputOverride"):
        MEMBER_SINCE[(op, m)] = "2019-11-12"
    MEMBER_SINCE[(op, "SSESpecificationOverride")] = "2020-02-17"
    MEMBER_SINCE[(op, "OnDemandThroughputOverride")] = "2024-05-02"
MEMBER_SINCE[("RestoreTableToPointInTimeInput", "SourceTableArn")] = "2020-02-17"
# vector indexes: botocore 63febb2c (2026-08-04), [S:model-history] [M] BC
for sm in (("RestoreTableFromBackupInput", "VectorIndexOverride"), ("RestoreTableToPointInTimeInput", "VectorIndexOverride"),
           ("SourceTableFeatureDetails", "VectorIndexes"), ("TableDescription", "VectorIndexes"),
           ("CreateTableInput", "VectorIndexes"), ("UpdateTableInput", "VectorIndexUpdates"),
           ("ConsumedCapacity", "VectorIndexes")):
    MEMBER_SINCE[sm] = "2026-08-04"
MEMBER_SINCE[("UpdateTableInput", "TableClass")] = "2021-12-01"
MEMBER_SINCE[("UpdateTableInput", "DeletionProtectionEnabled")] = "2023-03-08"
MEMBER_SINCE[("UpdateTableInput", "BillingMode")] = "2018-11-28"
MEMBER_SINCE[("UpdateTableInput", "OnDemandThroughput")] = "2024-05-02"

SHAPE_SINCE = {
    "BackupTypeFilter": "2018-08-06", "BillingMode": "2018-11-28", "BillingModeSummary": "2018-11-28",
    "OnDemandThroughput": "2024-05-02", "RecoveryPeriodInDays": "2025-01-07",
    "PointInTimeRecoverySpecification": "2018-03-26",
}
for s in ("BackupArn", "BackupName", "BackupDetails", "BackupDescription", "BackupSummary", "BackupSummaries",
          "BackupStatus", "BackupType", "BackupSizeBytes", "BackupsInputLimit", "RestoreSummary",
          "SourceTableDetails", "SourceTableFeatureDetails", "ContinuousBackupsDescription",
          "ContinuousBackupsStatus"):
    SHAPE_SINCE[s] = "2017-11-29"
SHAPE_SINCE["PointInTimeRecoveryDescription"] = "2018-03-26"
SHAPE_SINCE["PointInTimeRecoveryStatus"] = "2018-03-26"

SHAPE_CHANGES = {
    "BackupType": [{"date": "2019-01-16", "what": "enum value AWS_BACKUP added", "source": "[S:model-history] [M] BC a8675f80c"}],
    "BackupTypeFilter": [{"date": "2019-01-16", "what": "enum value AWS_BACKUP added", "source": "[S:model-history] [M] BC a8675f80c"}],
    "TableStatus": [
        {"date": "2019-11-26", "what": "INACCESSIBLE_ENCRYPTION_CREDENTIALS, ARCHIVING, ARCHIVED added", "source": "[S:model-history] [M] BC"},
        {"date": "2025-06-30", "what": "REPLICATION_NOT_AUTHORIZED added", "source": "[S:model-history] [M] BC"}],
}
ARN_CHANGE = {"date": "2024-03-20", "what": "shape TableName -> TableArn (1..1024): a table ARN is accepted",
              "source": "[S:model-history] [M] BC 50ebf1330"}
MEMBER_CHANGES = {
    ("RestoreTableToPointInTimeInput", "SourceTableName"): [
        {"date": "2020-02-17", "what": "no longer required (SourceTableArn added)", "source": "[S:model-history] [M] BC bd9022ed8"}],
    ("CreateTableInput", "AttributeDefinitions"): [
        {"date": "2026-02-03", "what": "no longer required (only TableName is)", "source": "[S:model-operations] [M] BC 1a0813ab2"}],
    ("CreateTableInput", "KeySchema"): [
        {"date": "2026-02-03", "what": "no longer required (only TableName is)", "source": "[S:model-operations] [M] BC 1a0813ab2"}],
    ("CreateTableInput", "ProvisionedThroughput"): [
        {"date": "2018-11-28", "what": "no longer required (BillingMode added)", "source": "[S:model-history] [M] BC"}],
}

# The order the SERVICE prints enum lists in ([S:enum-order] [R]); others: model order.
ENUM_MESSAGE = {
    "BillingMode": ("[PROVISIONED, PAY_PER_REQUEST]", "[S:enum-order] [R] AQ 457"),
    "StreamViewType": ("[OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]", "[S:enum-order] [R] AQ 457, LS"),
    "ScalarAttributeType": ("[B, N, S]", "[S:enum-order] [R] AQ 457, LS"),
    "Select": ("[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
               "dynalite validations [E] ([S:emu-reference-probes] R07); real order not recorded"),
}

# Server drift: the spec keeps what the SERVER enforces, "model" keeps the model's value.
SHAPE_DRIFT = {
    "BackupArn": ({"min": None}, {"min": 37},
                  "server answers the custom 'Invalid Backup ARN' for '', table ARNs and short non-ARNs instead "
                  "of a length clause (member check backup-arn); [S:validation-texts], [S:dispute-model-vs-server-lengths] [R] AQ"),
    "KMSMasterKeyId": ({"min": 1}, {"min": None},
                       "no model constraint, but the server answers 'Member must have length greater than or equal "
                       "to 1' for '' at sSESpecificationOverride.kMSMasterKeyId; [S:validation-texts], [S:dispute-model-vs-server-lengths] [R] AQ 457"),
    "TableArn": ({"min": None}, {"min": 1},
                 "TableName members of shape TableArn: the server validates a plain name as TableName (length >= 3 "
                 "and the name pattern, generic clauses) and an ARN by ARN grammar (member check table-name-or-arn); "
                 "a length-1 clause is never printed; [S:validation-texts], [S:dispute-table-name-text] [R] AQ 457"),
}

# Members of shape TableArn that name a table (name or ARN since 2024-03-20).
TABLE_NAME_OR_ARN_OPS = ("CreateBackupInput", "ListBackupsInput", "UpdateContinuousBackupsInput",
                         "DescribeContinuousBackupsInput", "CreateTableInput", "DescribeTableInput",
                         "DeleteTableInput", "PutItemInput", "GetItemInput", "ScanInput", "DeleteItemInput",
                         "UpdateTableInput", "UpdateTimeToLiveInput", "DescribeTimeToLiveInput")
BACKUP_ARN_MEMBERS = (("DeleteBackupInput", "BackupArn"), ("DescribeBackupInput", "BackupArn"),
                      ("RestoreTableFromBackupInput", "BackupArn"))

# [S:error-body] / [S:error-status]
SERVICE = "com.amazon.coral.service"
EXTRA_ERRORS = {
    "ValidationException": ("com.amazon.coral.validate", 400, "message", True, "[S:error-body]/[S:error-status] [R] DYN, AQ, LS", False, {}),
    "SerializationException": (SERVICE, 400, "Message", True,
                               "[S:error-body] [R] DYN: type errors carry 'Message'; an unparseable or empty body has no message",
                               False, {"messageOptional": True}),
    "UnknownOperationException": (SERVICE, 400, None, True,
                                  "[S:error-body]/[S:error-status] [R] DYN: no message; 404 with an XML body for a bad content type or method",
                                  False, {}),
    "MissingAuthenticationTokenException": (SERVICE, 400, "message", True, "[S:error-status], [S:rec-missing-auth-token] [R] aws-sdk-ios-samples#111", False, {}),
    "IncompleteSignatureException": (SERVICE, 400, "message", True, "[S:error-status] [R] DYN", False, {}),
    "InvalidSignatureException": (SERVICE, 400, "message", True, "[S:error-status] [R] DYN", False, {}),
    "UnrecognizedClientException": (SERVICE, 400, "message", True, "[S:error-status], [S:rec-unrecognized-client] [R] laravel-dynamodb#228", False, {}),
    "ExpiredTokenException": (SERVICE, 400, "message", True, "[S:error-status], [S:rec-expired-token] [R] guregu/dynamo#68", False, {}),
    "AccessDeniedException": (SERVICE, 400, "Message", True, "[S:error-body], [S:rec-access-denied] [R] sebdah/dynamic-dynamodb#321", False, {}),
    "ThrottlingException": ("com.amazon.coral.availability", 400, "message", True,
                            "[S:error-body]/[S:error-status] [R] AQ DDB-BACKUP-020 ('Rate exceeded'); the model also lists a modeled "
                            "ThrottlingException (2025-08-14) for data-plane ops", False, {}),
    "InternalServerError": ("com.amazonaws.dynamodb.v20120810", 500, "message", True,
                            "[S:error-status] [M] SM @error(server); [R] AQ 457", False, {}),
    "ServiceUnavailable": ("com.amazonaws.dynamodb.v20120810", 503, "message", True,
                           "[S:error-status] [M] DG; __type namespace not recorded", True, {}),
    "InternalFailure": ("com.amazonaws.dynamodb.v20120810", 500, "message", True,
                        "[S:error-status] [R] AQ 457 (empty message); __type namespace not recorded", True, {}),
    "InvalidEndpointException": ("com.amazonaws.dynamodb.v20120810", 421, "Message", False,
                                 "[S:error-status] [M] SM @httpError(421) (endpoint discovery only)", True, {}),
}
# Backup errors whose namespace prefix the facts mark [I] ([S:error-body]).
INFERRED_NS = {"BackupNotFoundException", "TableNotFoundException", "TableAlreadyExistsException",
               "TableInUseException", "BackupInUseException", "ContinuousBackupsUnavailableException",
               "PointInTimeRecoveryUnavailableException", "InvalidRestoreTimeException"}


def find_model():
    # the vendored model first (tests/data/botocore-model/README.md): the spec follows it, whatever the
    # machine's botocore is
    vendored = os.path.join(genlib.TOP, "tests", "data", "botocore-model", "service-2.json.gz")
    if os.path.exists(vendored):
        return vendored
    home = os.path.expanduser("~")
    pats = ["/usr/lib/python3/dist-packages/botocore/data/dynamodb/2012-08-10/service-2.json*",
            home + "/.pyenv/versions/*/lib/python3*/site-packages/botocore/data/dynamodb/2012-08-10/service-2.json*"]
    for p in pats:
        hits = sorted(glob.glob(p))
        if hits:
            return hits[0]
    return None


def load_model(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def closure(model, roots):
    seen, order = set(), []

    def walk(n):
        if n in seen:
            return
        seen.add(n)
        order.append(n)
        s = model["shapes"][n]
        for k in ("member", "key", "value"):
            if k in s:
                walk(s[k]["shape"])
        for mm in s.get("members", {}).values():
            walk(mm["shape"])
    for r in roots:
        walk(r)
    return order


def convert_shape(model, name):
    s = model["shapes"][name]
    out = {"type": s["type"]}
    for k in ("min", "max", "pattern"):
        if k in s:
            out[k] = s[k]
    if "enum" in s:
        out["enum"] = list(s["enum"])
        msg, src = ENUM_MESSAGE.get(name, ("[" + ", ".join(s["enum"]) + "]", "unrecorded: model order"))
        out["enumMessage"] = msg
        out["enumMessageSource"] = src
    if s["type"] == "structure":
        req = set(s.get("required", []))
        members = collections.OrderedDict()
        for mname, mm in s.get("members", {}).items():
            m = {"shape": mm["shape"]}
            if mname in req:
                m["required"] = True
            since = MEMBER_SINCE.get((name, mname))
            if since:
                m["since"] = since
            if (name, mname) in BACKUP_ARN_MEMBERS:
                m["check"] = "backup-arn"
            if name in TABLE_NAME_OR_ARN_OPS and mname == "TableName" and mm["shape"] == "TableArn":
                m["check"] = "table-name-or-arn"
                m["nameShape"] = "TableName"
                m["changes"] = [ARN_CHANGE]
            if (name, mname) in MEMBER_CHANGES:
                m["changes"] = MEMBER_CHANGES[(name, mname)]
            members[mname] = m
        out["members"] = members
        if name == "AttributeValue":
            out["union"] = True
            out["unionSource"] = "[S:rec-attribute-value-validation] [R]: 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes'"
    for k in ("member", "key", "value"):
        if k in s:
            out[k] = s[k]["shape"]
    if name in SHAPE_SINCE:
        out["since"] = SHAPE_SINCE[name]
    if name in SHAPE_CHANGES:
        out["changes"] = SHAPE_CHANGES[name]
    if name in SHAPE_DRIFT:
        spec_vals, model_vals, why = SHAPE_DRIFT[name]
        for k, v in spec_vals.items():
            if v is None:
                out.pop(k, None)
            else:
                out[k] = v
        out["model"] = model_vals
        out["drift"] = why
    return out


def draft(model):
    """{path relative to the draft root: JSON document} for the spec files the draft writes."""
    per_op = {}
    for op in OPS:
        o = model["operations"][op]
        per_op[op] = closure(model, [o["input"]["shape"]] + ([o["output"]["shape"]] if "output" in o else []))
    users = collections.defaultdict(set)
    for op, names in per_op.items():
        for n in names:
            users[n].add(op)
    shared = [n for n in sorted(users) if len(users[n]) > 1]
    src = ("botocore 0e6e2404 data/dynamodb/2012-08-10/service-2.json (DynamoDB model 63febb2c, 2026-08-04; vendored as "
           "tests/data/botocore-model/service-2.json.gz), curated from facts (see spec/README.md)")
    out = {"spec/shapes.json": {"source": src, "shapes": {n: convert_shape(model, n) for n in shared}}}
    for op in OPS:
        o = model["operations"][op]
        own = [n for n in per_op[op] if len(users[n]) == 1]
        doc = op_metadata(op)
        doc["input"] = o["input"]["shape"]
        doc["output"] = o["output"]["shape"] if "output" in o else op + "Output"
        doc["errors"] = [e["shape"] for e in o.get("errors", [])]
        doc.move_to_end("rules")
        if "rateLimit" in doc:
            doc.move_to_end("rateLimit")
        doc["source"] = OP_SOURCE.get(op, "[S:model-operations] [M] BC; since: [S:model-history]")
        doc["shapes"] = {n: convert_shape(model, n) for n in own}
        if "output" not in o:
            doc["shapes"][op + "Output"] = {"type": "structure", "members": {}, "note": NO_OUTPUT_NOTE}
        out["spec/operations/%s.json" % op] = doc
    errors = collections.OrderedDict()
    modeled = []
    for op in OPS:
        for e in model["operations"][op].get("errors", []):
            if e["shape"] not in modeled:
                modeled.append(e["shape"])
    for name in sorted(modeled):
        if name in EXTRA_ERRORS:
            continue
        s = model["shapes"][name]
        mem = s.get("members", {})
        key = "message" if "message" in mem else ("Message" if "Message" in mem else None)
        status = 500 if s.get("fault") else 400
        errors[name] = {"namespace": "com.amazonaws.dynamodb.v20120810", "http": status, "messageKey": key,
                        "common": False, "source": "[S:error-body]/[S:error-status]; model members", "inferred": name in INFERRED_NS}
    for name, (ns, http, key, common, source, inferred, extra) in EXTRA_ERRORS.items():
        e = {"namespace": ns, "http": http, "messageKey": key, "common": common, "source": source,
             "inferred": inferred}
        e.update(extra)
        errors[name] = e
    out["spec/errors.json"] = {"errors": errors}
    return out


def op_metadata(op):
    since, plumbing, rules, rate = OPS[op]
    doc = collections.OrderedDict()
    doc["name"] = op
    doc["since"] = since
    doc["plumbing"] = plumbing
    doc["rules"] = rules
    if rate:
        doc["rateLimit"] = rate
    return doc


def differences(rel, drafted, committed, path, out):
    """Appends 'DIFFERS rel: path: ...' for every drafted value committed lacks or spells differently,
    except below an object of committed that carries "drift" (explained server drift)."""
    if isinstance(committed, dict) and "drift" in committed:
        return
    if isinstance(drafted, dict) and isinstance(committed, dict):
        for k, v in drafted.items():
            p = "%s.%s" % (path, k) if path else k
            if k not in committed:
                out.append("DIFFERS %s: %s: the draft has it, spec/ does not" % (rel, p))
            else:
                differences(rel, v, committed[k], p, out)
    elif drafted != committed:
        out.append("DIFFERS %s: %s: draft %s, spec %s" % (rel, path or "(root)", json.dumps(drafted)[:120],
                                                         json.dumps(committed)[:120]))


def check(model):
    name = genlib.me(__file__)
    if model is not None:
        drafted = draft(model)
        what = "the draft from the model agrees with spec/ except where spec/ explains drift"
    else:
        drafted = {"spec/operations/%s.json" % op: op_metadata(op) for op in OPS}
        what = "no botocore model: only the per-operation curation (since, plumbing, rules, rateLimit) compared"
    lines = []
    for rel, doc in sorted(drafted.items()):
        raw = genlib.read(rel)
        if raw is None:
            lines.append("MISSING " + rel)
            continue
        differences(rel, doc, json.loads(raw), "", lines)
    for rel in genlib.files_under("spec/operations", ".json"):
        if rel not in drafted:
            lines.append("DIFFERS %s: not drafted (add the operation to OPS in %s)" % (rel, name))
    return genlib.report(name, lines, what, "bring the curation tables of %s and spec/ together" % name)


def main():
    ap = argparse.ArgumentParser(description="drafts spec/ from botocore's model; see the file's header")
    ap.add_argument("--model")
    ap.add_argument("--out", default=os.path.join(genlib.TOP, "build", "spec-draft"))
    ap.add_argument("--check", action="store_true")
    if "--help" in sys.argv[1:] or "-h" in sys.argv[1:]:
        sys.stdout.write(__doc__.strip() + "\n")
        return 0
    a = ap.parse_args()
    path = a.model or find_model()
    if a.check:
        return check(load_model(path) if path else None)
    if not path:
        sys.exit("no botocore model found; pass --model")
    for rel, doc in draft(load_model(path)).items():
        dst = os.path.join(a.out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "w") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")
    print("draft written to %s from %s" % (a.out, path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
