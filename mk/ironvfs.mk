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
