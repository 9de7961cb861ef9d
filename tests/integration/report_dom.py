#!/usr/bin/env python3
"""report_dom.py - reads the DOM Chromium built from a `ddbconform report` page
(chromium --dump-dom) and checks what a person would see against report.json.

  report_dom.py fixture DOM          the exact page of tests/data/matrix (alpha, beta)
  report_dom.py live DOM LABEL=REPORT.json... [--secret S]...
                                     every cell, count, failure and cause equals the reports;
                                     no secret, signature or Authorization value shown
  report_dom.py report DOM REPORT.json REPORT.html
                                     report.html as laid out (DOM with the numbers
                                     report_html.sh measured): bars sized by their counts,
                                     causes equal to report.json's, failures above passes
Exit 0 when it holds, 1 with the first difference otherwise. Used by report_matrix.sh and report_html.sh.
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
        self.impl_causes = defaultdict(list)  # col -> [(cause, cases, failures)] of the summary table
        self._impl = None
        self._icause = None

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
        if tag == "tr" and "impl" in cls:
            self._impl = int(a["data-col"])
        elif tag == "li" and "cause" in cls:
            self._icause = [None, int(a["data-cases"]), int(a["data-failures"])]
        elif self._icause is not None and tag == "span" and "key" in cls:
            self._grab = ("icause", [])
        elif tag == "title":
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
            elif kind == "icause":
                self._icause[0] = text
            else:
                done = False
            if done:
                self._grab = None
        if tag == "li" and self._icause is not None:
            self.impl_causes[self._impl].append(tuple(self._icause))
            self._icause = None
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
        want_causes = [(c["cause"], c["cases"], c["failures"]) for c in r.get("causes", [])]
        check(p.impl_causes[col] == want_causes, "%s causes shown %r, report.json has %r" %
              (label, p.impl_causes[col][:3], want_causes[:3]))
        print("%-8s %s" % (label, " ".join("%s=%d" % (s, want[s]) for s in STATUSES)))
    check(nfail > 0, "no report had a failing case: the click-through was not exercised")
    check("script" not in p.tags, "the page has a <script> element")
    no_secrets(p, secrets)
    print("live page: %d columns x %d rows; %d cells with failures match their reports" % (len(reports), len(ids), nfail))


class ReportPage(HTMLParser):
    """What report.html shows: bars (label, total, segments), cause rows, failed
    case blocks with their failure rows, folded passed groups, and the numbers
    the measuring script (report_html.sh) wrote into <pre id="measured">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = Counter()
        self.bars = []            # [{"label", "total", "segs": [(status, count)]}]
        self.causes = []          # [(cause, cases, failures, shown cases)]
        self.failed = []          # case ids of div.case.failed, in order
        self.failures = defaultdict(list)  # case id -> [(expected, actual)]
        self.order = []           # ("failed", id) / ("passed", group) in document order
        self.sections = []        # section ids in order
        self.ops = []             # (operation, data-plumbing of its group)
        self.measured = None
        self._stack = []
        self._grab = None
        self._case = None
        self._failure = None
        self._cause = None
        self._plumbing = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        self._stack.append(tag)
        cls = (a.get("class") or "").split()
        if tag == "section" and a.get("id"):
            self.sections.append(a["id"])
        elif tag == "span" and "bar" in cls:
            self.bars.append({"label": a.get("aria-label", ""), "total": int(a["data-total"]), "segs": []})
        elif tag == "span" and "seg" in cls:
            self.bars[-1]["segs"].append((a["data-status"], int(a["data-count"])))
        elif tag == "tr" and "cause" in cls:
            self._cause = [None, int(a["data-cases"]), int(a["data-failures"]), None]
        elif self._cause is not None and tag == "td" and "count" in cls:
            self._grab = ("cause-count", [])
        elif self._cause is not None and tag == "td" and "cause" in cls:
            self._grab = ("cause-key", [])
        elif tag == "div" and "case" in cls and "failed" in cls:
            self._case = a["id"][len("case-"):]
            self.failed.append(self._case)
            self.order.append(("failed", self._case))
        elif tag == "details" and "passed" in cls:
            self.order.append(("passed", int(a["data-count"])))
        elif self._case is not None and tag == "tr" and "failure" in cls:
            self._failure = {}
        elif self._failure is not None and tag == "td" and cls and cls[0] in ("expected", "actual"):
            self._grab = ("failure:" + cls[0], [])
        elif tag == "tbody" and "group" in cls:
            self._plumbing = (a.get("data-group"), a.get("data-plumbing"))
        elif tag == "tr" and "op" in cls:
            self.ops.append((a["data-op"],) + self._plumbing)
        elif tag == "pre" and a.get("id") == "measured":
            self._grab = ("measured", [])

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop() == tag:
                break
        if self._grab is not None and tag in ("td", "pre"):
            kind, buf = self._grab
            text = "".join(buf)
            if kind == "cause-count":
                self._cause[3] = int(text)
            elif kind == "cause-key":
                self._cause[0] = text
            elif kind.startswith("failure:"):
                self._failure[kind[8:]] = text
            elif kind == "measured":
                self.measured = json.loads(text)
            self._grab = None
        if tag == "tr" and self._cause is not None:
            self.causes.append(tuple(self._cause))
            self._cause = None
        if tag == "tr" and self._failure is not None:
            self.failures[self._case].append((self._failure.get("expected"), self._failure.get("actual")))
            self._failure = None
        if tag == "div" and self._case is not None and "div" not in self._stack:
            self._case = None

    def handle_data(self, data):
        if self._grab is not None:
            self._grab[1].append(data)


