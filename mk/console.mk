# Console: VGA text, PS/2 keyboard, the TTY layer (kernel), the portable
# terminal logic in lib/tty (decoder, keymap, line discipline, line editor,
# text screen), its host unit tests, and the QEMU keyboard/screen test.

TTY_LIB_SRCS := lib/tty/scancode.c lib/tty/keymap.c lib/tty/ldisc.c lib/tty/lineedit.c \
	lib/tty/textscreen.c

KERNEL_LIB_SRCS += $(TTY_LIB_SRCS)
KERNEL_SRCS += \
	kernel/drivers/vga.c \
	kernel/drivers/i8042.c \
	kernel/drivers/ps2kbd.c \
	kernel/tty/tty.c \
	kernel/tty/tty_irq.c \
	kernel/tty/tty_monitor.c \
	kernel/tty/console_tests.c

# Host unit tests of the portable logic (cmocka, ASan+UBSan).
$(eval $(call host_test,tty-scancode,tests/console/scancode_test.c lib/tty/scancode.c lib/tty/keymap.c,))
$(eval $(call host_test,tty-ldisc,tests/console/ldisc_test.c lib/tty/ldisc.c,))
$(eval $(call host_test,tty-lineedit,tests/console/lineedit_test.c lib/tty/lineedit.c lib/tty/textscreen.c,))
$(eval $(call host_test,tty-textscreen,tests/console/textscreen_test.c lib/tty/textscreen.c,))

# QEMU with QMP: PS/2 typing (send-key), VGA contents (vgadump), screenshots
# (screendump -> PNG) kept in build/console/.
TEST_STEPS += console-qemu
.PHONY: test-step-console-qemu
test-step-console-qemu: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) console-qemu python3 tests/console/qemu_console_test.py \
		--kernel $(KERNEL_ELF) --out $(BUILD)/console

# The in-kernel console self-tests (VGA buffer and cursor, keyboard path, TTY).
TEST_STEPS += boot-console
.PHONY: test-step-boot-console
test-step-boot-console: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-console $(QEMU_RUN) --name boot-console --append "test=vga,kbd,tty" \
		--test-mode --log $(BOOT_LOGS)/boot-console.log --timeout 120

# The same checks on the GRUB ISO (multiboot2 path: GRUB must leave text mode).
TEST_STEPS += console-qemu-iso
.PHONY: test-step-console-qemu-iso
test-step-console-qemu-iso: $(KERNEL_ISO)
	$(Q)$(RUN_TEST) console-qemu-iso python3 tests/console/qemu_console_test.py \
		--iso $(KERNEL_ISO) --out $(BUILD)/console-iso

# Random input into every lib/tty component (invariants checked per byte).
$(eval $(call host_test,tty-random,tests/console/tty_random_test.c $(TTY_LIB_SRCS),))

# The boot harness's keyboard steps (kbd:, sendkey:, screendump:) over QMP.
TEST_STEPS += boot-keyboard
.PHONY: test-step-boot-keyboard
test-step-boot-keyboard: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-keyboard $(QEMU_RUN) --name boot-keyboard --expect-exit 0 \
		--step 'expect:aether> ' --step 'kbd:echo Typed On PS/2!' \
		--step 'expect:Typed On PS/2!' --step 'expect:Typed On PS/2!' \
		--step 'expect:aether> ' --step 'sendkey:e d i t ret' --step 'expect:edit> ' \
		--step 'sendkey:a c left b ret' --step 'expect:edit: "abc"' \
		--step 'expect:aether> ' --step 'screendump:$(BUILD)/console/harness-screen.png' \
		--step 'kbd:halt' --expect-text 'System halted.' \
		--log $(BOOT_LOGS)/boot-keyboard.log --timeout 120
