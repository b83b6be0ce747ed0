# IronVFS: the portable filesystem (lib/ironvfs), host tools (mkironfs,
# ironfs-check), host tests (operations, crash cuts, bit flips, replay) and the
# benchmark. See docs/ironvfs.md.

IRONVFS_SRCS := lib/ironvfs/util.c lib/ironvfs/tree.c lib/ironvfs/sign.c \
	lib/ironvfs/mount.c lib/ironvfs/commit.c lib/ironvfs/dir.c lib/ironvfs/file.c
# The crypto it needs: mk/crypto.mk's host set when that fragment exists.
IRONVFS_CRYPTO_SRCS := $(or $(CRYPTO_HOST_SRCS),$(CRYPTO_SRCS),lib/crypto/sha256.c lib/crypto/sha512.c \
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


# Host tools.
$(eval $(call host_tool,mkironfs,tools/mkironfs/mkironfs.c $(IRONVFS_HOST_SRCS) $(IRONVFS_SRCS) $(IRONVFS_CRYPTO_SRCS),))
$(eval $(call host_tool,ironfs-check,tools/ironfs-check/ironfs-check.c $(IRONVFS_HOST_SRCS) $(IRONVFS_SRCS) $(IRONVFS_CRYPTO_SRCS),))
MKIRONFS := $(BUILD)/host/bin/mkironfs
IRONFS_CHECK := $(BUILD)/host/bin/ironfs-check

# Keys (docs/ironvfs.md, "Keys"): generated once into build/keys and kept. The
# build key signs system files off-device; the device key is compiled into the
# kernel, which signs what it writes at run time.
IVFS_KEYDIR := $(BUILD)/keys
IVFS_BUILD_KEY := $(IVFS_KEYDIR)/ironvfs-build.seed
IVFS_DEVICE_KEY := $(IVFS_KEYDIR)/ironvfs-device.seed
$(IVFS_KEYDIR)/%.seed: | $(MKIRONFS)
	@mkdir -p $(@D)
	@echo "  KEYGEN  $@"
	$(Q)$(MKIRONFS) --genkey $@

# mkironfs -> ironfs-check clean -> flip a byte of a named file -> check names it.
TEST_STEPS += ironvfs-tools
.PHONY: test-step-ironvfs-tools
test-step-ironvfs-tools: $(MKIRONFS) $(IRONFS_CHECK) $(IVFS_BUILD_KEY) $(IVFS_DEVICE_KEY)
	$(Q)$(RUN_TEST) ironvfs-tools tests/ironvfs/tools_test.sh $(MKIRONFS) $(IRONFS_CHECK) \
		$(IVFS_BUILD_KEY) $(IVFS_DEVICE_KEY) $(BUILD)/ironvfs-tools

# make bench: host numbers (docs/PERFORMANCE.md, "IronVFS").
$(BUILD)/host/tests/ironvfs/%.o: HOST_CFLAGS += -Itests
$(eval $(call host_tool,ironvfs-bench,tests/ironvfs/bench.c tests/ironvfs/testutil.c $(IRONVFS_HOST_SRCS) $(IRONVFS_SRCS) $(IRONVFS_CRYPTO_SRCS),))
BENCH_STEPS += ironvfs
.PHONY: bench-step-ironvfs
bench-step-ironvfs: $(BUILD)/host/bin/ironvfs-bench
	$(Q)$(BUILD)/host/bin/ironvfs-bench $(BUILD)/ironvfs-bench.img

# ---------------------------------------------------------------- kernel side
# PCI, virtio-blk (legacy transport, polled), the block cache, and IronVFS
# mounted as the root from the disk with the keys generated into build/gen.
KERNEL_SRCS += kernel/drivers/pci.c kernel/drivers/virtio_blk.c kernel/fs/bcache.c \
	kernel/fs/rootfs.c kernel/fs/rootfs_cmds.c kernel/fs/rootfs_bench.c \
	kernel/fs/rootfs_vfs.c kernel/fs/rootfs_tests.c
KERNEL_LIB_SRCS += $(IRONVFS_SRCS)
IVFS_KEYS_H := $(BUILD)/gen/ironvfs/ivfs_keys.h
$(IVFS_KEYS_H): $(IVFS_BUILD_KEY) $(IVFS_DEVICE_KEY) | $(MKIRONFS)
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)$(MKIRONFS) --kernel-keys $(IVFS_BUILD_KEY) $(IVFS_DEVICE_KEY) $@
$(BUILD)/kernel/obj/kernel/fs/rootfs.c.o: $(IVFS_KEYS_H)
$(BUILD)/kernel/obj/kernel/fs/rootfs.c.o: KERNEL_CFLAGS += -I$(BUILD)/gen/ironvfs

