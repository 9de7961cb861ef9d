#!/usr/bin/env python3
"""workflows_check.py - the example CI workflows (examples/ci/*.yml) and the
ClusterFuzzLite build (.clusterfuzzlite/) use only what exists.

  workflows_check.py DDBCONFORM TOP

For every workflow: it parses as YAML; every `run:` script passes `bash -n`;
every `ddbconform` subcommand is one `ddbconform --help` lists and every flag is
one `ddbconform <subcommand> --help` prints; every `make` target is in
`make -qp`'s database of TOP; every repository path (baselines/, tools/,
tests/, fuzz/, corpus/, cases/, spec/, .clusterfuzzlite/, also under the
checkout folder ddbconform/) exists; every action is a known one with the
inputs it needs. The emulator workflow's shard matrix is 1..SHARDS, every
shard uploads an artifact the merge job downloads, and the merge job runs
`report --merge`. For .clusterfuzzlite/: project.yaml's language is the one
the workflows build with, the Dockerfile's COPY sources exist, build.sh
passes bash -n and builds exactly the fuzz targets of fuzz/ and mk/fuzz.mk,
each with its corpus, dictionary and options.
Exit 0 when all holds, 1 with every problem found otherwise.
"""
import glob
import os
import re
import shlex
import subprocess
import sys

import yaml

problems = []


def problem(where, msg):
    problems.append("%s: %s" % (where, msg))


def ddbconform_help(binary):
    out = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    cmds = re.findall(r"^  ([a-z]+)  ", out, re.M)
    helps = {}
    for c in cmds:
        r = subprocess.run([binary, c, "--help"], capture_output=True, text=True)
        helps[c] = r.stdout + r.stderr
    return helps


def make_targets(top):
    # the make database a user's fresh checkout has: not the variables of a make
    # that runs this test (the ASan pass sets BUILD=build/asan through MAKEFLAGS)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "BUILD")}
    out = subprocess.run(["make", "-qp", "-C", top], capture_output=True, text=True, env=env).stdout
    targets = set()
    for line in out.splitlines():
        m = re.match(r"^([^\s#=:%][^=:]*?):(?!=)", line)
        if m:
            targets.update(m.group(1).split())
    return targets


EXPR = re.compile(r"\$\{\{[^}]*\}\}")


def commands(script):
    """the simple commands of a shell script, as argv lists (GitHub expressions made words)"""
    text = EXPR.sub("GHEXPR", script).replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        for part in re.split(r"&&|\|\||;|\||&(?!>)", line):
            try:
                argv = shlex.split(part)
            except ValueError:
                continue
            while argv and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", argv[0]):
                argv.pop(0)
            if argv and argv[0] in ("sudo", "exec", "then", "do", "else"):
                argv.pop(0)
            if argv:
                yield argv


REPO_PATH = re.compile(r"^(?:ddbconform/)?((?:baselines|tools|tests|fuzz|corpus|cases|spec|examples|\.clusterfuzzlite)/[^\s'\"]*)$")


def check_run(where, script, top, helps, targets, seen):
    r = subprocess.run(["bash", "-n"], input=EXPR.sub("GHEXPR", script), capture_output=True, text=True)
    if r.returncode != 0:
        problem(where, "bash -n: " + r.stderr.strip())
    for argv in commands(script):
        if os.path.basename(argv[0]) == "ddbconform":
            sub = argv[1] if len(argv) > 1 else None
            if sub not in helps:
                problem(where, "ddbconform %s: no such subcommand (ddbconform --help lists %s)" % (sub, ", ".join(helps)))
                continue
            seen.add("ddbconform " + sub)
            for a in argv[2:]:
                if a.startswith("--"):
                    flag = a.split("=", 1)[0]
                    if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(flag), helps[sub]):
                        problem(where, "ddbconform %s %s: no such flag (ddbconform %s --help)" % (sub, flag, sub))
                    else:
                        seen.add("ddbconform %s %s" % (sub, flag))
        elif argv[0] == "make":
            args = argv[1:]
            i = 0
            while i < len(args):
                a = args[i]
                if a == "-C":
                    i += 2
                    continue
                if a.startswith("-") or "=" in a:
                    i += 1
                    continue
                if a not in targets:
                    problem(where, "make %s: no such target in %s (make -qp)" % (a, top))
                else:
                    seen.add("make " + a)
                i += 1
        for a in argv:
            m = REPO_PATH.match(a)
            if m and "GHEXPR" not in a:
                path = os.path.join(top, m.group(1))
                if not glob.glob(path):
                    problem(where, "%s: no such file in the repository" % m.group(1))
                else:
                    seen.add("path " + m.group(1))


