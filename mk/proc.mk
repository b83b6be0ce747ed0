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
	kernel/proc/proc_init.c \
	kernel/proc/proc_bench.c \
	kernel/proc/proc_monitor.c \
	kernel/proc/memfile.c \
	kernel/proc/procfs.c \
	kernel/proc/devfs.c \
	kernel/proc/init_start.c

# The key ring: the build key (every capability) and a test key authorised for
# none, so tests can show a capability refused at load.
KEYRING_H := $(BUILD)/gen/keyring/keyring_keys.h
TEST_KEY_SEC := $(KEY_DIR)/nocaps.sec
TEST_KEY_PUB := $(KEY_DIR)/nocaps.pub

$(TEST_KEY_SEC): | $(AETHER_SIGN)
	@mkdir -p $(@D)
	$(Q)$(AETHER_SIGN) keygen $(TEST_KEY_SEC) $(TEST_KEY_PUB)
$(TEST_KEY_PUB): $(TEST_KEY_SEC)

$(KEYRING_H): $(BUILD_KEY_PUB) $(TEST_KEY_PUB) scripts/gen-keyring.sh
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	$(Q)scripts/gen-keyring.sh $@ build:0x1f:$(BUILD_KEY_PUB) nocaps:0:$(TEST_KEY_PUB)

$(BUILD)/kernel/obj/kernel/proc/keyring.c.o: $(KEYRING_H)
$(BUILD)/kernel/obj/kernel/proc/keyring.c.o: KERNEL_CFLAGS += -I$(BUILD)/gen/keyring

