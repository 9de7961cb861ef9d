#!/usr/bin/env python3
"""report_dom.py - reads the DOM Chromium built from a `ddbconform report` page
(chromium --dump-dom) and checks what a person would see against report.json.

  report_dom.py fixture DOM          the exact page of tests/data/matrix (alpha, beta)
  report_dom.py live DOM LABEL=REPORT.json... [--secret S]...
                                     every cell, count and failure equals the reports;
                                     no secret, signature or Authorization value shown
Exit 0 when it holds, 1 with the first difference otherwise. Used by report_matrix.sh.
"""
import json
import re
import sys
from collections import Counter, defaultdict
from html.parser import HTMLParser

STATUSES = ["passed", "failed", "xfail", "unsupported", "skipped", "disputed", "inferred", "absent"]


class Page(HTMLParser):
    """What the matrix page shows: column labels, cell statuses, summary counts,
    operation states, failure rows, all text, and the element names present."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = Counter()
        self.title = ""
        self.labels = []          # matrix column labels, in order
        self.cells = {}           # (case id, col) -> status
        self.counts = defaultdict(dict)  # col -> status -> shown count
        self.ops = defaultdict(dict)     # col -> op -> state
        self.op_names = []
        self.failures = defaultdict(list)  # (case id, col) -> [(expected, actual)]
        self.text = []
        self._stack = []          # open elements: (tag, attrs)
        self._grab = None         # (kind, buffer list) while collecting text
        self._case = None
        self._col = None
        self._failure = None

    def _in(self, tag, **want):
        for t, a in self._stack:
            if t == tag and all(a.get(k) == v for k, v in want.items()):
                return a
        return None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        self._stack.append((tag, a))
        cls = (a.get("class") or "").split()
        in_matrix = self._in("table", id="matrix") is not None
        in_ops = self._in("table", id="operations") is not None
        if tag == "title":
            self._grab = ("title", [])
        elif in_matrix and tag == "span" and "label" in cls:
            self._grab = ("label", [])
        elif in_matrix and tag == "th" and "case" in cls:
            self._grab = ("case", [])
        elif in_matrix and tag == "td" and "cell" in cls:
            self._col = int(a["data-col"])
            self.cells[(self._case, self._col)] = a["data-status"]
        elif in_matrix and tag == "td" and a.get("data-col") and self._in("tr", **{"class": "summary"}) is not None:
            self._col = int(a["data-col"])
        elif in_matrix and tag == "span" and a.get("data-count"):
            self._grab = ("count:" + a["data-count"], [])
        elif in_matrix and tag == "tr" and "failure" in cls:
            self._failure = {}
        elif self._failure is not None and tag == "td" and cls and cls[0] in ("expected", "actual"):
            self._grab = ("failure:" + cls[0], [])
        elif in_ops and tag == "th" and "opname" in cls:
            self._grab = ("opname", [])
        elif in_ops and tag == "td" and a.get("data-state"):
            self.ops[int(a["data-col"])][self.op_names[-1]] = a["data-state"]

    def handle_endtag(self, tag):
        while self._stack:
            t, _ = self._stack.pop()
            if t == tag:
                break
        if self._grab is not None and tag in ("title", "span", "th", "td"):
            kind, buf = self._grab
            text = "".join(buf)
            done = True
            if kind == "title":
                self.title = text
            elif kind == "label":
                self.labels.append(text)
            elif kind == "case":
                self._case = text
            elif kind.startswith("count:"):
                self.counts[self._col][kind[6:]] = int(text)
            elif kind.startswith("failure:") and tag == "td":
                self._failure[kind[8:]] = text
            elif kind == "opname":
                self.op_names.append(text)
            else:
                done = False
            if done:
                self._grab = None
        if tag == "tr" and self._failure is not None:
            self.failures[(self._case, self._col)].append((self._failure.get("expected"), self._failure.get("actual")))
            self._failure = None

    def handle_data(self, data):
        self.text.append(data)
        if self._grab is not None:
            self._grab[1].append(data)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def load(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    p.alltext = "".join(p.text)
    return p


def shown(s):
    """what the page shows for a report string: controls but \\n and \\t become U+FFFD"""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "\ufffd", s)


def no_secrets(p, secrets):
    for s in secrets:
        check(s not in p.alltext, "a secret is shown on the page")
    for m in re.finditer(r"Signature=(\S*)", p.alltext):
        check(m.group(1).startswith("<redacted>"), "a signature is shown: Signature=%s" % m.group(1)[:16])
    for line in p.alltext.splitlines():
        if line.lower().startswith(("authorization:", "x-amz-security-token:")):
            check(line.split(":", 1)[1].strip() == "<redacted>", "a header value is shown: " + line[:40])


def fixture(dom):
    p = load(dom)
    check(p.title == "fixture matrix", "title %r (markup in the reports ran as script?)" % p.title)
    check("script" not in p.tags, "the page has a <script> element: markup in a report was not escaped")
    check(p.labels == ["alpha-impl", "beta"], "column labels %r" % p.labels)
    rows = ["a/pass1", "a/pass2", "b/<script>fail</script>", "c/xfail", "d/unsupported", "e/skipped", "f/only-beta"]
    want = {
        1: ["passed", "passed", "failed", "xfail", "unsupported", "skipped", "absent"],
        2: ["failed", "passed", "absent", "absent", "absent", "absent", "passed"],
    }
    for col, statuses in want.items():
        for case, st in zip(rows, statuses):
            check(p.cells.get((case, col)) == st, "%s in column %d: %r, want %s" % (case, col, p.cells.get((case, col)), st))
    check(len(p.cells) == 14, "%d cells, want 14" % len(p.cells))
    counts = {1: {"passed": 2, "failed": 1, "xfail": 1, "unsupported": 1, "skipped": 1, "disputed": 0, "inferred": 0,
                  "absent": 1},
              2: {"passed": 2, "failed": 1, "xfail": 0, "unsupported": 0, "skipped": 0, "disputed": 0, "inferred": 0,
                  "absent": 4}}
    for col, c in counts.items():
        check(p.counts[col] == c, "summary of column %d: %r, want %r" % (col, p.counts[col], c))
    check(p.tags["details"] == 5, "%d click-throughs, want 5 (4 in alpha, 1 in beta)" % p.tags["details"])
    check(p.failures[("b/<script>fail</script>", 1)] == [("Invalid Backup ARN", "<script>document.title='pwned'</script> & more")],
          "failure of b/<script>fail</script>: %r" % p.failures[("b/<script>fail</script>", 1)])
    check(p.failures[("a/pass1", 2)] == [("400", "200")], "failure of a/pass1 in beta: %r" % p.failures[("a/pass1", 2)])
    check("POST /\nHost: 127.0.0.1:4001" in p.alltext, "the request bytes are not shown")
    check('"message":"Backup not found"' in p.alltext, "the response bytes are not shown")
    check("Authorization: <redacted>\n" in p.alltext, "the Authorization header is not shown redacted")
    check("x-debug: echoed Signature=<redacted>" in p.alltext, "the echoed signature is not shown redacted")
    check(p.op_names == ["CreateBackup", "DescribeBackup", "ListBackups", "RestoreTableFromBackup"], "operations %r" % p.op_names)
    check(p.ops[1] == {"CreateBackup": "supported", "DescribeBackup": "partial", "ListBackups": "absent",
                       "RestoreTableFromBackup": "unsupported"}, "alpha's operations %r" % dict(p.ops[1]))
    check(p.ops[2] == {"CreateBackup": "partial", "DescribeBackup": "absent", "ListBackups": "supported",
                       "RestoreTableFromBackup": "absent"}, "beta's operations %r" % dict(p.ops[2]))
    no_secrets(p, ["feedfacefeedface", "FIXTURESESSIONTOKENVALUE0123456789", "AKIDFIXTURE/"])
    print("fixture page: 2 columns, 7 rows, 14 cells, 5 click-throughs as expected")


def live(dom, args):
    secrets, reports = [], []
    i = 0
    while i < len(args):
        if args[i] == "--secret":
            secrets.append(args[i + 1])
            i += 2
            continue
        label, path = args[i].split("=", 1)
        with open(path, encoding="utf-8") as f:
            reports.append((label, json.load(f)))
        i += 1
    p = load(dom)
    check(p.labels == [l for l, _ in reports], "column labels %r, want %r" % (p.labels, [l for l, _ in reports]))
    ids = sorted({c["id"] for _, r in reports for c in r["cases"]})
    nfail = 0
    for col, (label, r) in enumerate(reports, 1):
        by = {c["id"]: c for c in r["cases"]}
        want = Counter()
        for cid in ids:
            st = by[cid]["status"] if cid in by else "absent"
            want[st] += 1
            check(p.cells.get((cid, col)) == st, "%s / %s: %r, report says %s" % (label, cid, p.cells.get((cid, col)), st))
            if cid in by and by[cid]["status"] in ("failed", "xfail") and by[cid].get("failures"):
                got = p.failures[(cid, col)]
                exp = [(shown(f["expected"]), shown(f["actual"])) for f in by[cid]["failures"][:50]]
                check(got == exp, "%s / %s: failures shown %r, report has %r" % (label, cid, got[:2], exp[:2]))
                nfail += 1
        check(p.counts[col] == {s: want[s] for s in STATUSES},
              "%s summary %r, want %r" % (label, p.counts[col], dict(want)))
        for op, state in r.get("operations", {}).items():
            check(p.ops[col].get(op) == state, "%s operation %s: %r, report says %s" % (label, op, p.ops[col].get(op), state))
        print("%-8s %s" % (label, " ".join("%s=%d" % (s, want[s]) for s in STATUSES)))
    check(nfail > 0, "no report had a failing case: the click-through was not exercised")
    check("script" not in p.tags, "the page has a <script> element")
    no_secrets(p, secrets)
    print("live page: %d columns x %d rows; %d cells with failures match their reports" % (len(reports), len(ids), nfail))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "fixture":
        fixture(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "live":
        live(sys.argv[2], sys.argv[3:])
    else:
        print(__doc__)
        sys.exit(2)