def steps_of(wf):
    for jname, job in (wf.get("jobs") or {}).items():
        for i, st in enumerate(job.get("steps") or []):
            yield jname, i, job, st


def check_actions(where, wf, cflite_language):
    for jname, i, job, st in steps_of(wf):
        uses = st.get("uses")
        if uses is None:
            continue
        w = "%s: jobs.%s.steps[%d]" % (where, jname, i)
        with_ = st.get("with") or {}
        if uses in ("actions/checkout@v4", "actions/upload-artifact@v4", "actions/download-artifact@v4"):
            if uses.startswith("actions/upload") and not {"name", "path"} <= set(with_):
                problem(w, "upload-artifact needs name and path")
        elif uses == "google/clusterfuzzlite/actions/build_fuzzers@v1":
            if with_.get("language") != cflite_language:
                problem(w, "build_fuzzers language %r, .clusterfuzzlite/project.yaml says %r" % (with_.get("language"), cflite_language))
        elif uses == "google/clusterfuzzlite/actions/run_fuzzers@v1":
            if with_.get("mode") not in ("code-change", "batch", "prune", "coverage"):
                problem(w, "run_fuzzers mode %r" % with_.get("mode"))
            if not str(with_.get("fuzz-seconds", "")).isdigit():
                problem(w, "run_fuzzers needs fuzz-seconds")
        else:
            problem(w, "unknown action %s" % uses)
        if "clusterfuzzlite" in uses:
            san = with_.get("sanitizer", "")
            mat = ((job.get("strategy") or {}).get("matrix") or {}).get("sanitizer", [])
            if san != "${{ matrix.sanitizer }}" or not mat or not set(mat) <= {"address", "undefined"}:
                problem(w, "sanitizer %r over %r: address/undefined only (the system libraries are not MSan-built)" % (san, mat))


def check_emulator(where, wf):
    jobs = wf.get("jobs") or {}
    shards = int((wf.get("env") or {}).get("SHARDS", 0))
    suite = [j for j in jobs.values() if "shard" in ((j.get("strategy") or {}).get("matrix") or {})]
    if len(suite) != 1:
        problem(where, "want one job with a shard matrix")
        return
    if suite[0]["strategy"]["matrix"]["shard"] != list(range(1, shards + 1)):
        problem(where, "shard matrix %r, env.SHARDS %d" % (suite[0]["strategy"]["matrix"]["shard"], shards))
    runs = "\n".join(st.get("run", "") for _, _, _, st in steps_of(wf))
    if "--shard ${{ matrix.shard }}/${{ env.SHARDS }}" not in runs:
        problem(where, "the suite does not run --shard ${{ matrix.shard }}/${{ env.SHARDS }}")
    uploads = [st["with"]["name"] for _, _, j, st in steps_of(wf) if j is suite[0] and str(st.get("uses", "")).startswith("actions/upload")]
    downloads = [st["with"]["pattern"] for _, _, j, st in steps_of(wf) if str(st.get("uses", "")).startswith("actions/download")]
    if not uploads or not downloads or not all(re.fullmatch(d.replace("*", ".*"), u.replace("${{ matrix.shard }}", "1"))
                                               for u in uploads for d in downloads):
        problem(where, "the shards' artifacts %r are not what the merge job downloads %r" % (uploads, downloads))
    merge = [n for n, j in jobs.items() if "report --merge" in "\n".join(st.get("run", "") for st in j.get("steps") or [])]
    if not merge:
        problem(where, "no job runs ddbconform report --merge")
    for n in merge:
        needs = jobs[n].get("needs")
        needs = [needs] if isinstance(needs, str) else needs or []
        if not any(jobs.get(x) is suite[0] for x in needs) or jobs[n].get("if") != "always()":
            problem(where, "job %s must need the suite job and run if: always()" % n)