# QEMU: write, power off, boot again, read back; a host-flipped byte is named.
TEST_STEPS += ironvfs-qemu
.PHONY: test-step-ironvfs-qemu
test-step-ironvfs-qemu: $(KERNEL_ELF) $(MKIRONFS) $(IRONFS_CHECK) $(IVFS_BUILD_KEY) $(IVFS_DEVICE_KEY)
	$(Q)$(RUN_TEST) ironvfs-qemu tests/ironvfs/qemu_persist.sh $(MKIRONFS) $(IRONFS_CHECK) \
		$(IVFS_BUILD_KEY) $(IVFS_DEVICE_KEY) $(BUILD)/ironvfs-qemu $(BOOT_LOGS)

# `make run` boots with build/disk.img as the IronVFS root: created on the
# first run by mkironfs (a small build-signed system tree), then kept, so what
# the kernel writes persists across runs; `make run FRESH=1` recreates it.
# (The run rule lives in mk/boot.mk; this adds the disk through RUN_EXTRA.)
DISK_IMG := $(BUILD)/disk.img
DISK_MIB ?= 64
IVFS_ROOT_SRC := $(BUILD)/rootfs-src
ifeq ($(FRESH),1)
.PHONY: $(DISK_IMG)
endif
$(DISK_IMG): | $(MKIRONFS) $(IVFS_BUILD_KEY)
	@rm -rf $(IVFS_ROOT_SRC) && mkdir -p $(IVFS_ROOT_SRC)/etc
	@echo "Welcome to AetherOS. This file was signed with the build key." >$(IVFS_ROOT_SRC)/etc/motd
	@mkdir -p $(IVFS_ROOT_SRC)/bin $(IVFS_ROOT_SRC)/tmp && cp $(USER_AELFS) $(IVFS_ROOT_SRC)/bin/
	$(Q)$(MKIRONFS) -o $@ -k $(IVFS_BUILD_KEY) -s $(DISK_MIB) $(IVFS_ROOT_SRC)
run: $(DISK_IMG)
override RUN_EXTRA += -drive file=$(DISK_IMG),if=none,id=d0,format=raw \
	-device virtio-blk-pci,drive=d0

BENCH_STEPS += ironvfs-qemu
.PHONY: bench-step-ironvfs-qemu
bench-step-ironvfs-qemu: $(KERNEL_ELF) $(MKIRONFS) $(IVFS_BUILD_KEY)
	$(Q)tests/ironvfs/qemu_bench.sh $(MKIRONFS) $(IVFS_BUILD_KEY) $(BUILD)/ironvfs-bench \
		$(BOOT_LOGS)/ironvfs-bench.log

# libFuzzer over the parsers behind the integrity checks (bounded run in make test).
IVFS_FUZZ_SECONDS ?= 30
IVFS_FUZZ := $(BUILD)/fuzz/ironvfs_fuzz_mount
$(IVFS_FUZZ): tests/ironvfs/fuzz_mount.c tests/ironvfs/testutil.c $(IRONVFS_HOST_SRCS) \
	$(IRONVFS_SRCS) $(IRONVFS_CRYPTO_SRCS)
	@mkdir -p $(@D)
	@echo "  FUZZLD  $@"
	$(Q)$(CLANG) -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter -Ilib -Itools \
		-Itests -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-DAETHER_HOST_TEST=1 -DIVFS_FUZZ_UNSAFE_NO_INTEGRITY=1 -o $@ $^
TEST_STEPS += ironvfs-fuzz
test-prereqs: $(IVFS_FUZZ)
.PHONY: test-step-ironvfs-fuzz
test-step-ironvfs-fuzz: $(IVFS_FUZZ)
	$(Q)$(RUN_TEST) ironvfs-fuzz tests/fuzz/vela_run_fuzzer.sh $< $(IVFS_FUZZ_SECONDS)
