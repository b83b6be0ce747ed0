# AetherBridge: x86-64 encoder, translator, vela-run native backend, tests, bench.

BRIDGE_X86_SRCS := lib/bridge/x86/x86enc.c

# Encoder checked byte for byte against GNU as (built with the sanitizers).
X86ENC_CHECK := $(BUILD)/hosttest/bin/x86enc_check
$(X86ENC_CHECK): $(patsubst %.c,$(BUILD)/hosttest/%.o,tests/bridge/x86enc_check.c $(BRIDGE_X86_SRCS))
	@mkdir -p $(@D)
	@echo "  TESTLD  $@"
	$(Q)$(HOST_CC) $(HOST_TEST_CFLAGS) -o $@ $^

HOST_TESTS += $(X86ENC_CHECK)
TEST_STEPS += bridge-x86enc
.PHONY: test-step-bridge-x86enc
test-step-bridge-x86enc: $(X86ENC_CHECK)
	$(Q)mkdir -p $(BUILD)/bridge/x86enc
	$(Q)$(RUN_TEST) bridge-x86enc $(X86ENC_CHECK) $(BUILD)/bridge/x86enc
