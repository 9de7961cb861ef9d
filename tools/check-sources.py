#!/usr/bin/env python3
"""tools/check-sources.py - every citation resolves in the repository (docs/sources.md).

A fact the suite relies on is cited as [S:<id>]; its entry is the heading "### [S:<id>] ..." in
docs/sources.md (or docs/sources/*.md). This check fails (exit 1), one line per problem, on:
  - a citation whose id has no entry (in the project's files or in the catalogue itself);
  - an entry that nothing outside the catalogue cites;
  - an id with two entries;
  - a citation of the team's private research notes, which users do not have (their section
    numbers "facts §4.4", "addendum N2", "local-endpoints P17", DESIGN.md, STYLE.md, ...).
Exit 2 when the catalogue is missing or a file cannot be read.

usage: tools/check-sources.py [--root DIR]   (default: the repository holding this script)
"""
import os
import re
import sys

ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
CITE_RE = re.compile(r"\[S:(" + ID + r")\]")
ENTRY_RE = re.compile(r"^### \[S:(" + ID + r")\]")
# what a citation of the private notes looks like (they are not part of the repository)
LEGACY = [
    (re.compile(r"facts ?§|§ ?\d"), "a section of the private facts file"),
    (re.compile(r"\bfacts R\d"), "a record of the private facts file"),
    (re.compile(r"\baddendum(?:'s)? (?:[NC]\d|§|Appendix)"), "an item of the private facts addendum"),
    (re.compile(r"local-endpoints"), "the private emulator notes"),
    (re.compile(r"dynamodb-(?:backup|behaviour)-facts|field-notes-20|code-review-20|peers-and-conventions"),
     "a private research file"),
    (re.compile(r"\bDESIGN\.md\b|\bSTYLE\.md\b"), "a private design document"),
]
# the folders whose files cite; the catalogue itself is read separately
CITING = ["spec", "cases", "harness", "tests", "tools", "fuzz", "bench", "mk", "docs", "examples", "baselines"]
CITING_FILES = ["Makefile", "README.md"]
SKIP_DIRS = {"node_modules", ".git", "build"}
TEXT_EXT = (".c", ".h", ".json", ".py", ".sh", ".bash", ".md", ".mk", ".mjs", ".js", ".txt", ".1", ".yml")
# this checker and the tests of citations hold broken ones on purpose
SELF = {os.path.join("tools", "check-sources.py"), os.path.join("tests", "integration", "check_sources.sh"),
        os.path.join("tests", "unit", "test_sources.c")}


def catalogue_files(root):
    files = []
    if os.path.isfile(os.path.join(root, "docs", "sources.md")):
        files.append(os.path.join("docs", "sources.md"))
    sub = os.path.join(root, "docs", "sources")
    if os.path.isdir(sub):
        files += sorted(os.path.join("docs", "sources", f) for f in os.listdir(sub) if f.endswith(".md"))
    return files


def citing_files(root, catalogue):
    out = [f for f in CITING_FILES if os.path.isfile(os.path.join(root, f))]
    for top in CITING:
        for dp, dn, fn in os.walk(os.path.join(root, top)):
            dn[:] = sorted(d for d in dn if d not in SKIP_DIRS)
            for f in sorted(fn):
                rel = os.path.relpath(os.path.join(dp, f), root)
                if rel.endswith(TEXT_EXT) and rel not in catalogue and rel not in SELF:
                    out.append(rel)
    return out


def read_lines(root, rel):
    try:
        with open(os.path.join(root, rel), encoding="utf-8") as fh:
            return fh.read().split("\n")
    except UnicodeDecodeError:
        return []
    except OSError as e:
        print("check-sources: %s: cannot read: %s" % (rel, e.strerror), file=sys.stderr)
        sys.exit(2)


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(argv) == 3 and argv[1] == "--root":
        root = argv[2]
    elif len(argv) != 1:
        print("usage: tools/check-sources.py [--root DIR]", file=sys.stderr)
        return 2
    catalogue = catalogue_files(root)
    if not catalogue:
        print("check-sources: %s: no docs/sources.md (the catalogue of sources)" % root, file=sys.stderr)
        return 2
    problems = []
    entries = {}
    for rel in catalogue:
        for n, line in enumerate(read_lines(root, rel), 1):
            m = ENTRY_RE.match(line)
            if m is None:
                continue
            if m.group(1) in entries:
                problems.append("%s:%d: [S:%s] has a second entry (first at %s)" % (rel, n, m.group(1), entries[m.group(1)]))
            else:
                entries[m.group(1)] = "%s:%d" % (rel, n)
    cited = {}
    ncitations = 0
    for rel in catalogue + citing_files(root, catalogue):
        in_catalogue = rel in catalogue
        for n, line in enumerate(read_lines(root, rel), 1):
            for m in CITE_RE.finditer(line):
                if m.group(1) not in entries:
                    problems.append("%s:%d: [S:%s] names no entry of the catalogue (docs/sources.md)" % (rel, n, m.group(1)))
                elif not in_catalogue:
                    cited[m.group(1)] = cited.get(m.group(1), 0) + 1
                    ncitations += 1
            if in_catalogue:
                continue
            for rx, what in LEGACY:
                m = rx.search(line)
                if m is not None:
                    problems.append("%s:%d: \"%s\" cites %s, which users do not have; cite a [S:<id>] of docs/sources.md"
                                    % (rel, n, line[max(0, m.start() - 10):m.end() + 20].strip(), what))
                    break
    for eid, where in sorted(entries.items(), key=lambda kv: kv[1]):
        if eid not in cited:
            problems.append("%s: [S:%s] is cited nowhere: cite it or remove the entry" % (where, eid))
    for p in problems:
        print(p)
    if problems:
        print("check-sources: %d problem(s)" % len(problems))
        return 1
    print("check-sources: %d citations of %d catalogue entries, all resolve, every entry cited" % (ncitations, len(entries)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
