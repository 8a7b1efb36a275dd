# SPDX-License-Identifier: LGPL-2.1-or-later
# A thin wrapper around CMake; everything real is in CMakeLists.txt.
#   make                      build (build/; CC from the environment is honoured)
#   make deps                 install the missing Debian packages (scripts/deps.sh)
#   make demo                 deps, build, then `cxlsim demo`
#   make check                deps, build, then every test through ctest
#   make check SANITIZE=1     the same in build-san with ASan+UBSan, compiled with $(SAN_CC)
#   make check TSAN=1         the same in build-tsan with ThreadSanitizer (tests labelled
#                             tsan if there are any, else all)
#   make check VALGRIND=1     build (build/), then the tests labelled valgrind: the tool
#                             (run, replay, explore) and every example under memcheck
#   make bench                Release build in build-release, then every bench-* in name order
#   make install PREFIX=DIR   install library, headers, pkg-config file, CMake package, tool
#   make docs                 the default topology's device tree (DOT, SVG) and a timeline in
#                             build/docs/; needs graphviz (scripts/deps.sh --docs), check does not
#   make fuzz                 libFuzzer targets in build-fuzz (clang, $(FUZZ_CC)); AFL++ ones
#                             in build-afl if afl-clang-fast is installed
#   make fuzz FUZZ_SECONDS=N  the same, then run each target N seconds (fuzz/run.sh)
#   make format               clang-format every tracked .c/.h
#   make LINUX_SRC=DIR        build --model linux from the kernel tree DIR
#   make clean                remove the build trees
SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CTEST_JOBS ?= 2
SAN_CC ?= clang
FUZZ_CC ?= clang
AFL_CC ?= afl-clang-fast
CLANG_FORMAT ?= clang-format

ifeq ($(SANITIZE),1)
BUILD := build-san
CMAKE_FLAGS := -DCXLSIM_SANITIZE=ON -DCXLSIM_TSAN=OFF -DCMAKE_C_COMPILER=$(SAN_CC)
else ifeq ($(TSAN),1)
BUILD := build-tsan
CMAKE_FLAGS := -DCXLSIM_TSAN=ON -DCXLSIM_SANITIZE=OFF -DCMAKE_C_COMPILER=$(SAN_CC)
else
BUILD := build
# make's built-in CC is "cc"; pass CC on only when the user set it.
ifneq ($(filter environment% command%,$(origin CC)),)
CMAKE_FLAGS := -DCMAKE_C_COMPILER=$(CC)
endif
# Said every time, so that a plain `make check` after a VALGRIND=1 one drops them again.
ifeq ($(VALGRIND),1)
CMAKE_FLAGS += -DCXLSIM_VALGRIND=ON
else
CMAKE_FLAGS += -DCXLSIM_VALGRIND=OFF
endif
endif

# make LINUX_SRC=/path/to/linux: build --model linux from that kernel tree
# (otherwise from linux-source-6.12 when installed; cmake/linux.cmake).
ifdef LINUX_SRC
CMAKE_FLAGS += -DCXLSIM_LINUX_SRC=$(abspath $(LINUX_SRC))
endif

.PHONY: all deps configure build demo check bench install docs fuzz format clean

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
ifeq ($(TSAN),1)
	@if ctest --test-dir $(BUILD) --print-labels | grep -qx '  tsan'; then \
		ctest --test-dir $(BUILD) --output-on-failure -j$(CTEST_JOBS) -L '^tsan$$'; \
	else \
		ctest --test-dir $(BUILD) --output-on-failure -j$(CTEST_JOBS); \
	fi
else ifeq ($(VALGRIND),1)
	@ctest --test-dir $(BUILD) --output-on-failure -j$(CTEST_JOBS) -L '^valgrind$$'
else
	@ctest --test-dir $(BUILD) --output-on-failure -j$(CTEST_JOBS)
endif

bench: deps
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j $(JOBS)
	@for b in $$(ls build-release/bench/bench-* 2>/dev/null | LC_ALL=C sort); do \
		[[ -x $$b ]] || continue; \
		echo "== $${b##*/}"; $$b || exit 1; \
	done

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

DOCS := build/docs
docs: build
	@scripts/deps.sh --docs
	@mkdir -p $(DOCS)
	@# Exit 1 only says the run violated a property; the files are written either way.
	@$(BUILD)/tools/cxlsim/cxlsim run --trace none --dot $(DOCS)/device-tree.dot \
		--timeline $(DOCS)/timeline.json >$(DOCS)/verdict.txt; [[ $$? -le 1 ]]
	@dot -Tsvg $(DOCS)/device-tree.dot -o $(DOCS)/device-tree.svg
	@echo "$(DOCS)/device-tree.svg (dot -Tsvg), $(DOCS)/timeline.json (open in Perfetto)"

fuzz: deps
	@cmake -S . -B build-fuzz -DCXLSIM_FUZZ=ON -DCXLSIM_BUILD_TESTS=OFF \
		-DCMAKE_C_COMPILER=$(FUZZ_CC) >/dev/null
	@cmake --build build-fuzz -j $(JOBS) --target fuzz-schedule fuzz-topology
	@if command -v $(AFL_CC) >/dev/null; then \
		cmake -S . -B build-afl -DCXLSIM_BUILD_TESTS=OFF -DCMAKE_C_COMPILER=$(AFL_CC) \
			>/dev/null && \
		cmake --build build-afl -j $(JOBS) --target afl-schedule afl-topology; \
	else \
		echo "$(AFL_CC) not found: no AFL++ build (Debian: apt-get install afl++)"; \
	fi
ifneq ($(FUZZ_SECONDS),)
	@fuzz/run.sh build-fuzz $(FUZZ_SECONDS)
endif

format:
	@command -v $(CLANG_FORMAT) >/dev/null || \
		{ echo "$(CLANG_FORMAT) not found (Debian: apt-get install clang-format)"; exit 1; }
	@git ls-files -z '*.c' '*.h' | xargs -0 -r $(CLANG_FORMAT) -i

clean:
	@rm -rf build build-san build-tsan build-release
