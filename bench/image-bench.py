#!/usr/bin/env python3
"""The embedded engine's image side, measured on this machine with no daemon:

1. pull: `compose pull` of a multi-layer image from a local docker-registry on 127.0.0.1 into an empty state
   directory (download, verify, unpack every layer), against `skopeo copy` of the same image to an OCI layout
   (download and verify only: skopeo does not unpack, so the ratio flatters skopeo).
2. build: a cold `compose build` (empty build cache; base image already in the store) against an unchanged
   rebuild of the same project (every step cached).

Each figure is the median of --runs runs. The image is made locally with umoci (no internet): a static busybox
layer plus --layers layers of --layer-mb MiB of random data each.

usage: bench/image-bench.py [--compose .build/release/compose] [--runs 5] [--layers 4] [--layer-mb 32]
                            [--json bench/results/image-DATE.json]
Needs root (layer ownership, runc for RUN), docker-registry, skopeo and umoci.
"""
import argparse
import datetime
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, timeout=900, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return result


def timed(args, **kwargs):
    began = time.monotonic()
    run(args, **kwargs)
    return time.monotonic() - began


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_registry(work):
    port = free_port()
    config = os.path.join(work, "registry.yml")
    with open(config, "w") as handle:
        handle.write(f"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {work}/registry\n"
                     f"http:\n  addr: 127.0.0.1:{port}\n")
    process = subprocess.Popen(["docker-registry", "serve", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("docker-registry did not start")


def make_image(work, layers, layer_mb):
    """An OCI layout with busybox plus `layers` layers of random data; returns its path."""
    layout = os.path.join(work, "layout")
    bundle = os.path.join(work, "bundle")
    run(["umoci", "init", "--layout", layout])
    run(["umoci", "new", "--image", f"{layout}:bench"])
    run(["umoci", "config", "--image", f"{layout}:bench", "--config.cmd", "/bin/sh", "--config.env", "PATH=/bin"])
    for index in range(layers + 1):
        run(["umoci", "unpack", "--image", f"{layout}:bench", bundle])
        rootfs = os.path.join(bundle, "rootfs")
        if index == 0:
            os.makedirs(os.path.join(rootfs, "bin"), exist_ok=True)
            shutil.copy("/bin/busybox", os.path.join(rootfs, "bin", "busybox"))
            os.symlink("busybox", os.path.join(rootfs, "bin", "sh"))
        else:
            os.makedirs(os.path.join(rootfs, "data"), exist_ok=True)
            with open(os.path.join(rootfs, "data", f"blob{index}"), "wb") as handle:
                handle.write(os.urandom(layer_mb * 1024 * 1024))
        run(["umoci", "repack", "--image", f"{layout}:bench", bundle])
        shutil.rmtree(bundle)
    return layout


def bench_pull(compose, work, registry, runs):
    reference = f"{registry}/bench/image:1"
    project = os.path.join(work, "pull-project")
    os.makedirs(project, exist_ok=True)
    with open(os.path.join(project, "compose.yaml"), "w") as handle:
        handle.write(f"services:\n  app:\n    image: {reference}\n")
    ours, theirs = [], []
    for attempt in range(runs):
        state = os.path.join(work, f"pull-state-{attempt}")
        ours.append(timed([compose, "pull", "-q", "--engine", "embedded", "--state-dir", state], cwd=project))
        shutil.rmtree(state)
        target = os.path.join(work, f"skopeo-{attempt}")
        theirs.append(timed(["skopeo", "--insecure-policy", "copy", "-q", "--src-tls-verify=false",
                             f"docker://{reference}", f"oci:{target}:bench"]))
        shutil.rmtree(target)
    return statistics.median(ours), statistics.median(theirs)


def bench_build(compose, work, runs):
    project = os.path.join(work, "build-project")
    os.makedirs(project, exist_ok=True)
    with open(os.path.join(project, "Dockerfile"), "w") as handle:
        handle.write("FROM bench/base:1\nCOPY files /files\nRUN [\"/bin/busybox\", \"sh\", \"-c\", "
                     "\"cat /files/* > /all && echo built > /done\"]\nENV MODE=bench\nWORKDIR /files\nCMD [\"sh\"]\n")
    os.makedirs(os.path.join(project, "files"), exist_ok=True)
    for index in range(200):
        with open(os.path.join(project, "files", f"f{index}.txt"), "w") as handle:
            handle.write(f"file {index}\n" * 100)
    with open(os.path.join(project, "compose.yaml"), "w") as handle:
        handle.write("services:\n  app:\n    build: .\n    image: bench/built:1\n")
    cold, cached = [], []
    for attempt in range(runs):
        state = os.path.join(work, f"build-state-{attempt}")
        run([compose, "engine", "load", "-i", os.path.join(work, "base.tar"), "--state-dir", state])
        command = [compose, "build", "-q", "--engine", "embedded", "--state-dir", state]
        cold.append(timed(command, cwd=project))
        cached.append(timed(command, cwd=project))
        shutil.rmtree(state)
    return statistics.median(cold), statistics.median(cached)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compose", default=os.path.join(ROOT, ".build", "release", "compose"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--layer-mb", type=int, default=32)
    parser.add_argument("--json")
    options = parser.parse_args()
    for tool in ["docker-registry", "skopeo", "umoci", "runc"]:
        if shutil.which(tool) is None:
            raise SystemExit(f"image-bench needs {tool}")
    if os.getuid() != 0:
        raise SystemExit("image-bench needs root (layer ownership, runc)")
    compose = os.path.abspath(options.compose)
    work = tempfile.mkdtemp(prefix="swc-image-bench-")
    registry_process = None
    try:
        layout = make_image(work, options.layers, options.layer_mb)
        registry_process, registry = start_registry(work)
        run(["skopeo", "--insecure-policy", "copy", "-q", "--dest-tls-verify=false", f"oci:{layout}:bench",
             f"docker://{registry}/bench/image:1"])
        run(["skopeo", "--insecure-policy", "copy", "-q", f"oci:{layout}:bench",
             f"docker-archive:{work}/base.tar:bench/base:1"])
        pull_ours, pull_skopeo = bench_pull(compose, work, registry, options.runs)
        build_cold, build_cached = bench_build(compose, work, options.runs)
    finally:
        if registry_process:
            registry_process.kill()
            registry_process.wait()
        shutil.rmtree(work, ignore_errors=True)
    size = options.layers * options.layer_mb
    print(f"image: busybox + {options.layers} layers x {options.layer_mb} MiB ({size} MiB), median of {options.runs} runs")
    print(f"{'step':<34}{'ours':>10}{'reference':>12}{'ratio':>8}")
    print(f"{'pull (ours unpacks too)':<34}{pull_ours:>9.2f}s{pull_skopeo:>11.2f}s{pull_ours / pull_skopeo:>8.2f}   (reference: skopeo copy)")
    print(f"{'build: unchanged rebuild vs cold':<34}{build_cached:>9.2f}s{build_cold:>11.2f}s{build_cached / build_cold:>8.2f}   (reference: cold build)")
    if options.json:
        os.makedirs(os.path.dirname(os.path.abspath(options.json)), exist_ok=True)
        with open(options.json, "w") as handle:
            json.dump({"date": datetime.date.today().isoformat(), "layers": options.layers, "layer_mb": options.layer_mb,
                       "runs": options.runs, "pull_seconds": pull_ours, "skopeo_copy_seconds": pull_skopeo,
                       "build_cold_seconds": build_cold, "build_cached_seconds": build_cached}, handle, indent=2)
            handle.write("\n")


if __name__ == "__main__":
    sys.exit(main())
