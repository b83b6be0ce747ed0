# Processes: scheduler, ring-3 entry, exec of signed AELF programs, system calls,
# the key ring (generated from the build key), and their boot tests.

KERNEL_SRCS += \
	kernel/arch/x86_64/switch.S \
	kernel/arch/x86_64/syscall_entry.S \
	kernel/arch/x86_64/syscall_init.c \
	kernel/platform/rtc.c \
	kernel/proc/sched.c \
	kernel/proc/sched_tests.c \
	kernel/proc/keyring.c \
	kernel/proc/file.c \
	kernel/proc/console_file.c \
	kernel/proc/pipe.c \
	kernel/proc/vfs.c \
	kernel/proc/bootfs.c \
	kernel/proc/sandbox.c \
	kernel/proc/exec.c \
	kernel/proc/process.c \
	kernel/proc/dispatch.c \
	kernel/proc/syscall.c \
	kernel/proc/services.c \
	kernel/proc/proc_init.c

# The key ring: the build key (every capability) and a test key authorised for
# none, so tests can show a capability refused at load.
KEYRING_H := $(BUILD)/gen/keyring/keyring_keys.h
TEST_KEY_SEC := $(BUILD)/keys/nocaps.sec
TEST_KEY_PUB := $(BUILD)/keys/nocaps.pub

$(TEST_KEY_SEC): | $(BUILD)/host/bin/aether-sign
	@mkdir -p $(@D)
	$(Q)$(BUILD)/host/bin/aether-sign keygen $(TEST_KEY_SEC) $(TEST_KEY_PUB)
$(TEST_KEY_PUB): $(TEST_KEY_SEC)

$(KEYRING_H): $(BUILD_KEY_PUB) $(TEST_KEY_PUB) scripts/gen-keyring.sh
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)scripts/gen-keyring.sh $@ build:0x1f:$(BUILD_KEY_PUB) nocaps:0:$(TEST_KEY_PUB)

$(BUILD)/kernel/obj/kernel/proc/keyring.c.o: $(KEYRING_H)
$(BUILD)/kernel/obj/kernel/proc/keyring.c.o: KERNEL_CFLAGS += -I$(BUILD)/gen/keyring
