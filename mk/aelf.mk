# AELF executables: lib/aelf, tools/aelf-link, the build signing key and tests.
# Source lists of vela and crypto come from their fragments (read later), so the
# tool and test are deferred (see docs/build.md).

AELF_SRCS := lib/aelf/aelf.c
KERNEL_LIB_SRCS += $(AELF_SRCS)

DEFERRED_TOOLS += aelf-link
aelf-link_SRCS = tools/aelf-link/main.c tools/common/file_io.c $(AELF_SRCS) \
	$(VELA_LIB_SRCS) $(CRYPTO_HOST_SRCS)

DEFERRED_TESTS += aelf
aelf_TEST_SRCS = tests/aelf/aelf_test.c $(AELF_SRCS) $(VELA_LIB_SRCS) $(CRYPTO_HOST_SRCS)

# The build signing key: made once per build tree by aether-sign (never committed).
# System programs are signed with it; the kernel's key ring embeds its public half.
# KEY_DIR is shared by every build flavour (the hardened kernel in
# build/hardened trusts the same build key as the dev kernel).
KEY_DIR ?= build/keys
AETHER_SIGN ?= $(BUILD)/host/bin/aether-sign
BUILD_KEY_SEC := $(KEY_DIR)/build.sec
BUILD_KEY_PUB := $(KEY_DIR)/build.pub

$(BUILD_KEY_SEC): | $(AETHER_SIGN)
	@mkdir -p $(@D)
	@echo "  KEYGEN  $@"
	$(Q)$(AETHER_SIGN) keygen $(BUILD_KEY_SEC) $(BUILD_KEY_PUB)
$(BUILD_KEY_PUB): $(BUILD_KEY_SEC)

TEST_STEPS += aelf-link-cli
test-step-aelf-link-cli: $(BUILD)/host/bin/aelf-link $(BUILD)/host/bin/vela-as $(BUILD_KEY_SEC)
	$(Q)$(RUN_TEST) aelf-link-cli tests/aelf/aelf_link_cli.sh $(BUILD)
