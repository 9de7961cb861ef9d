#!/usr/bin/env python3
"""tools/check-links.py - the README and the guides hold together.

Fails (exit 1, one line per problem) when a relative link of README.md, docs/*.md,
docs/sources/*.md or bench/README.md names a file that does not exist or an anchor
(#heading, GitHub's rule) that its Markdown target lacks, or when README.md is over
10 KB (a front page; the guides live in docs/). Links inside code blocks, and to
http(s) or mailto addresses, are not checked. Exit 2 on usage or unreadable files.

usage: tools/check-links.py [--root DIR]
"""
import os
import re
import sys

README_MAX = 10 * 1024
LINK_RE = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to '-'."""
    s = heading.strip().lower()
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def md_files(root):
    out = ["README.md"]
    for sub in ("docs", os.path.join("docs", "sources")):
        d = os.path.join(root, sub)
        if os.path.isdir(d):
            out += sorted(os.path.join(sub, f) for f in os.listdir(d) if f.endswith(".md"))
    if os.path.isfile(os.path.join(root, "bench", "README.md")):
        out.append(os.path.join("bench", "README.md"))
    return [f for f in out if os.path.isfile(os.path.join(root, f))]


def read(root, rel):
    try:
        with open(os.path.join(root, rel), encoding="utf-8") as fh:
            return fh.read()
    except OSError as e:
        print("check-links: %s: cannot read: %s" % (rel, e.strerror), file=sys.stderr)
        sys.exit(2)


def anchors(text):
    found, seen, fenced = set(), {}, False
    for line in text.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
            continue
        m = re.match(r"#{1,6} (.*)", line) if not fenced else None
        if m:
            a = slug(re.sub(r"`", "", m.group(1)))
            n = seen.get(a, 0)
            seen[a] = n + 1
            found.add(a if n == 0 else "%s-%d" % (a, n))
        for m in re.finditer(r'<a (?:id|name)="([^"]+)"', line):
            found.add(m.group(1))
    return found


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(argv) == 3 and argv[1] == "--root":
        root = argv[2]
    elif len(argv) != 1:
        print("usage: tools/check-links.py [--root DIR]", file=sys.stderr)
        return 2
    problems, nlinks = [], 0
    files = md_files(root)
    if "README.md" not in files:
        print("check-links: %s: no README.md" % root, file=sys.stderr)
        return 2
    size = os.path.getsize(os.path.join(root, "README.md"))
    if size > README_MAX:
        problems.append("README.md: %d bytes, more than %d: move the details into a guide under docs/" % (size, README_MAX))
    for rel in files:
        fenced = False
        for n, line in enumerate(read(root, rel).split("\n"), 1):
            if line.startswith("```"):
                fenced = not fenced
                continue
            if fenced:
                continue
            for m in LINK_RE.finditer(re.sub(r"`[^`]*`", "", line)):
                target = m.group(1)
                if re.match(r"(https?|mailto):", target):
                    continue
                nlinks += 1
                path, _, frag = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(rel), path)) if path else rel
                if not os.path.exists(os.path.join(root, dest)):
                    problems.append("%s:%d: link %s: no file %s" % (rel, n, target, dest))
                elif frag and dest.endswith(".md") and frag not in anchors(read(root, dest)):
                    problems.append("%s:%d: link %s: %s has no heading #%s" % (rel, n, target, dest, frag))
    for p in problems:
        print(p)
    if problems:
        print("check-links: %d problem(s)" % len(problems))
        return 1
    print("check-links: %d relative links in %d files resolve; README.md %d bytes" % (nlinks, len(files), size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
