#!/usr/bin/env python3
"""tools/gen/moto-baseline.py - writes baselines/moto.json, the known deviations of moto (issue 5).

    ddbconform run --endpoint http://127.0.0.1:PORT --level compat --jobs 4 --report-dir R   # moto
    tools/gen/moto-baseline.py R/report.json            every failed case of that run, with its reason
    tools/gen/moto-baseline.py                          no run at hand: re-derive the reasons of the
                                                        committed entries (below) and drop entries
                                                        whose case no longer exists
    tools/gen/moto-baseline.py --check [R/report.json]  write nothing; exit 1 when moto.json differs
                                                        from what the same call would write, or when
                                                        another file under baselines/ is marked
                                                        "generatedBy" this script (an ORPHAN)

Each failed case gets a reason: the moto deviation it runs into, quoted from the
emulator probes ([S:emu-error-shapes], [S:emu-moto-backup-api], [S:emu-reference-probes]) and chosen by
the case's id and tags, then what the run measured (the first failure: kind, path, expected,
actual). Without a report the measured part of each committed reason is the input that is
kept, and the check fails when a case's tags or id now choose another deviation text, or when a
listed case was removed or renamed. Hand-written reasons already in baselines/moto.json are
kept for the cases they name."""
import glob
import json
import os
import sys

import genlib

ME = genlib.me(__file__)
OUT = "baselines/moto.json"
HAND_WRITTEN = ("protocol/unknown-target", "protocol/unsigned-request", "protocol/malformed-json")
# Cases moto fails only now and then: listed whether or not the report at hand saw them fail (a
# listed case that passes is reported "fixed (xfail passed)" and fails nothing).
FLAKY = {
    "continuous-backups/window-right-after-enable":
        "moto reads the clock once for EarliestRestorableDateTime and again for LatestRestorableDateTime, so "
        "the two differ by 1 ms whenever a millisecond boundary falls between the reads (the service returns the "
        "enable time for both, [S:continuous-backups] [R] AQ 086). Flaky: seen once in CI on 2026-12-01 (measured: step 4 "
        "body at ContinuousBackupsDescription.PointInTimeRecoveryDescription.EarliestRestorableDateTime: "
        "expected 1796103739.423, actual 1796103739.422)",
}
NOTES = ("moto 5.2.1 (pyenv CPython 3.11.7) run with --level compat by tests/integration/run_peers.sh. Reasons quote "
         "the emulator probes ([S:emu-error-shapes], [S:emu-moto-backup-api], [S:emu-reference-probes]) and end with what "
         "run_peers.sh measured here (the case's first failure).")
R = {
    "validation": "[S:emu-moto-backup-api]: moto does no input validation on the backup API (missing required "
                  "members, name pattern and length, Limit 1-100, enums, BackupArn, TargetTableName, "
                  "RecoveryPeriodInDays are accepted or fall through to NotFound or a 500); [S:backup-lifecycle]: every error type is "
                  "prefixed com.amazonaws.dynamodb.v20120810# and error bodies carry Content-Type application/json",
    "serialization": "[S:emu-moto-backup-api], [S:emu-reference-probes]: moto coerces JSON types (123 -> '123') and answers malformed "
                     "or empty bodies with NotFound or an HTML 500 instead of SerializationException",
    "auth": "[S:emu-error-shapes], [S:emu-moto-backup-api]: moto picks the service from the Authorization credential scope (no "
            "header -> S3 XML, a malformed one -> HTML 500) and never checks signatures",
    "protocol": "[S:emu-moto-backup-api], [S:emu-error-shapes]: unknown targets and malformed bodies give a Flask HTML 500, "
                "unsupported content types are answered like x-amz-json-1.0",
    "paging": "[S:emu-moto-backup-api]: moto ignores Limit, ExclusiveStartBackupArn, BackupType and the time bounds "
              "in ListBackups and never returns LastEvaluatedBackupArn",
    "restore": "[S:emu-moto-backup-api]: moto ignores every restore override (GSI/LSI/BillingMode/"
               "ProvisionedThroughput/SSE), loses the source billing mode, and restored tables are ACTIVE at once",
    "pitr": "[S:emu-moto-backup-api]: moto ignores whether PITR is enabled and the restore time, its "
            "Earliest == Latest never advances, and RecoveryPeriodInDays rules are not applied",
    "backup": "[S:emu-moto-backup-api]: moto's DescribeBackup lacks SourceTableFeatureDetails, SourceTableDetails "
              "lacks TableId and BillingMode, BackupSizeBytes is always 123",
    "system": "moto keeps no SYSTEM backup '<table>$DeletedTableBackup' when a PITR-enabled table is deleted "
              "(the service does, [S:backup-lifecycle] [R] AQ 015/167; moto ignores PITR state, [S:emu-moto-backup-api])",
    "inheritance": "moto answers both restores with an ACTIVE table at once (the service: CREATING, [S:restore-from-backup]), and its DescribeBackup has no SourceTableFeatureDetails; a direct probe of "
                   "moto 5.2.1 (2026-12-07, boto3) found both restores drop tags, TTL, PITR, stream and deletion "
                   "protection as the service does, but also drop SSE (the service keeps it, [S:restore-inheritance]), and moto "
                   "ignores TableClass on CreateTable (no TableClassSummary)",
    "vector": "moto 5.2.1 knows no vector indexes ([S:model-vector-indexes]): CreateTable drops VectorIndexes, restores ignore "
              "VectorIndexOverride",
    "pitr-content": "[S:emu-moto-backup-api]: moto keeps LatestRestorableDateTime at the enable time (the service's "
                    "trails the clock by about five minutes, [S:continuous-backups] [R] AQ 086), so the case's wait for it to "
                    "pass the last write runs out; moto's PITR restore also copies the current items whatever RestoreDateTime "
                    "says (getmoto/moto PR #4627)",
    "content": "[S:emu-moto-backup-api]: moto's restores answer TableStatus ACTIVE at once (the service answers CREATING "
               "and stays so for minutes, [S:restore-from-backup] [R] AQ 216, CLI example; [S:restore-target-creating]), "
               "and its restore answer carries WarmThroughput 0/0 (out of the model's range); the case stops there, before "
               "the items are read back",
    "async-backup": "moto's CreateBackup answers BackupStatus AVAILABLE at once (the service answers CREATING, "
                    "[S:backup-lifecycle] [R] AQ 003/024) and its restores are ACTIVE at once, so no restore is in progress "
                    "for DeleteBackup to meet ([S:restore-target-creating] [R] AQ 010)",
    "filter": "[S:emu-moto-backup-api]: moto ignores Limit, ExclusiveStartBackupArn, BackupType and the time bounds in "
              "ListBackups, and its DeleteBackup/DescribeBackup answers lack SourceTableDetails.TableId",
    "plumbing": "[S:emu-reference-probes]: moto's table operations validate little and shape errors differently",
    "account": "moto checks no account and matches backup ARNs exactly: another account's or an empty-region backup "
               "ARN gets BackupNotFoundException, another account's SourceTableArn moto's own "
               "SourceTableNotFoundException, and a region-rewritten ARN of an existing backup is not found (the "
               "service: AccessDeniedException 'Access is denied', the ValidationException of [S:validation-texts], and the "
               "backup with the ARN echoed as sent, [S:semantic-error-texts], [S:backup-lifecycle] [R] AQ 012/272/273); error bodies carry "
               "Content-Type application/json ([S:emu-error-shapes])",
}


