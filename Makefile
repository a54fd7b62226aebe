# Front door: `make demo` and `make test` install what is missing, configure, build and run.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)

.PHONY: all deps build demo test test-asan test-corpus-translated bench clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/warp64 run --raw $(BUILD)/examples/primes.bin --engine auto

bench: build
	$(BUILD)/warp64 bench

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) test-asan

# The core's unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWARP64_SANITIZE=ON -DWARP64_CUDA=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L unit

# The program corpus against qemu-aarch64 with every block translated before it first runs
# (--translate sync; the tests give warp64 an environment of their own, so no cache): a minute
# or two a program on two cores, so not part of `make test`.
test-corpus-translated: build
	cd $(BUILD) && WARP64_CORPUS_OPTIONS="--translate sync" ctest --output-on-failure -j $(JOBS) \
	  -R 'Corpus.SameAsQemu' --timeout 1200

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
