# Boot tests (QEMU, TCG by default; ACCEL=kvm to try KVM), the host formatter
# test, and the run/debug targets.

QEMU_RUN := python3 tests/boot/qemu_run.py
BOOT_LOGS := $(BUILD)/boot-logs

$(eval $(call host_test,fmt,tests/host/fmt_test.c lib/fmt/format.c,))

TEST_STEPS += boot-all boot-harness boot-monitor boot-cmdline boot-iso
test-prereqs: $(KERNEL_ELF) $(KERNEL_ISO)

test-step-boot-all: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-all $(QEMU_RUN) --name boot-all --append "test=all" --test-mode \
		--initrd "$(PROC_INITRD)" \
		--log $(BOOT_LOGS)/boot-all.log --timeout 300

test-step-boot-harness: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-harness tests/boot/harness_selftest.sh

# The scripted `make run` session: the monitor answers help, then halt powers off.
test-step-boot-monitor: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-monitor $(QEMU_RUN) --name boot-monitor --expect-exit 0 \
		--step 'expect:aether> ' --step type:help --step expect:meminfo \
		--step 'expect:aether> ' --step type:uptime --step 'expect:up ' \
		--step 'expect:aether> ' --step type:halt --expect-text 'System halted.' \
		--log $(BOOT_LOGS)/boot-monitor.log --timeout 120

# An unknown option is warned about and the boot goes on.
test-step-boot-cmdline: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-cmdline $(QEMU_RUN) --name boot-cmdline \
		--append "test=boot no_such_option=1 loglevel=7" --test-mode \
		--expect-text "cmdline: unknown option 'no_such_option' ignored" \
		--log $(BOOT_LOGS)/boot-cmdline.log --timeout 120

# GRUB (multiboot2) from the ISO under TCG: banner, multiboot2 info parsed, monitor, halt.
test-step-boot-iso: $(KERNEL_ISO)
	$(Q)$(RUN_TEST) boot-iso $(QEMU_RUN) --name boot-iso --iso $(KERNEL_ISO) --expect-exit 0 \
		--step 'expect:AetherOS ' --step 'expect:boot: multiboot2' \
		--step 'expect:aether> ' --step type:meminfo --step 'expect:from multiboot2' \
		--step 'expect:aether> ' --step type:halt --expect-text 'System halted.' \
		--log $(BOOT_LOGS)/boot-iso.log --timeout 180

QEMU_RUN_FLAGS = -accel $(ACCEL) -m 512M -serial mon:stdio -display none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot

.PHONY: run debug
# The example programs ride along as boot modules (/boot/NAME.aelf): try
# `run /boot/hello.aelf` at the monitor prompt.
RUN_MODULES = $(filter %.aelf,$(PROC_TEST_MODULES))
run: deps kernel proc-test-modules
	@echo "AetherOS on QEMU ($(ACCEL)); Ctrl-A X quits QEMU."
	qemu-system-x86_64 $(QEMU_RUN_FLAGS) -kernel $(KERNEL_ELF) -append "$(APPEND)" \
		-initrd "$(subst $(space),$(comma),$(strip $(RUN_MODULES)))" $(RUN_EXTRA)

# QEMU stopped at the first instruction with a GDB stub on :1234; see README.
debug: deps kernel
	qemu-system-x86_64 $(QEMU_RUN_FLAGS) -kernel $(KERNEL_ELF) -append "$(APPEND)" -s -S
