# Userland (docs/userland.md): init, sh and the core utilities, written in C
# under user/cmd (one file per program) with shared code in user/lib.
#
# Each program is built twice from the same sources:
#  - for AetherOS: clang --target=wasm32-wasi against wasi-libc, vela-wasm to a
#    VELA object, aelf-link to an executable signed with the build key and its
#    capabilities: $(BUILD)/userland/bin/NAME. mk/ironvfs.mk puts these in /bin
#    of build/disk.img; `make` builds them.
#  - natively with gcc (ASan/UBSan) for the host tests: $(BUILD)/userland/host/NAME.

USER_PROGRAMS := $(sort $(basename $(notdir $(wildcard user/cmd/*.c))))
USER_LIB_SRCS := user/lib/ulib.c user/lib/integrity.c
USER_DIR := $(BUILD)/userland
USER_BIN := $(USER_DIR)/bin
USER_HOST_BIN := $(USER_DIR)/host

# Extra sources of some programs (portable lib/ code compiled into them).
USER_CRYPTO_SRCS := lib/crypto/sha256.c lib/crypto/sha512.c lib/crypto/ed25519.c \
	lib/crypto/ge25519.c lib/crypto/sc25519.c lib/crypto/wipe.c
USER_SRCS_sh := user/lib/sh_parse.c lib/tty/lineedit.c
USER_SRCS_sha256sum := lib/crypto/sha256.c lib/crypto/wipe.c
USER_SRCS_verify := lib/aelf/aelf.c lib/vela/obj.c $(USER_CRYPTO_SRCS)

# Capabilities (aelf-link --caps): what each program's system calls need.
# vela-wasm emits only the WASI routines a module imports, and the kernel
# proves constant system calls against this set at load.
USER_CAPS_BASE := fs_read
USER_CAPS_NONE := true false echo uname date sleep
USER_CAPS_mkdir := fs_read,fs_write
USER_CAPS_rmdir := fs_read,fs_write
USER_CAPS_rm := fs_read,fs_write
USER_CAPS_mv := fs_read,fs_write
USER_CAPS_cp := fs_read,fs_write
USER_CAPS_init := fs_read,proc
USER_CAPS_sh := fs_read,fs_write,proc
USER_CAPS_kill := proc
$(foreach p,$(USER_CAPS_NONE),$(eval USER_CAPS_$(p) := none))
USER_STACK := 64K

# Optimisation level of the wasm build (USER_WASM_OPT_NAME overrides -O2 for
# one program).
USER_WASM_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Iuser/lib -Iuser/include -Ilib
USER_HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Iuser/lib -Ilib \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Programs with any file access adopt $PWD at start (user/lib/cwd_inherit_wasm.c);
# that costs a stat, which the capability-less ones may not make.
user_wasm_srcs = user/lib/sys_wasm.c $(if $(filter $(1),$(USER_CAPS_NONE)),,user/lib/cwd_inherit_wasm.c)

define user_program
$(USER_DIR)/wasm/$(1).wasm: user/cmd/$(1).c $(USER_LIB_SRCS) $(call user_wasm_srcs,$(1)) $(USER_SRCS_$(1)) \
		$(wildcard user/lib/*.h)
	@mkdir -p $$(@D)
	@echo "  WASMCC  $$@"
	$(Q)$(CLANG) --target=wasm32-wasi $(or $(USER_WASM_OPT_$(1)),-O2) $(USER_WASM_CFLAGS) \
		-o $$@ user/cmd/$(1).c \
		$(USER_LIB_SRCS) $(call user_wasm_srcs,$(1)) $(USER_SRCS_$(1))
$(USER_DIR)/vo/$(1).vo: $(USER_DIR)/wasm/$(1).wasm $(BUILD)/host/bin/vela-wasm
	@mkdir -p $$(@D)
	@echo "  VWASM   $$@"
	$(Q)$(BUILD)/host/bin/vela-wasm $$< -o $$@
$(USER_BIN)/$(1): $(USER_DIR)/vo/$(1).vo $(AELF_LINK) $(BUILD_KEY_SEC)
	@mkdir -p $$(@D)
	@echo "  AELF    $$@"
	$(Q)$(AELF_LINK) $$< -o $$@ --key $(BUILD_KEY_SEC) --stack $(USER_STACK) \
		--caps $(or $(USER_CAPS_$(1)),$(USER_CAPS_BASE))
$(USER_HOST_BIN)/$(1): user/cmd/$(1).c $(USER_LIB_SRCS) user/lib/sys_host.c $(USER_SRCS_$(1)) \
		$(wildcard user/lib/*.h)
	@mkdir -p $$(@D)
	@echo "  USERCC  $$@"
	$(Q)$(HOST_CC) $(USER_HOST_CFLAGS) -o $$@ user/cmd/$(1).c $(USER_LIB_SRCS) \
		user/lib/sys_host.c $(USER_SRCS_$(1))
endef
$(foreach p,$(USER_PROGRAMS),$(eval $(call user_program,$(p))))

USER_AELFS := $(addprefix $(USER_BIN)/,$(USER_PROGRAMS))
USER_HOST_PROGRAMS := $(addprefix $(USER_HOST_BIN)/,$(USER_PROGRAMS))
.SECONDARY: $(addprefix $(USER_DIR)/vo/,$(addsuffix .vo,$(USER_PROGRAMS))) \
	$(addprefix $(USER_DIR)/wasm/,$(addsuffix .wasm,$(USER_PROGRAMS)))

.PHONY: userland userland-host
userland: $(USER_AELFS)
userland-host: $(USER_HOST_PROGRAMS)
all: userland
test-prereqs: userland userland-host

# ---------------------------------------------------------------- tests
# user-host: every program, natively, against expected output and exit status
# (tests/user/host_test.sh); user-vela: the wasm builds under vela-run against
# the native ones; user-qemu: scripted console sessions on the booted system,
# with a power cycle in the middle (tests/user/qemu_session.sh).
TEST_STEPS += user-host user-vela user-qemu
.PHONY: test-step-user-host test-step-user-vela test-step-user-qemu
test-step-user-host: $(USER_HOST_PROGRAMS)
	$(Q)$(RUN_TEST) user-host tests/user/host_test.sh $(USER_HOST_BIN) $(USER_DIR)/host-work
test-step-user-vela: $(USER_HOST_PROGRAMS) $(USER_AELFS) $(BUILD)/host/bin/vela-run
	$(Q)$(RUN_TEST) user-vela tests/user/vela_test.sh $(BUILD)/host/bin/vela-run $(USER_DIR)/vo \
		$(USER_HOST_BIN) $(USER_DIR)/vela-work
test-step-user-qemu: $(KERNEL_ELF) $(USER_AELFS) $(MKIRONFS) $(IVFS_BUILD_KEY)
	$(Q)$(RUN_TEST) user-qemu tests/user/qemu_session.sh $(KERNEL_ELF) $(MKIRONFS) \
		$(IVFS_BUILD_KEY) $(USER_BIN) $(USER_DIR)/qemu-work $(BOOT_LOGS)

# build/disk.img (mk/ironvfs.mk) carries the programs in /bin. The disk is kept
# across builds (it is the persistent root): `make run FRESH=1` installs new
# programs, at the price of the files written so far.
$(DISK_IMG): | $(USER_AELFS)
