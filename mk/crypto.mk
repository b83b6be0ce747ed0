# lib/crypto (SHA-2, Ed25519, ChaCha20-Poly1305, FNV-1a, DRBG), tools/aether-sign,
# their tests and the crypto benchmark.

# Portable sources: linked into the kernel and into every host user.
CRYPTO_SRCS := \
	lib/crypto/aead.c \
	lib/crypto/chacha20.c \
	lib/crypto/chacha20_blocks.c \
	lib/crypto/drbg.c \
	lib/crypto/ed25519.c \
	lib/crypto/fnv1a.c \
	lib/crypto/ge25519.c \
	lib/crypto/poly1305.c \
	lib/crypto/sc25519.c \
	lib/crypto/selftest.c \
	lib/crypto/sha256.c \
	lib/crypto/sha512.c \
	lib/crypto/wipe.c
# The host set: crypto_random_bytes from getrandom (the kernel provides its own)
# and the vectorised ChaCha20 block back end in place of the one-block one.
CRYPTO_HOST_SRCS := $(filter-out lib/crypto/chacha20_blocks.c,$(CRYPTO_SRCS)) \
	lib/crypto/chacha20_blocks_vec.c lib/crypto/random_host.c

KERNEL_LIB_SRCS += $(CRYPTO_SRCS)

CRYPTO_VECTORS := ../shared/vectors/wycheproof
CRYPTO_GEN := $(BUILD)/gen/crypto

# ---------------------------------------------------------------- aether-sign
$(eval $(call host_tool,aether-sign,tools/aether-sign/aether-sign.c $(CRYPTO_HOST_SRCS),))

# ---------------------------------------------------------------- unit tests
# Wycheproof JSON -> C table, at build time.
$(CRYPTO_GEN)/wycheproof_vectors.h: tests/crypto/wycheproof_to_c.py \
		$(wildcard $(CRYPTO_VECTORS)/*.json)
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)python3 tests/crypto/wycheproof_to_c.py $(CRYPTO_VECTORS) $@

$(BUILD)/hosttest/tests/crypto/crypto_test.o: $(CRYPTO_GEN)/wycheproof_vectors.h
$(BUILD)/hosttest/tests/crypto/crypto_test.o: HOST_TEST_CFLAGS += -I$(CRYPTO_GEN)

$(eval $(call host_test,crypto,tests/crypto/crypto_test.c tests/crypto/crypto_diff_test.c \
	tests/crypto/crypto_internal_test.c $(CRYPTO_HOST_SRCS),-lsodium))

# The known-answer self-tests (the ones the kernel runs as suite "crypto"),
# one [OK] crypto:NAME line each.
CRYPTO_SELFTEST := $(BUILD)/hosttest/bin/crypto_selftest
$(CRYPTO_SELFTEST): $(patsubst %.c,$(BUILD)/hosttest/%.o,tests/crypto/selftest_main.c $(CRYPTO_SRCS))
	@mkdir -p $(@D)
	@echo "  TESTLD  $@"
	$(Q)$(HOST_CC) $(HOST_TEST_CFLAGS) -o $@ $^
HOST_TESTS += $(CRYPTO_SELFTEST)
TEST_STEPS += crypto-selftest
.PHONY: test-step-crypto-selftest
test-step-crypto-selftest: $(CRYPTO_SELFTEST)
	$(Q)$(RUN_TEST) crypto-selftest $(CRYPTO_SELFTEST)

# Constant-time check: memcheck on a build without sanitizers, secrets marked
# undefined; any branch or table index on them is reported as an error. Both
# ChaCha20 back ends are checked: the host one in the AEAD, the portable one
# through CRYPTO_CT_PORTABLE.
CRYPTO_CT := $(BUILD)/host/bin/crypto_ct_check
CRYPTO_CT_CFLAGS := -std=gnu11 -O2 -g $(COMMON_WARN) -Ilib -DCRYPTO_CT_CHECK=1
$(CRYPTO_CT): tests/crypto/ct_check.c $(CRYPTO_HOST_SRCS) $(wildcard lib/crypto/*.h)
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(CRYPTO_CT_CFLAGS) -o $@ tests/crypto/ct_check.c $(CRYPTO_HOST_SRCS)
$(CRYPTO_CT)-portable: tests/crypto/ct_check.c $(CRYPTO_SRCS) $(wildcard lib/crypto/*.h)
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(CRYPTO_CT_CFLAGS) -o $@ tests/crypto/ct_check.c $(CRYPTO_SRCS)
HOST_TESTS += $(CRYPTO_CT) $(CRYPTO_CT)-portable
TEST_STEPS += crypto-ct
.PHONY: test-step-crypto-ct
test-step-crypto-ct: $(CRYPTO_CT) $(CRYPTO_CT)-portable
	$(Q)$(RUN_TEST) crypto-ct tests/crypto/ct_check.sh $(CRYPTO_CT) $(CRYPTO_CT)-portable

# aether-sign command-line contract, including bad input (exit 2, no crash).
TEST_STEPS += aether-sign
.PHONY: test-step-aether-sign
test-step-aether-sign: $(BUILD)/host/bin/aether-sign
	$(Q)$(RUN_TEST) aether-sign tests/crypto/aether_sign_test.sh $(BUILD)/host/bin/aether-sign

# ---------------------------------------------------------------- benchmark
CRYPTO_BENCH := $(BUILD)/host/bin/crypto_bench
$(CRYPTO_BENCH): $(patsubst %.c,$(BUILD)/host/%.o,bench/crypto/crypto_bench.c $(CRYPTO_HOST_SRCS))
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^ -lsodium
bench-prereqs: $(CRYPTO_BENCH)
BENCH_STEPS += crypto
.PHONY: bench-step-crypto
bench-step-crypto: $(CRYPTO_BENCH)
	$(Q)$(CRYPTO_BENCH)

# ---------------------------------------------------------------- fuzzing
# Differential fuzzer against libsodium, run for CRYPTO_FUZZ_SECONDS in `make test`
# (longer: make test-only STEPS=crypto-fuzz CRYPTO_FUZZ_SECONDS=3600).
CRYPTO_FUZZ_SECONDS ?= 20
CRYPTO_FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -Ilib \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
CRYPTO_FUZZ := $(BUILD)/fuzz/crypto_fuzz
$(CRYPTO_FUZZ): tests/crypto/fuzz_crypto.c $(CRYPTO_HOST_SRCS) $(wildcard lib/crypto/*.h)
	@mkdir -p $(@D)
	@echo "  FUZZLD  $@"
	$(Q)$(CLANG) $(CRYPTO_FUZZ_CFLAGS) -o $@ $(filter %.c,$^) -lsodium

test-prereqs: $(CRYPTO_FUZZ)
TEST_STEPS += crypto-fuzz
.PHONY: test-step-crypto-fuzz
test-step-crypto-fuzz: $(CRYPTO_FUZZ)
	$(Q)$(RUN_TEST) crypto-fuzz tests/crypto/fuzz.sh $(CRYPTO_FUZZ) $(BUILD)/crypto/fuzz-corpus \
		$(CRYPTO_FUZZ_SECONDS)