# ---------------------------------------------------------------- test programs
# VELA programs run by the kernel's "proc" suite, passed as boot modules:
# every example of examples/vela (signed, no capabilities), the tests of
# tests/proc, and deliberately bad executables (tampered, unsigned, signed by
# the key that has no authority).
USER_TEST_DIR := $(BUILD)/user/test
AELF_LINK := $(BUILD)/host/bin/aelf-link
EXAMPLE_NAMES := $(patsubst examples/vela/%.vs,%,$(wildcard examples/vela/*.vs))
PROC_TEST_NAMES := exit42 spawn_wait pipe_pair busy nocap_spawn chaos stress hostile \
	echo_args spawn_args procfiles trap_div_overflow trap_break trap_call_depth trap_pc

# Capabilities and sandbox sizes of the tests (default: none, 1 MiB, stack 16 KiB).
LINK_FLAGS_spawn_wait := --caps proc
LINK_FLAGS_pipe_pair := --caps proc
LINK_FLAGS_spawn_args := --caps proc
LINK_FLAGS_procfiles := --caps fs_read,fs_write
LINK_FLAGS_hostile := --caps fs_read,fs_write --mem 64K --stack 4K
LINK_FLAGS_stress := --caps fs_read --mem 64K --stack 4K

$(USER_TEST_DIR)/%.vo: examples/vela/%.vs $(wildcard examples/vela/*.inc) $(BUILD)/host/bin/vela-as
	@mkdir -p $(@D)
	$(Q)$(BUILD)/host/bin/vela-as $< -o $@
$(USER_TEST_DIR)/%.vo: tests/proc/%.vs $(wildcard tests/proc/*.inc) $(BUILD)/host/bin/vela-as
	@mkdir -p $(@D)
	$(Q)$(BUILD)/host/bin/vela-as $< -o $@
$(USER_TEST_DIR)/%.aelf: $(USER_TEST_DIR)/%.vo $(AELF_LINK) $(BUILD_KEY_SEC)
	$(Q)$(AELF_LINK) $< -o $@ --key $(BUILD_KEY_SEC) --stack 16K $(LINK_FLAGS_$*)

$(USER_TEST_DIR)/hello_unsigned.aelf: $(USER_TEST_DIR)/hello.vo $(AELF_LINK)
	$(Q)$(AELF_LINK) $< -o $@ --unsigned --stack 16K
$(USER_TEST_DIR)/hello_nocapskey.aelf: $(USER_TEST_DIR)/hello.vo $(AELF_LINK) $(TEST_KEY_SEC)
	$(Q)$(AELF_LINK) $< -o $@ --key $(TEST_KEY_SEC) --caps proc --stack 16K
# One flipped bit in the code section: the signature no longer matches.
$(USER_TEST_DIR)/hello_tampered.aelf: $(USER_TEST_DIR)/hello.aelf
	$(Q)cp $< $@.tmp && printf '\x01' | dd of=$@.tmp bs=1 seek=260 conv=notrunc status=none && mv $@.tmp $@

PROC_TEST_MODULES := $(addprefix $(USER_TEST_DIR)/,$(addsuffix .aelf,$(EXAMPLE_NAMES) \
	$(PROC_TEST_NAMES) hello_unsigned hello_nocapskey hello_tampered))

EXAMPLES_TABLE_H := $(BUILD)/gen/proc/examples_table.h
$(EXAMPLES_TABLE_H): scripts/gen-example-table.py $(wildcard examples/vela/*)
	@mkdir -p $(@D)
	$(Q)python3 scripts/gen-example-table.py $@ $(wildcard examples/vela/*.vs)
$(BUILD)/kernel/obj/kernel/proc/proc_tests.c.o: $(EXAMPLES_TABLE_H)
$(BUILD)/kernel/obj/kernel/proc/proc_tests.c.o: KERNEL_CFLAGS += -I$(BUILD)/gen/proc
KERNEL_SRCS += kernel/proc/proc_tests.c

comma := ,
empty :=
space := $(empty) $(empty)
PROC_INITRD = $(subst $(space),$(comma),$(strip $(PROC_TEST_MODULES)))

.PHONY: proc-test-modules
proc-test-modules: $(PROC_TEST_MODULES)
test-prereqs: proc-test-modules

# boot-all (mk/boot.mk) boots every suite with these programs as modules.
test-step-boot-all: $(PROC_TEST_MODULES)
.SECONDARY: $(patsubst %.aelf,%.vo,$(PROC_TEST_MODULES))

# The hardened kernel (make HARDENED=1, no signature bypass compiled in) runs
# the process suite: the unsigned program must be refused, everything else the same.
HARDENED_BUILD := $(BUILD)/hardened
HARDENED_ELF := $(HARDENED_BUILD)/kernel/aetheros.elf
TEST_STEPS += boot-hardened
.PHONY: hardened-kernel
hardened-kernel: $(BUILD_KEY_PUB) $(TEST_KEY_PUB)
	$(Q)$(MAKE) --no-print-directory BUILD=$(HARDENED_BUILD) HARDENED=1 KEY_DIR=$(KEY_DIR) \
		AETHER_SIGN=$(AETHER_SIGN) $(HARDENED_ELF)
test-prereqs: hardened-kernel
test-step-boot-hardened: hardened-kernel $(PROC_TEST_MODULES)
	$(Q)$(RUN_TEST) boot-hardened $(QEMU_RUN) --name boot-hardened --kernel $(HARDENED_ELF) \
		--append "test=proc" --initrd "$(PROC_INITRD)" --test-mode \
		--expect-text "build: HARDENED" --expect-text "unsigned program refused" \
		--log $(BOOT_LOGS)/boot-hardened.log --timeout 600

# ---------------------------------------------------------------- benchmark
BENCH_PROC_DIR := $(BUILD)/user/bench
$(BENCH_PROC_DIR)/big.vs: scripts/gen-big-vela.py
	@mkdir -p $(@D)
	$(Q)python3 scripts/gen-big-vela.py $@
$(BENCH_PROC_DIR)/%.vo: bench/proc/%.vs $(BUILD)/host/bin/vela-as
	@mkdir -p $(@D)
	$(Q)$(BUILD)/host/bin/vela-as $< -o $@
$(BENCH_PROC_DIR)/%.vo: $(BENCH_PROC_DIR)/%.vs $(BUILD)/host/bin/vela-as
	$(Q)$(BUILD)/host/bin/vela-as $< -o $@
$(BENCH_PROC_DIR)/%.aelf: $(BENCH_PROC_DIR)/%.vo $(AELF_LINK) $(BUILD_KEY_SEC)
	$(Q)$(AELF_LINK) $< -o $@ --key $(BUILD_KEY_SEC) --stack 16K
BENCH_PROC_MODULES := $(addprefix $(BENCH_PROC_DIR)/,getpid.aelf loop.aelf big.aelf)
.SECONDARY: $(patsubst %.aelf,%.vo,$(BENCH_PROC_MODULES)) $(BENCH_PROC_DIR)/big.vs

BENCH_STEPS += proc
bench-step-proc: $(KERNEL_ELF) $(BENCH_PROC_MODULES)
	$(Q)echo "process benchmark: QEMU accelerator $(ACCEL)"
	$(Q)$(QEMU_RUN) --name bench-proc --append "bench=proc" \
		--initrd "$(subst $(space),$(comma),$(BENCH_PROC_MODULES))" \
		--log $(BUILD)/boot-logs/bench-proc.log --timeout 600 | grep -E '^(BENCH|bench)'

# The monitor starts programs: run (output, exit status, a trap), ps, keyring.
TEST_STEPS += boot-monitor-run
test-step-boot-monitor-run: $(KERNEL_ELF) $(USER_TEST_DIR)/hello.aelf $(USER_TEST_DIR)/trap_oob_store.aelf
	$(Q)$(RUN_TEST) boot-monitor-run $(QEMU_RUN) --name boot-monitor-run --expect-exit 0 \
		--initrd "$(USER_TEST_DIR)/hello.aelf,$(USER_TEST_DIR)/trap_oob_store.aelf" \
		--step 'expect:aether> ' --step 'type:run /boot/hello.aelf' --step 'expect:Hello, VELA!' \
		--step 'expect:exited with status 0' --step 'expect:aether> ' \
		--step 'type:run /boot/trap_oob_store.aelf' \
		--step 'expect:out-of-bounds store at pc=0x8 addr=0xfffc' --step 'expect:ended by trap 2' \
		--step 'expect:aether> ' --step type:ps --step 'expect:2 programs started' \
		--step 'expect:aether> ' --step type:keyring --step "expect:'nocaps'" \
		--step 'expect:aether> ' --step 'type:run /boot/nothere.aelf' --step 'expect:cannot read' \
		--step 'expect:aether> ' --step type:halt --expect-text 'System halted.' \
		--log $(BOOT_LOGS)/boot-monitor-run.log --timeout 120