def reason_key(case):
    tags = set(case.get("tags", []))
    cid = case["id"]
    if "auth" in tags:
        return "auth"
    if "system-backup" in cid:
        return "system"
    if "vector" in tags and not tags & {"validation", "constraint", "from-table", "boundary", "serialization"}:
        return "vector"
    if "inheritance" in tags:
        return "inheritance"
    if "account" in tags:
        return "account"
    if "long-wait" in tags:
        return "pitr-content"
    if tags & {"content", "async"}:
        return "async-backup" if cid.startswith("backup/") else "content"
    if "filter" in tags:
        return "filter"
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


def load_cases():
    """case id -> case, for every case file (hidden folders such as cases/.fixtures are not cases)."""
    out = {}
    for f in sorted(glob.glob(os.path.join(genlib.TOP, "cases", "**", "*.json"), recursive=True)):
        c = json.load(open(f, encoding="utf-8"))
        out[c["id"]] = c
    return out


def from_report(report, old, cases):
    out = {}
    for c in report["cases"]:
        if c["status"] not in ("failed", "xfail"):
            continue
        cid = c["id"]
        f = (c.get("failures") or [{}])[0]
        measured = "measured: step %s %s%s: expected %s, actual %s" % (
            f.get("step"), f.get("kind"), (" at " + f["path"]) if f.get("path") else "",
            str(f.get("expected"))[:120], str(f.get("actual"))[:120])
        if cid in old and "measured:" not in old[cid]["reason"] and cid in HAND_WRITTEN:
            out[cid] = old[cid]
            continue
        out[cid] = {"reason": "%s. (%s)" % (R[reason_key(cases.get(cid, {"id": cid}))], measured)}
    return out


def rederive(old, cases):
    """The committed entries with their deviation text chosen again; the measured part is kept."""
    out = {}
    for cid, e in old.items():
        if cid not in cases:
            continue
        at = e["reason"].rfind(". (measured: ")
        if at < 0 or cid in HAND_WRITTEN:
            out[cid] = e
            continue
        entry = dict(e)
        entry["reason"] = "%s. (%s" % (R[reason_key(cases[cid])], e["reason"][at + 3:])
        out[cid] = entry
    return out


def produce(report_path):
    raw = genlib.read(OUT)
    old = json.loads(raw)["cases"] if raw is not None else {}
    cases = load_cases()
    if report_path:
        entries = from_report(json.load(open(report_path, encoding="utf-8")), old, cases)
    else:
        entries = rederive(old, cases)
    for cid, reason in FLAKY.items():
        if cid in cases:
            entries[cid] = {"reason": reason}
    doc = {"generatedBy": ME, "impl": "moto", "notes": NOTES, "cases": dict(sorted(entries.items()))}
    return {OUT: genlib.json_text(doc).encode("utf-8")}


def main():
    args = sys.argv[1:]
    if genlib.wants_help(args, __doc__):
        return 0
    check = [a for a in args if a == "--check"]
    rest = [a for a in args if a != "--check"]
    if len(rest) > 1 or any(a.startswith("-") for a in rest):
        print("usage: tools/gen/moto-baseline.py [--check] [REPORT.json]", file=sys.stderr)
        return 2
    report_path = rest[0] if rest else None
    owned = lambda: genlib.marked_json("baselines", ME)
    return genlib.run(__file__, __doc__, lambda: produce(report_path), owned, check)


if __name__ == "__main__":
    sys.exit(main())
