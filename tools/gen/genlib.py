"""genlib.py - the contract every generator under tools/gen/ shares (not a generator itself).

A generator computes the complete set of files it owns, {path relative to the repository: bytes},
and hands it to run(), which gives every generator the same command line:

    tools/gen/<name>.py            write what differs; remove ORPHANs (files marked as its output
                                   that it no longer writes: the marker makes removing them safe)
    tools/gen/<name>.py --check    write nothing; print one line per file that DIFFERS, is MISSING
                                   or is an ORPHAN; exit 1 when there is any, else 0
    tools/gen/<name>.py --help     the generator's header (what it writes, what --check checks)

Markers: JSON files carry "generatedBy": "tools/gen/<name>.py" as their first member; other text
files name the generator on their first line. marked_json() and marked_text() find them, so a
generator can list what it wrote earlier without keeping a list.
"""
import json
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def me(script):
    """'tools/gen/<name>.py' for a generator's __file__: the marker value and the name in messages."""
    return os.path.relpath(os.path.abspath(script), TOP)


def json_text(value, indent=2):
    """The one JSON layout generated JSON files use: indented, UTF-8, a final newline."""
    return json.dumps(value, indent=indent, ensure_ascii=False) + "\n"


def read(rel):
    path = os.path.join(TOP, rel)
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        return f.read()


def files_under(rel_dir, suffix=""):
    """Every regular file below rel_dir (relative paths, sorted), dotfiles included."""
    out = []
    for root, _, names in os.walk(os.path.join(TOP, rel_dir)):
        for n in names:
            if n.endswith(suffix):
                out.append(os.path.relpath(os.path.join(root, n), TOP))
    return sorted(out)


def marked_json(rel_dir, generator):
    """*.json files below rel_dir whose top-level "generatedBy" names generator."""
    out = []
    for rel in files_under(rel_dir, ".json"):
        try:
            with open(os.path.join(TOP, rel), encoding="utf-8") as f:
                doc = json.load(f)
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(doc, dict) and doc.get("generatedBy") == generator:
            out.append(rel)
    return out


def marked_text(rel_dir, generator, suffix=""):
    """Text files below rel_dir whose first line names generator."""
    out = []
    for rel in files_under(rel_dir, suffix):
        with open(os.path.join(TOP, rel), "rb") as f:
            first = f.readline()
        if generator.encode() in first:
            out.append(rel)
    return out


def wants_help(argv, doc):
    if "--help" in argv or "-h" in argv:
        sys.stdout.write(doc.strip() + "\n")
        return True
    return False


def compare(produced, owned):
    """Lines 'DIFFERS path' / 'MISSING path' / 'ORPHAN path' for produced {rel: bytes} against the tree;
    owned: the files in the tree marked as this generator's output."""
    lines = []
    for rel in sorted(produced):
        old = read(rel)
        if old is None:
            lines.append("MISSING " + rel)
        elif old != produced[rel]:
            lines.append("DIFFERS " + rel)
    for rel in sorted(set(owned) - set(produced)):
        lines.append("ORPHAN " + rel)
    return lines


def report(name, lines, what, fix=None):
    """Prints a check's findings; returns the exit code (1 when there is any)."""
    for line in lines:
        print("%s: %s" % (name, line))
    if lines:
        print("%s: %d difference(s); %s" % (name, len(lines), fix or "run %s to regenerate" % name))
        return 1
    print("%s: --check ok (%s)" % (name, what))
    return 0


def run(script, doc, produce, owned, argv=None):
    """The whole command line of a generator whose output is a fixed set of files.
    produce() -> {rel: bytes}; owned() -> files in the tree marked as its output."""
    argv = sys.argv[1:] if argv is None else argv
    name = me(script)
    if wants_help(argv, doc):
        return 0
    unknown = [a for a in argv if a != "--check"]
    if unknown:
        print("%s: unknown argument %s (see --help)" % (name, unknown[0]), file=sys.stderr)
        return 2
    produced = produce()
    lines = compare(produced, owned())
    if "--check" in argv:
        return report(name, lines, "%d file(s) up to date, no orphans" % len(produced))
    for line in lines:
        kind, rel = line.split(" ", 1)
        path = os.path.join(TOP, rel)
        if kind == "ORPHAN":
            os.remove(path)
            print("%s: removed orphan %s" % (name, rel))
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(produced[rel])
    print("%s: %d file(s), %d written or removed" % (name, len(produced), len(lines)))
    return 0
