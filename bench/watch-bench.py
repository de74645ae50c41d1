#!/usr/bin/env python3
"""Watch mode on one engine: how fast `compose watch` repairs and applies edits, and what it costs idle.

1. heal latency: a container of the watched project is removed (Docker: `DELETE /containers/{id}?force=1`;
   embedded: `compose rm -s -f SERVICE`, there being no daemon to ask); the clock runs from the removal's
   answer until the service has a new running container.
2. edit latency: one service's environment is changed in compose.yaml; the clock runs from the file's write
   until that service runs a new container (the other services keep theirs: checked).
3. idle CPU: the watcher's CPU time (utime + stime from /proc) over --idle seconds with nothing changing, as a
   percentage of one core.

Each heal and each edit hits another service, so the per-resource backoff (which grows on repeated repairs
of one container) stays out of the figures. Latencies are medians (and maxima) of --runs runs; the engine
is polled every 20 ms (Docker: over its socket; embedded: its state files, as its own event stream does).

--engine docker (the default): $DOCKER_HOST when it answers, else the private one
Tests/EngineDockerTests/Support/prepare-docker.sh starts (which also builds the image used,
swift-compose-test/busybox:1). --engine embedded (root): the state directory --state-dir (default the one
the integration tests use, which holds that image: `SWIFT_COMPOSE_IT=embedded swift test --filter WatchTests`
builds it), with the compose-shim next to --compose.

usage: bench/watch-bench.py [--engine docker|embedded] [--state-dir DIR] [--compose .build/release/compose]
                            [--runs 10] [--idle 30] [--json bench/results/watch-DATE.json]
"""
import argparse
import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREPARE = os.path.join(ROOT, "Tests", "EngineDockerTests", "Support", "prepare-docker.sh")
IMAGE = "swift-compose-test/busybox:1"
DEADLINE = 120  # seconds any single wait may take before the bench gives up


class UnixHTTP(http.client.HTTPConnection):
    """HTTP over the daemon's unix socket."""

    def __init__(self, path):
        super().__init__("docker", timeout=30)
        self.socket_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(self.socket_path)


class Engine:
    def __init__(self, host):
        if not host.startswith("unix://"):
            raise SystemExit(f"watch-bench talks to a unix socket; DOCKER_HOST={host}")
        self.path = host[len("unix://"):]

    def request(self, method, target):
        connection = UnixHTTP(self.path)
        try:
            connection.request(method, target)
            response = connection.getresponse()
            body = response.read()
            return response.status, body
        finally:
            connection.close()

    def ok(self):
        try:
            status, _ = self.request("GET", "/_ping")
            if status != 200:
                return False
            status, _ = self.request("GET", "/images/" + urllib.parse.quote(IMAGE, safe="") + "/json")
            return status == 200
        except OSError:
            return False

    def running(self, project):
        """{service: container id} of the project's running containers."""
        filters = json.dumps({"label": [f"com.docker.compose.project={project}"], "status": ["running"]})
        status, body = self.request("GET", "/containers/json?filters=" + urllib.parse.quote(filters))
        if status != 200:
            raise SystemExit(f"container list failed: {status} {body[:200]!r}")
        found = {}
        for container in json.loads(body):
            found[container["Labels"].get("com.docker.compose.service", "")] = container["Id"]
        return found

    def remove(self, container, service):
        status, body = self.request("DELETE", f"/containers/{container}?force=1")
        if status not in (204, 404):
            raise SystemExit(f"removing {container} failed: {status} {body[:200]!r}")


class EmbeddedEngine:
    """The embedded engine's state directory, read the way its event stream reads it (no daemon to ask)."""

    def __init__(self, state, binary):
        self.state = state
        self.binary = binary
        self.project = None
        self.directory = None
        self.env = None

    def ok(self):
        with open(os.path.join(self.state, "images.json")) as handle:
            return IMAGE in handle.read()

    def running(self, project):
        """{service: container id} of the project's running containers (a live init under a running shim)."""
        found = {}
        root = os.path.join(self.state, "containers")
        for name in os.listdir(root):
            try:
                with open(os.path.join(root, name, "container.json")) as handle:
                    record = json.load(handle)
                with open(os.path.join(root, name, "shim-state.json")) as handle:
                    shim = json.load(handle)
            except (OSError, ValueError):
                continue
            labels = record.get("labels", {})
            if labels.get("com.docker.compose.project") != project or record.get("removing"):
                continue
            if shim.get("status") == "running" and shim.get("initPid") and os.path.exists(f"/proc/{shim['initPid']}"):
                found[labels.get("com.docker.compose.service", "")] = name
        return found

    def remove(self, container, service):
        removed = subprocess.run([self.binary, "-p", self.project, "rm", "-s", "-f", service], cwd=self.directory,
                                 env=self.env, capture_output=True, text=True, timeout=DEADLINE)
        if removed.returncode != 0:
            raise SystemExit(f"removing {service} failed: {removed.stderr}")


def engine_host():
    host = os.environ.get("DOCKER_HOST")
    if host and Engine(host).ok():
        return host
    env = dict(os.environ)
    if host and host.startswith("unix://"):
        env["SWC_DOCKER_SOCK"] = host[len("unix://"):]
    env.pop("DOCKER_HOST", None)
    prepared = subprocess.run(["sh", PREPARE], env=env, capture_output=True, text=True)
    if prepared.returncode != 0:
        raise SystemExit(f"prepare-docker.sh failed:\n{prepared.stderr}{prepared.stdout}")
    hosts = [line.split("=", 1)[1] for line in prepared.stdout.splitlines() if line.startswith("DOCKER_HOST=")]
    if not hosts:
        raise SystemExit("prepare-docker.sh printed no DOCKER_HOST")
    return hosts[-1]


