# SPDX-License-Identifier: LGPL-2.1-or-later
# A thin wrapper around CMake: the two commands of the README and a few more.
#   make demo                 build, then the headline exploration
#   make check                build, then every test through ctest
#   make check SANITIZE=1     the same with ASan+UBSan (built with clang)
#   make check TSAN=1         the same with ThreadSanitizer (built with clang)
#   make bench                optimized build, then every benchmark
#   make install PREFIX=DIR   install the library, headers, pkg-config file, tool
SHELL := /bin/bash
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SAN_CC ?= clang

ifeq ($(SANITIZE),1)
BUILD := build-san
CMAKE_FLAGS := -DCXLSIM_SANITIZE=ON -DCMAKE_C_COMPILER=$(SAN_CC)
else ifeq ($(TSAN),1)
BUILD := build-tsan
CMAKE_FLAGS := -DCXLSIM_TSAN=ON -DCMAKE_C_COMPILER=$(SAN_CC)
else
BUILD := build
CMAKE_FLAGS :=
endif

.PHONY: all deps configure build demo check bench install clean format

all: build

deps:
	@scripts/deps.sh

configure:
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: deps build
	@$(BUILD)/tools/cxlsim/cxlsim demo

check: deps build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench: deps
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j $(JOBS)
	@for b in build-release/bench/bench-*; do echo "== $$(basename $$b)"; $$b || exit 1; done

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	@rm -rf build build-san build-tsan build-release
