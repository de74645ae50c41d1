# swift-compose — build, test, benchmark, install.
SWIFT ?= swift
PREFIX ?= /usr/local
CORPUS ?= $(CURDIR)/../shared/corpus
BIN_DEBUG := .build/debug/compose
BIN_RELEASE := .build/release/compose

.PHONY: build release test unit corpus integration bench install clean

.DEFAULT_GOAL := build
include Makefile.fuzz

build:
	$(SWIFT) build

## release: the Swift runtime and Foundation linked in statically: a no-op `up` or `ps` starts in 7 ms instead of
## 12 and peaks near 30 MiB instead of 35 (the shared libraries' pages dominated both).
## The container supervisor compose-shim is built beside it: the embedded engine finds it next to `compose`. It
## outlives compose and toolchain upgrades, so it carries its runtime too (about 4 MiB RSS per container).
release:
	$(SWIFT) build -c release --static-swift-stdlib --product compose
	$(SWIFT) build -c release --static-swift-stdlib --product compose-shim

## test: everything CI runs: the conformance corpus against its floors, then the unit tests and, as root
## with dockerd installed, the Docker engine's integration suite (scripts/test.sh).
test: build release
	sh scripts/test.sh

unit:
	$(SWIFT) test

## corpus: the release binary against the conformance corpus (what users run, and what the 2 s refusal limit is about).
corpus: release
	python3 scripts/corpus-check.py $(BIN_RELEASE) --corpus $(CORPUS) --require-rejections

integration: test

## bench: config loading, then the project lifecycle against docker compose v2 on one dockerd (DOCKER_HOST, else
## the private one of the integration tests), then the embedded engine's pull (against skopeo) and build cache,
## then cold `up -d` on the embedded engine against docker compose v2 on dockerd (root), then watch mode's heal
## and edit latencies and idle CPU.
bench: release
	python3 bench/config-bench.py --compose $(BIN_RELEASE)
	python3 bench/lifecycle-bench.py --compose $(BIN_RELEASE)
	python3 bench/image-bench.py --compose $(BIN_RELEASE)
	python3 bench/embedded-bench.py --compose $(BIN_RELEASE)
	python3 bench/watch-bench.py --compose $(BIN_RELEASE)

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN_RELEASE) $(DESTDIR)$(PREFIX)/bin/compose
	install -m 0755 .build/release/compose-shim $(DESTDIR)$(PREFIX)/bin/compose-shim

clean:
	rm -rf .build