def check_cflite(top):
    d = os.path.join(top, ".clusterfuzzlite")
    proj = yaml.safe_load(open(os.path.join(d, "project.yaml")))
    lang = proj.get("language")
    if lang not in ("c", "c++"):
        problem(".clusterfuzzlite/project.yaml", "language %r" % lang)
    docker = open(os.path.join(d, "Dockerfile")).read()
    if not re.search(r"^FROM gcr.io/oss-fuzz-base/base-builder\s*$", docker, re.M):
        problem(".clusterfuzzlite/Dockerfile", "not FROM gcr.io/oss-fuzz-base/base-builder")
    for src in re.findall(r"^COPY\s+(\S+)\s+\S+\s*$", docker, re.M):
        if not os.path.exists(os.path.join(top, src)):
            problem(".clusterfuzzlite/Dockerfile", "COPY %s: no such file" % src)
    build = open(os.path.join(d, "build.sh")).read()
    r = subprocess.run(["bash", "-n", os.path.join(d, "build.sh")], capture_output=True, text=True)
    if r.returncode != 0:
        problem(".clusterfuzzlite/build.sh", "bash -n: " + r.stderr.strip())
    m = re.search(r"^for t in ([a-z0-9 ]+); do", build, re.M)
    built = m.group(1).split() if m else []
    fuzz_c = sorted(os.path.basename(p)[:-2] for p in glob.glob(os.path.join(top, "fuzz", "*.c"))
                    if os.path.basename(p) not in ("fuzz_util.c", "replay_main.c"))
    mk = re.search(r"^FUZZ_TARGETS\s*:=\s*(.*)$", open(os.path.join(top, "mk", "fuzz.mk")).read(), re.M)
    if sorted(built) != fuzz_c or sorted(mk.group(1).split()) != fuzz_c:
        problem(".clusterfuzzlite/build.sh", "builds %r; fuzz/ has %r, mk/fuzz.mk %r" % (built, fuzz_c, mk.group(1).split()))
    for t in fuzz_c:
        for p in ("corpus/%s" % t, "fuzz/%s.dict" % t, "fuzz/%s.options" % t):
            if not os.path.exists(os.path.join(top, p)):
                problem(".clusterfuzzlite/build.sh", "target %s: %s missing" % (t, p))
    for v in ("$CC", "$CFLAGS", "$LIB_FUZZING_ENGINE", "$OUT", "$SRC"):
        if v not in build:
            problem(".clusterfuzzlite/build.sh", "does not use %s (the OSS-Fuzz build contract)" % v)
    return lang, len(fuzz_c)


def main():
    binary, top = sys.argv[1], os.path.abspath(sys.argv[2])
    helps = ddbconform_help(binary)
    if "run" not in helps or "report" not in helps:
        print("FAIL: %s --help lists %r" % (binary, list(helps)))
        return 1
    targets = make_targets(top)
    lang, ntargets = check_cflite(top)
    files = sorted(glob.glob(os.path.join(top, "examples", "ci", "*.yml")))
    want = {"github-actions-emulator.yml", "clusterfuzzlite-pr.yml", "clusterfuzzlite-batch.yml"}
    if not want <= {os.path.basename(f) for f in files}:
        problem("examples/ci", "want %s, found %s" % (sorted(want), [os.path.basename(f) for f in files]))
    seen = set()
    for f in files:
        where = os.path.relpath(f, top)
        try:
            wf = yaml.safe_load(open(f))
        except yaml.YAMLError as e:
            problem(where, "not YAML: %s" % e)
            continue
        on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
        if not on or not wf.get("jobs"):
            problem(where, "no `on` or no jobs")
        for jname, i, job, st in steps_of(wf):
            if "run" in st:
                check_run("%s: jobs.%s.steps[%d]" % (where, jname, i), st["run"], top, helps, targets, seen)
        check_actions(where, wf, lang)
        if os.path.basename(f) == "github-actions-emulator.yml":
            check_emulator(where, wf)
    for must in ("ddbconform run --shard", "ddbconform report --merge", "ddbconform report --out", "make build/ddbconform"):
        if must not in seen:
            problem("examples/ci", "never uses %s" % must)
    if problems:
        for p in problems:
            print("FAIL: " + p)
        return 1
    print("workflows: %d files; used and found: %s" % (len(files), ", ".join(sorted(seen))))
    print(".clusterfuzzlite: language %s, %d targets each with corpus, dictionary and options" % (lang, ntargets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
