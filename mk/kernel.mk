# The kernel image: build/kernel/aetheros.elf (multiboot1 + multiboot2), and the ISO.

KERNEL_LDSCRIPT := kernel/arch/x86_64/linker.ld
KERNEL_CFLAGS += -Ikernel/arch/x86_64/include -Ikernel
KERNEL_ASFLAGS += -Ikernel/arch/x86_64/include -Ikernel

KERNEL_SRCS += \
	kernel/arch/x86_64/boot.S \
	kernel/arch/x86_64/isr.S \
	kernel/arch/x86_64/setjmp.S \
	kernel/arch/x86_64/gdt.c \
	kernel/arch/x86_64/idt.c \
	kernel/arch/x86_64/trap.c \
	kernel/boot/multiboot.c \
	kernel/core/cmdline.c \
	kernel/core/console.c \
	kernel/core/kprintf.c \
	kernel/core/main.c \
	kernel/core/monitor.c \
	kernel/core/panic.c \
	kernel/core/power.c \
	kernel/core/random.c \
	kernel/core/time.c \
	kernel/drivers/uart16550.c \
	kernel/lib/string.c \
	kernel/platform/irq.c \
	kernel/platform/lapic.c \
	kernel/platform/pic.c \
	kernel/platform/pit.c \
	kernel/test/ktest.c \
	kernel/test/foundation_tests.c \
	kernel/test/crypto_suite.c

KERNEL_LIB_SRCS += lib/fmt/format.c

.PHONY: kernel iso
kernel: $(KERNEL_ELF)
iso: $(KERNEL_ISO)

# Sources are collected after every fragment is read (this file sorts early),
# hence the deferred expansion in the prerequisite list.
.SECONDEXPANSION:
KERNEL_OBJS = $(patsubst %,$(BUILD)/kernel/obj/%.o,$(KERNEL_SRCS) $(sort $(KERNEL_LIB_SRCS)))

$(KERNEL_ELF): $$(KERNEL_OBJS) $(KERNEL_LDSCRIPT)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(KLD) $(KERNEL_LDFLAGS) -T $(KERNEL_LDSCRIPT) -o $@ $(KERNEL_OBJS)
	$(Q)scripts/check-image.sh $@

$(BUILD)/kernel/obj/%.c.o: %.c
	@mkdir -p $(@D)
	@echo "  KCC     $<"
	$(Q)$(KCC) $(KERNEL_CFLAGS) -c -o $@ $<

$(BUILD)/kernel/obj/%.S.o: %.S
	@mkdir -p $(@D)
	@echo "  KAS     $<"
	$(Q)$(KCC) $(KERNEL_ASFLAGS) -c -o $@ $<

$(KERNEL_ISO): $(KERNEL_ELF) scripts/grub.cfg
	@mkdir -p $(BUILD)/iso/boot/grub
	@echo "  ISO     $@"
	$(Q)cp $(KERNEL_ELF) $(BUILD)/iso/boot/aetheros.elf
	$(Q)cp scripts/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	$(Q)grub-mkrescue -o $@ $(BUILD)/iso >$(BUILD)/iso.log 2>&1 || (cat $(BUILD)/iso.log; exit 1)
