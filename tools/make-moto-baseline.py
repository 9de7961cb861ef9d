#!/usr/bin/env python3
"""Writes baselines/moto.json from a moto run's report.json (issue 5).

    ddbconform run --endpoint http://127.0.0.1:PORT --level compat --jobs 4 --report-dir R   # moto
    python3 tools/make-moto-baseline.py R/report.json > /tmp/moto.json && mv /tmp/moto.json baselines/moto.json
    (it reads the old baselines/moto.json, so never redirect into it directly)

Each failed case gets a reason: the moto deviation it runs into, quoted from the
local-endpoints research notes (§4 error shapes, §6 deviations, probe rows P/R), then
what this run measured (the first failure: kind, path, expected, actual). Hand-written
reasons already in baselines/moto.json are kept for the cases they name."""
import json
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTES = ("moto 5.2.1 (pyenv CPython 3.11.7) run with --level compat by tests/integration/run_peers.sh. Reasons quote "
         "the local-endpoints research notes (§4 error shapes, §6 deviations, probe rows P/R) and end with what "
         "run_peers.sh measured here (the case's first failure).")
R = {
    "validation": "local-endpoints §6 item 2: moto does no input validation on the backup API (missing required "
                  "members, name pattern and length, Limit 1-100, enums, BackupArn, TargetTableName, "
                  "RecoveryPeriodInDays are accepted or fall through to NotFound or a 500); §4: every error type is "
                  "prefixed com.amazonaws.dynamodb.v20120810# and error bodies carry Content-Type application/json",
    "serialization": "local-endpoints P39/P40/R08/R09: moto coerces JSON types (123 -> '123') and answers malformed "
                     "or empty bodies with NotFound or an HTML 500 instead of SerializationException",
    "auth": "local-endpoints §4 / P42/P48/P49: moto picks the service from the Authorization credential scope (no "
            "header -> S3 XML, a malformed one -> HTML 500) and never checks signatures",
    "protocol": "local-endpoints P40/P41 and §4: unknown targets and malformed bodies give a Flask HTML 500, "
                "unsupported content types are answered like x-amz-json-1.0",
    "paging": "local-endpoints §6 item 3: moto ignores Limit, ExclusiveStartBackupArn, BackupType and the time bounds "
              "in ListBackups and never returns LastEvaluatedBackupArn",
    "restore": "local-endpoints §6 item 4: moto ignores every restore override (GSI/LSI/BillingMode/"
               "ProvisionedThroughput/SSE), loses the source billing mode, and restored tables are ACTIVE at once",
    "pitr": "local-endpoints §6 item 5 and §5: moto ignores whether PITR is enabled and the restore time, its "
            "Earliest == Latest never advances, and RecoveryPeriodInDays rules are not applied",
    "backup": "local-endpoints §6 item 6: moto's DescribeBackup lacks SourceTableFeatureDetails, SourceTableDetails "
              "lacks TableId and BillingMode, BackupSizeBytes is always 123",
    "system": "moto keeps no SYSTEM backup '<table>$DeletedTableBackup' when a PITR-enabled table is deleted "
              "(the service does, facts §4.1 [R] AQ 015/167; moto ignores PITR state, local-endpoints §6 item 5)",
    "plumbing": "local-endpoints R01-R14: moto's table operations validate little and shape errors differently",
}


def reason_key(case):
    tags = set(case.get("tags", []))
    cid = case["id"]
    if "auth" in tags:
        return "auth"
    if "system-backup" in cid:
        return "system"
    if cid.startswith("protocol/"):
        return "protocol"
    if "serialization" in tags:
        return "serialization"
    if tags & {"validation", "constraint", "from-table", "boundary"}:
        return "validation"
    if "paging" in tags or cid.startswith("list-backups/"):
        return "paging"
    if cid.startswith("pitr-restore/") or cid.startswith("continuous-backups/"):
        return "pitr"
    if cid.startswith("restore/"):
        return "restore"
    if cid.startswith("backup/"):
        return "backup"
    return "plumbing"


def main():
    report = json.load(open(sys.argv[1]))
    old = json.load(open(os.path.join(TOP, "baselines/moto.json")))["cases"]
    tags = {}
    for root, _, files in os.walk(os.path.join(TOP, "cases")):
        for f in files:
            if f.endswith(".json") and not f.startswith("."):
                c = json.load(open(os.path.join(root, f)))
                tags[c["id"]] = c
    out = {}
    for c in report["cases"]:
        if c["status"] not in ("failed", "xfail"):
            continue
        cid = c["id"]
        f = (c.get("failures") or [{}])[0]
        measured = "measured: step %s %s%s: expected %s, actual %s" % (
            f.get("step"), f.get("kind"), (" at " + f["path"]) if f.get("path") else "",
            str(f.get("expected"))[:120], str(f.get("actual"))[:120])
        if cid in old and "measured:" not in old[cid]["reason"] and cid in (
                "protocol/unknown-target", "protocol/unsigned-request", "protocol/malformed-json"):
            out[cid] = old[cid]
            continue
        out[cid] = {"reason": "%s. (%s)" % (R[reason_key(tags.get(cid, {"id": cid}))], measured)}
    json.dump({"impl": "moto", "notes": NOTES, "cases": dict(sorted(out.items()))}, sys.stdout, indent=2,
              ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
