#!/usr/bin/env python3
"""The embedded engine against docker compose v2 on dockerd, on the same machine and in the same run.

Measured (median of --runs, the two tools interleaved, each on its own project name):
  * cold `up -d` of stacks of 10 and 50 services (sleepers with `init: true`, one network), then `down`;
  * per-container start latency: `compose up -d` of one service with `network_mode: none` (ours: load, plan,
    create, start) against `docker run -d --network none` of the same image (the Docker CLI talking to dockerd);
  * the supervisor's memory: resident set (VmRSS) and proportional set (Pss) of each `compose-shim` while the
    50-service stack runs.
Goals (issue 5): the 50-service cold `up` in at most half of docker compose's time; a supervisor under 5 MiB RSS.

Both stacks run the same image bits: swift-compose-test/busybox:1 is built in dockerd by
Tests/EngineDockerTests/Support/prepare-docker.sh, then `docker save`d and loaded into a fresh embedded state
directory with `compose engine load`. Needs root, runc, the CNI plugins and dockerd.

usage: bench/embedded-bench.py [--compose .build/release/compose] [--sizes 10,50] [--runs 3]
                               [--json bench/results/embedded-DATE.json] [--strict]
Exit status 1 when a command fails, or with --strict when a goal is missed.
"""
import argparse
import datetime
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGE = "swift-compose-test/busybox:1"
PREFIX = "swembench-"
COMMAND_TIMEOUT = 900


class BenchError(Exception):
    pass


def load_module(name, file):
    sys.dont_write_bytecode = True
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "bench", file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(argv, env, cwd):
    """Wall seconds of one command run to completion; fails with its stderr."""
    start = time.monotonic()
    proc = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=COMMAND_TIMEOUT)
    elapsed = time.monotonic() - start
    if proc.returncode != 0:
        raise BenchError(f"`{' '.join(argv)}` exited {proc.returncode} after {elapsed:.2f}s:\n{proc.stderr}")
    return elapsed


def write_stack(path, services, network_none=False):
    lines = ["services:"]
    for i in range(services):
        lines += [f"  svc{i:03d}:", f"    image: {IMAGE}", "    command: [\"sleep\", \"3600\"]", "    init: true"]
        if network_none:
            lines.append("    network_mode: none")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def shim_memory():
    """(VmRSS KiB, Pss KiB) of every running compose-shim."""
    figures = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() != "compose-shim":
                    continue
            rss = pss = None
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1])
            if rss is not None:
                figures.append((rss, pss or 0))
        except OSError:
            continue
    return figures


