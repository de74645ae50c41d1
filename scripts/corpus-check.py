#!/usr/bin/env python3
"""Runs the conformance corpus against our `compose config` and enforces a pass floor.

The corpus (../shared/corpus, read-only) is copied to a scratch folder, its two generated 5 MB inputs are
written there, and compare.py runs our binary on every case. The pass count must not fall below the floor
in Tests/corpus-floor.txt (raise the floor when it goes up). Cases the reference rejects must be rejected by
us, each within the per-case time limit.

usage: scripts/corpus-check.py BINARY [--corpus DIR] [--timeout S] [--update-floor]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOOR_FILE = os.path.join(ROOT, "Tests", "corpus-floor.txt")
YAML_FLOOR_FILE = os.path.join(ROOT, "Tests", "corpus-yaml-floor.txt")


def time_rejections(binary, corpus, timeout):
    """Wall time of our refusal of every input the reference rejects (run one at a time)."""
    import json
    import time
    slowest, slowest_name, count = 0.0, "-", 0
    for group in ("cases", "bad"):
        for name in sorted(os.listdir(os.path.join(corpus, group))):
            d = os.path.join(corpus, group, name)
            code_file = os.path.join(d, "expected-exit-code.txt")
            if not os.path.exists(code_file) or open(code_file).read().strip() == "0":
                continue
            meta = json.load(open(os.path.join(d, "case.json")))
            workdir = os.path.normpath(os.path.join(d, meta.get("workdir", ".")))
            argv = [binary]
            for f in meta["files"]:
                argv += ["-f", f]
            argv += ["-p", "corpus", "config", "--format", "json"]
            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp/corpus-home"}
            env.update(meta.get("env") or {})
            start = time.monotonic()
            try:
                subprocess.run(argv, cwd=workdir, env=env, capture_output=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
            elapsed = time.monotonic() - start
            count += 1
            if elapsed > slowest:
                slowest, slowest_name = elapsed, f"{group}/{name}"
    return slowest, slowest_name, count


def check_yaml(binary, corpus, timeout):
    """`config` without --format against expected.yaml, byte for byte after path substitution."""
    import concurrent.futures
    import json
    jobs = []
    for group in ("cases", "bad"):
        for name in sorted(os.listdir(os.path.join(corpus, group))):
            d = os.path.join(corpus, group, name)
            expected = os.path.join(d, "expected.yaml")
            if not os.path.exists(expected) or os.path.exists(os.path.join(d, "expected-yaml-exit-code.txt")):
                continue
            jobs.append((group, name, d))

    def run(job):
        group, name, d = job
        meta = json.load(open(os.path.join(d, "case.json")))
        workdir = os.path.normpath(os.path.join(d, meta.get("workdir", ".")))
        argv = [binary]
        for f in meta["files"]:
            argv += ["-f", f]
        argv += ["-p", "corpus", "config"]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp/corpus-home"}
        env.update(meta.get("env") or {})
        try:
            out = subprocess.run(argv, cwd=workdir, env=env, capture_output=True, timeout=timeout).stdout.decode()
        except subprocess.TimeoutExpired:
            return f"{group}/{name}", False
        want = open(os.path.join(d, "expected.yaml")).read()
        want = want.replace(os.path.join("/__CORPUS__", group, name), "<CASE>").replace("/__CORPUS__", "<CORPUS>")
        out = out.replace(d, "<CASE>").replace(corpus, "<CORPUS>")
        return f"{group}/{name}", out == want

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, jobs))
    failures = [name for name, ok in results if not ok]
    return len(results) - len(failures), len(results), failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--corpus", default=os.environ.get("SWIFT_COMPOSE_CORPUS", os.path.join(ROOT, "..", "shared", "corpus")))
    ap.add_argument("--timeout", type=int, default=10)
    ap.add_argument("--update-floor", action="store_true")
    ap.add_argument("--require-rejections", action="store_true")
    ap.add_argument("--reject-seconds", type=float, default=2.0,
                    help="every input the reference rejects must be refused within this time")
    ap.add_argument("--report", default=None, help="write compare.py's full output here")
    args = ap.parse_args()

    corpus = os.path.abspath(args.corpus)
    if not os.path.isdir(corpus):
        print(f"corpus-check: no corpus at {corpus}", file=sys.stderr)
        return 1
    binary = os.path.abspath(args.binary)
    scratch = tempfile.mkdtemp(prefix="swift-compose-corpus-")
    try:
        copy = os.path.join(scratch, "corpus")
        shutil.copytree(corpus, copy)
        for dirpath, dirnames, filenames in os.walk(copy):
            os.chmod(dirpath, 0o755)
            for name in filenames:
                os.chmod(os.path.join(dirpath, name), 0o644)
        subprocess.run([sys.executable, os.path.join(copy, "bad", "gen_big.py")], check=True,
                       stdout=subprocess.DEVNULL)
        template = f"{binary} {{file_args}} -p {{project}} config --format json"
        result = subprocess.run(
            [sys.executable, os.path.join(copy, "compare.py"), "-q", "--timeout", str(args.timeout), template],
            capture_output=True, text=True)
        output = result.stdout
        if args.report:
            with open(args.report, "w") as f:
                f.write(output)
        yaml_passed, yaml_total, yaml_failures = check_yaml(binary, copy, args.timeout)
        slowest, slowest_name, rejected_count = time_rejections(binary, copy, args.timeout)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    match = re.search(r"^(\d+) passed, (\d+) failed", output, re.MULTILINE)
    if not match:
        print(output[-4000:])
        print("corpus-check: compare.py printed no total", file=sys.stderr)
        return 1
    passed, failed = int(match.group(1)), int(match.group(2))
    total = passed + failed
    # Every case the reference rejects must be rejected by us: such FAILs read "expected failure".
    rejected_missed = [line for line in output.splitlines()
                       if line.startswith("FAIL") and "but command exited 0" in line]
    for line in output.splitlines():
        if line.startswith("FAIL"):
            print("  " + line[:200])
    floor = int(open(FLOOR_FILE).read().split()[0]) if os.path.exists(FLOOR_FILE) else 0
    print(f"corpus: {passed} of {total} cases match the reference ({100.0 * passed / total:.1f}%), floor {floor}")
    yaml_floor = int(open(YAML_FLOOR_FILE).read().split()[0]) if os.path.exists(YAML_FLOOR_FILE) else 0
    for name in yaml_failures:
        print(f"  YAML differs: {name}")
    print(f"corpus: {yaml_passed} of {yaml_total} YAML outputs are byte-identical to the reference's, floor {yaml_floor}")
    if yaml_passed < yaml_floor:
        print(f"corpus: FAILED: YAML {yaml_passed} is below the floor of {yaml_floor}", file=sys.stderr)
        return 1
    if args.update_floor and yaml_passed > yaml_floor:
        with open(YAML_FLOOR_FILE, "w") as f:
            f.write(f"{yaml_passed}\n")
    print(f"corpus: {rejected_count} rejected inputs, slowest refusal {slowest:.2f} s ({slowest_name}), limit {args.reject_seconds:.1f} s")
    if slowest > args.reject_seconds:
        print(f"corpus: FAILED: {slowest_name} took {slowest:.2f} s to be refused", file=sys.stderr)
        return 1
    if args.update_floor and passed > floor:
        with open(FLOOR_FILE, "w") as f:
            f.write(f"{passed}\n")
        print(f"corpus: floor raised to {passed}")
    deliberate = set()
    deliberate_file = os.path.join(ROOT, "Tests", "corpus-deliberate.txt")
    if os.path.exists(deliberate_file):
        for line in open(deliberate_file):
            if line.strip() and not line.startswith("#"):
                deliberate.add(line.split("\t")[0].strip())
    rejected_missed = [line for line in rejected_missed if line.split()[1].rstrip(":") not in deliberate]
    print(f"corpus: {len(rejected_missed)} inputs the reference rejects were accepted "
          f"(not counting {len(deliberate)} deliberate differences in Tests/corpus-deliberate.txt)")
    if args.require_rejections and rejected_missed:
        print("corpus: FAILED: every input the reference rejects must be rejected", file=sys.stderr)
        return 1
    if passed < floor:
        print(f"corpus: FAILED: {passed} is below the floor of {floor}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
