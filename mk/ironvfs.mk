# IronVFS: the portable filesystem (lib/ironvfs), host tools (mkironfs,
# ironfs-check), host tests (operations, crash cuts, bit flips, replay) and the
# benchmark. See docs/ironvfs.md.

IRONVFS_SRCS := lib/ironvfs/util.c lib/ironvfs/tree.c lib/ironvfs/sign.c \
	lib/ironvfs/mount.c lib/ironvfs/commit.c lib/ironvfs/dir.c lib/ironvfs/file.c
# The crypto it needs (mk/crypto.mk's CRYPTO_SRCS when that fragment exists).
IRONVFS_CRYPTO_SRCS := $(or $(CRYPTO_SRCS),lib/crypto/sha256.c lib/crypto/sha512.c \
	lib/crypto/ed25519.c lib/crypto/ge25519.c lib/crypto/sc25519.c lib/crypto/fnv1a.c \
	lib/crypto/wipe.c)
IRONVFS_HOST_SRCS := tools/mkironfs/ivfs_host.c
IRONVFS_TEST_SRCS := $(IRONVFS_SRCS) $(IRONVFS_CRYPTO_SRCS) $(IRONVFS_HOST_SRCS) \
	tests/ironvfs/testutil.c

$(eval $(call host_test,ironvfs,tests/ironvfs/basic_test.c $(IRONVFS_TEST_SRCS),))
$(eval $(call host_test,ironvfs-flip,tests/ironvfs/flip_test.c $(IRONVFS_TEST_SRCS),))
$(eval $(call host_test,ironvfs-crash,tests/ironvfs/crash_test.c $(IRONVFS_TEST_SRCS),))

# The full power-cut run (>= 10,000 cut points) is built optimised, without the
# sanitizers, so that it takes seconds rather than minutes.
IRONVFS_CRASH_FULL := $(BUILD)/host/bin/ironvfs-crash-full
$(IRONVFS_CRASH_FULL): $(patsubst %.c,$(BUILD)/host/%.o,tests/ironvfs/crash_test.c $(IRONVFS_TEST_SRCS))
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $^ -lcmocka
$(BUILD)/host/tests/ironvfs/%.o: HOST_CFLAGS += -Itests
HOST_TESTS += $(IRONVFS_CRASH_FULL)
TEST_STEPS += ironvfs-crash
.PHONY: test-step-ironvfs-crash
test-step-ironvfs-crash: $(IRONVFS_CRASH_FULL)
	$(Q)$(RUN_TEST) ironvfs-crash --cmocka $(IRONVFS_CRASH_FULL)