class Bench:
    def __init__(self, args, ours, host, workdir):
        self.args, self.ours, self.host, self.workdir = args, ours, host, workdir
        self.state = os.path.join(workdir, "state")
        self.run_id = secrets.token_hex(3)
        base = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_") and k != "DOCKER_HOST"}
        base["COMPOSE_ANSI"] = "never"
        self.ours_env = dict(base, COMPOSE_ENGINE="embedded", SWIFT_COMPOSE_STATE_DIR=self.state,
                             COMPOSE_PROGRESS="quiet")
        self.docker_env = dict(base, DOCKER_HOST=host)
        self.reference = None
        self.projects = []

    def prepare(self, reference):
        self.reference = reference
        archive = os.path.join(self.workdir, "image.tar")
        subprocess.run(["docker", "save", "-o", archive, IMAGE], env=self.docker_env, check=True)
        subprocess.run([self.ours, "engine", "load", "-i", archive, "--state-dir", self.state], env=self.ours_env,
                       check=True, stdout=subprocess.DEVNULL)

    def ours_cmd(self, path, project, args):
        return [self.ours, "-f", path, "-p", project] + args

    def theirs_cmd(self, path, project, args):
        return [self.reference, "--progress", "quiet", "-f", path, "-p", project] + args

    def cold_up(self, size):
        path = os.path.join(self.workdir, f"stack-{size}.yaml")
        write_stack(path, size)
        samples = {"ours": {"up": [], "down": []}, "theirs": {"up": [], "down": []}, "shim": []}
        for rep in range(self.args.runs):
            order = ["ours", "theirs"] if rep % 2 == 0 else ["theirs", "ours"]
            for who in order:
                project = f"{PREFIX}{self.run_id}-{who}{size}-{rep}"
                self.projects.append((who, project, path))
                if who == "ours":
                    samples[who]["up"].append(timed(self.ours_cmd(path, project, ["up", "-d"]), self.ours_env, self.workdir))
                    if size == max(self.args.sizes):
                        samples["shim"] += shim_memory()
                    samples[who]["down"].append(timed(self.ours_cmd(path, project, ["down", "-t", "0"]), self.ours_env,
                                                      self.workdir))
                else:
                    samples[who]["up"].append(timed(self.theirs_cmd(path, project, ["up", "-d"]), self.docker_env,
                                                    self.workdir))
                    samples[who]["down"].append(timed(self.theirs_cmd(path, project, ["down", "-t", "0"]),
                                                      self.docker_env, self.workdir))
                print(f"  {size} services, run {rep + 1}, {who}: up {samples[who]['up'][-1]:.2f}s", file=sys.stderr)
        return samples

    def single_start(self):
        path = os.path.join(self.workdir, "single.yaml")
        write_stack(path, 1, network_none=True)
        ours, theirs = [], []
        for rep in range(self.args.runs * 2):
            project = f"{PREFIX}{self.run_id}-single-{rep}"
            self.projects.append(("ours", project, path))
            ours.append(timed(self.ours_cmd(path, project, ["up", "-d"]), self.ours_env, self.workdir))
            timed(self.ours_cmd(path, project, ["down", "-t", "0"]), self.ours_env, self.workdir)
            name = f"{PREFIX}{self.run_id}-run-{rep}"
            theirs.append(timed(["docker", "run", "-d", "--init", "--network", "none", "--name", name, IMAGE,
                                 "sleep", "3600"], self.docker_env, self.workdir))
            subprocess.run(["docker", "rm", "-f", name], env=self.docker_env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        return ours, theirs

    def cleanup(self):
        for who, project, path in self.projects:
            if who == "ours":
                subprocess.run(self.ours_cmd(path, project, ["down", "-v", "-t", "0"]), env=self.ours_env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            else:
                subprocess.run(self.theirs_cmd(path, project, ["down", "-v", "-t", "0"]), env=self.docker_env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compose", default=os.path.join(ROOT, ".build", "release", "compose"))
    parser.add_argument("--sizes", default="10,50")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", default=os.path.join(ROOT, "bench", "results",
                                                       f"embedded-{datetime.date.today().isoformat()}.json"))
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")]
    if os.geteuid() != 0:
        print("embedded-bench.py: needs root (the embedded engine runs containers as root); skipped", file=sys.stderr)
        return 0
    ours = os.path.abspath(args.compose)
    if not os.path.exists(os.path.join(os.path.dirname(ours), "compose-shim")):
        raise BenchError(f"no compose-shim beside {ours}: make release builds both")
    lifecycle = load_module("lifecycle_bench", "lifecycle-bench.py")
    host = lifecycle.ensure_engine()
    reference = lifecycle.load_config_bench().ensure_reference()
    workdir = tempfile.mkdtemp(prefix="swc-embedded-bench-")
    bench = Bench(args, ours, host, workdir)
    results = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "machine": {"cpus": os.cpu_count(), "load": os.getloadavg()}, "sizes": {}}
    try:
        bench.prepare(reference)
        shim = []
        for size in args.sizes:
            samples = bench.cold_up(size)
            shim += samples.pop("shim")
            results["sizes"][str(size)] = samples
        single_ours, single_theirs = bench.single_start()
        results["single"] = {"ours": single_ours, "theirs": single_theirs}
        results["shim"] = {"rss_kib": [r for r, _ in shim], "pss_kib": [p for _, p in shim]}
    finally:
        bench.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nembedded engine vs docker compose v2 on dockerd ({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}); "
          f"median of {args.runs}")
    print(f"{'step':<34}{'ours (s)':>10}{'docker (s)':>12}{'ratio':>8}")
    missed = []
    for size in args.sizes:
        data = results["sizes"][str(size)]
        for step in ("up", "down"):
            o, t = median(data["ours"][step]), median(data["theirs"][step])
            print(f"{f'{step} -d, {size} services' if step == 'up' else f'down, {size} services':<34}"
                  f"{o:>10.2f}{t:>12.2f}{o / t:>8.2f}")
            if step == "up" and size == 50 and o / t > 0.5:
                missed.append(f"50-service cold up ratio {o / t:.2f} > 0.5")
    o, t = median(single_ours), median(single_theirs)
    print(f"{'one container (up -d vs docker run)':<34}{o:>10.3f}{t:>12.3f}{o / t:>8.2f}")
    rss = results["shim"]["rss_kib"]
    pss = results["shim"]["pss_kib"]
    if rss:
        print(f"supervisor memory per container: RSS median {median(rss) / 1024:.2f} MiB (max {max(rss) / 1024:.2f}), "
              f"PSS median {median(pss) / 1024:.2f} MiB, {len(rss)} samples")
        if median(rss) / 1024 >= 5:
            missed.append(f"supervisor RSS {median(rss) / 1024:.2f} MiB >= 5")
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(results, f, indent=1)
    print(f"results: {args.json}")
    for line in missed:
        print(f"goal missed: {line}")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"embedded-bench.py: {error}", file=sys.stderr)
        sys.exit(1)