REPORT_STATUSES = ["passed", "failed", "xfail", "unsupported", "skipped", "disputed", "inferred"]


def report(dom, report_json, original_html):
    """report.html as Chromium laid it out, against its report.json."""
    with open(report_json, encoding="utf-8") as f:
        r = json.load(f)
    with open(original_html, encoding="utf-8") as f:
        check("<script" not in f.read().lower(), "report.html has a <script> element of its own")
    p = ReportPage()
    with open(dom, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    check(p.measured is not None, "the measuring script did not run")
    cases = r["cases"]
    summary = Counter(c["status"] for c in cases)

    # sections: summary, causes, operations before the failures, the failures before the groups
    want = ["summary", "failure-causes", "failures", "cases"]
    check([s for s in p.sections if s in want] == want, "sections in the order %r, want %r" % (p.sections, want))

    # bars: the first is every case; each bar's segments are its counts, in the status table's order
    first = p.bars[0]
    check(first["total"] == len(cases), "summary bar total %d, report has %d cases" % (first["total"], len(cases)))
    check(dict(first["segs"]) == {s: n for s, n in summary.items() if n}, "summary bar %r, report %r" % (first["segs"], dict(summary)))
    for b in p.bars:
        check(sum(n for _, n in b["segs"]) == b["total"], "bar %s: segments add up to %d, total %d" %
              (b["label"][:40], sum(n for _, n in b["segs"]), b["total"]))
        order = [s for s, _ in b["segs"]]
        check(order == [s for s in REPORT_STATUSES if s in order] or any(s not in REPORT_STATUSES for s in order),
              "bar %s: segments in the order %r" % (b["label"][:40], order))
    # the per-operation bars: the report's cases by "operation"
    by_op = defaultdict(Counter)
    for c in cases:
        if c.get("operation"):
            by_op[c["operation"]][c["status"]] += 1
    op_bars = {b["label"].split(",")[0]: dict(b["segs"]) for b in p.bars[1:len(p.ops) + 1]}
    for op, cnt in by_op.items():
        check(op_bars.get(op) == dict(cnt), "operation %s: bar %r, report %r" % (op, op_bars.get(op), dict(cnt)))
    # grouped: the API's own groups, then plumbing, then "other" (operations the spec does not know)
    rank = [2 if g == "other" else 1 if pl == "true" else 0 for _, g, pl in p.ops]
    check(rank == sorted(rank), "operations not grouped API / plumbing / other: %r" % p.ops)
    check(0 in rank and 1 in rank, "no plumbing or no API group in %r" % p.ops)

    # sizes as laid out: each segment's width is its share of the bar (to half a pixel)
    nseg = 0
    for m in p.measured["bars"]:
        for status, count, width in m["segs"]:
            want_w = m["width"] * count / m["total"]
            check(abs(width - want_w) <= 0.5, "bar %s: %s segment %.2f px wide, %d of %d of %.1f px is %.2f" %
                  (m["label"][:40], status, width, count, m["total"], m["width"], want_w))
            nseg += 1

    # causes: the report's, in its order, with its counts
    want_causes = [(c["cause"], c["cases"], c["failures"], c["cases"]) for c in r["causes"]]
    check(p.causes == want_causes, "causes shown %r, report.json has %r" % (p.causes[:3], want_causes[:3]))

    # failures first: every failed case block above every folded group of passes
    check(len(p.failed) == summary["failed"], "%d failed cases shown, report has %d" % (len(p.failed), summary["failed"]))
    by = {c["id"]: c for c in cases}
    for cid in p.failed:
        exp = [(shown(f["expected"]), shown(f["actual"])) for f in by[cid]["failures"]]
        check(p.failures[cid] == exp, "%s: failures shown %r, report has %r" % (cid, p.failures[cid][:2], exp[:2]))
    kinds = [k for k, _ in p.order]
    if "passed" in kinds and "failed" in kinds:
        check(max(i for i, k in enumerate(kinds) if k == "failed") < kinds.index("passed"), "a failure below a pass")
        check(max(p.measured["failed"]) < min(p.measured["passed"]),
              "laid out: the lowest failure at y=%.0f, the first passes at y=%.0f" % (max(p.measured["failed"]), min(p.measured["passed"])))
    check(sum(n for k, n in p.order if k == "passed") == summary["passed"], "folded passes do not add up to the passed count")
    print("report page: %d cases, %d bars (%d segments sized by count), %d causes, %d failures above %d folded passes" %
          (len(cases), len(p.bars), nseg, len(p.causes), len(p.failed), summary["passed"]))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "fixture":
        fixture(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "live":
        live(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 5 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        print(__doc__)
        sys.exit(2)