def compose_file(services, values):
    lines = ["services:"]
    for index in range(services):
        lines += [f"  s{index}:", f"    image: {IMAGE}", '    command: ["sleep", "3600"]', "    init: true",
                  "    environment:", f"      VALUE: \"{values.get(index, 0)}\""]
    return "\n".join(lines) + "\n"


def wait_until(condition, what):
    began = time.monotonic()
    while time.monotonic() - began < DEADLINE:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise SystemExit(f"timed out after {DEADLINE}s waiting for {what}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of the line; after the command's closing parenthesis they are 12 and 13.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(values):
    return {"median": statistics.median(values), "max": max(values), "min": min(values), "runs": len(values)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["docker", "embedded"], default="docker")
    parser.add_argument("--state-dir", default=os.path.join(tempfile.gettempdir(), "swc-emb-cli-it"))
    parser.add_argument("--compose", default=os.path.join(ROOT, ".build", "release", "compose"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--idle", type=float, default=30)
    parser.add_argument("--json", default=os.path.join(ROOT, "bench", "results", f"watch-{time.strftime('%Y-%m-%d')}.json"))
    args = parser.parse_args()
    binary = os.path.abspath(args.compose)
    if not os.path.exists(binary):
        raise SystemExit(f"{binary} missing: run `make release` first")

    project = "swwatchbench-" + secrets.token_hex(4)
    services = max(2, args.runs)
    values = {}
    directory = tempfile.mkdtemp(prefix="swc-watch-bench-")
    compose_path = os.path.join(directory, "compose.yaml")
    with open(compose_path, "w") as handle:
        handle.write(compose_file(services, values))
    if args.engine == "docker":
        host = engine_host()
        engine = Engine(host)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": directory, "DOCKER_HOST": host,
               "COMPOSE_ENGINE": "docker", "COMPOSE_PROGRESS": "plain"}
    else:
        host = "embedded:" + args.state_dir
        engine = EmbeddedEngine(args.state_dir, binary)
        if not engine.ok():
            raise SystemExit(f"{IMAGE} is not in {args.state_dir}: run the embedded WatchTests once first")
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": directory, "COMPOSE_ENGINE": "embedded",
               "SWIFT_COMPOSE_STATE_DIR": args.state_dir, "COMPOSE_PROGRESS": "plain",
               "SWIFT_COMPOSE_SHIM": os.path.join(os.path.dirname(binary), "compose-shim")}
        engine.project, engine.directory, engine.env = project, directory, env
    log = open(os.path.join(directory, "watch.log"), "w")
    watcher = subprocess.Popen([binary, "-p", project, "watch"], cwd=directory, env=env, stdout=log, stderr=log)
    results = {}
    try:
        wait_until(lambda: len(engine.running(project)) == services, f"{services} running containers")
        time.sleep(1)

        heals = []
        for run in range(args.runs):
            service = f"s{run % services}"
            before = engine.running(project)[service]
            engine.remove(before, service)
            began = time.monotonic()
            wait_until(lambda: engine.running(project).get(service) not in (None, before), f"{service} to run again")
            heals.append(time.monotonic() - began)
            time.sleep(0.3)
        results["heal latency (s)"] = summary(heals)

        edits = []
        for run in range(args.runs):
            index = run % services
            current = engine.running(project)
            values[index] = values.get(index, 0) + 1
            with open(compose_path + ".tmp", "w") as handle:
                handle.write(compose_file(services, values))
            os.replace(compose_path + ".tmp", compose_path)
            began = time.monotonic()
            service = f"s{index}"
            wait_until(lambda: engine.running(project).get(service) not in (None, current[service]),
                       f"{service} to be recreated")
            edits.append(time.monotonic() - began)
            after = engine.running(project)
            untouched = [name for name in current if name != service and after.get(name) != current[name]]
            if untouched:
                raise SystemExit(f"an edit of {service} also recreated {untouched}")
            time.sleep(0.3)
        results["edit latency (s)"] = summary(edits)

        time.sleep(2)
        start_cpu, start = cpu_seconds(watcher.pid), time.monotonic()
        time.sleep(args.idle)
        used, elapsed = cpu_seconds(watcher.pid) - start_cpu, time.monotonic() - start
        results["idle CPU (% of one core)"] = {"value": 100 * used / elapsed, "seconds": elapsed}
    finally:
        watcher.send_signal(2)
        try:
            status = watcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            watcher.kill()
            status = watcher.wait()
        log.close()
        subprocess.run([binary, "-p", project, "down", "-t", "0"], cwd=directory, env=env, capture_output=True, timeout=300)
        if status != 130:
            print(f"warning: the watcher exited {status}, not 130; its log: {directory}/watch.log", file=sys.stderr)
        else:
            shutil.rmtree(directory, ignore_errors=True)

    print(f"watch mode, {services} services, {args.runs} runs each ({os.path.relpath(binary, os.getcwd())}, {host})")
    for name, figure in results.items():
        if "median" in figure:
            print(f"  {name:<28} median {figure['median']:.3f}  min {figure['min']:.3f}  max {figure['max']:.3f}")
        else:
            print(f"  {name:<28} {figure['value']:.3f} over {figure['seconds']:.0f} s")
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump({"meta": {"compose": binary, "engine": args.engine, "host": host, "services": services, "runs": args.runs,
                            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, "results": results}, handle, indent=2)
    print(f"results: {os.path.relpath(args.json, os.getcwd())}")


if __name__ == "__main__":
    main()
