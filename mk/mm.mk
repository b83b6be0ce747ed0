# Memory management: frame allocator, paging, address spaces, page faults, slab
# and kmalloc (kernel/mm), the portable allocator arithmetic (lib/alloc), their
# host unit tests, the PCID boot test and the kernel-memory benchmark.

ALLOC_LIB_SRCS := lib/alloc/bitmap.c lib/alloc/size_class.c

KERNEL_LIB_SRCS += $(ALLOC_LIB_SRCS)
KERNEL_SRCS += \
	kernel/mm/pmm.c \
	kernel/mm/paging.c \
	kernel/mm/aspace.c \
	kernel/mm/vm_init.c \
	kernel/mm/fault.c \
	kernel/mm/slab.c \
	kernel/mm/heap.c \
	kernel/mm/heap_debug.c \
	kernel/mm/mm_init.c \
	kernel/mm/mm_bench.c \
	kernel/mm/tests/pmm_tests.c \
	kernel/mm/tests/paging_tests.c \
	kernel/mm/tests/aspace_tests.c \
	kernel/mm/tests/heap_tests.c \
	kernel/mm/tests/slab_tests.c

$(eval $(call host_test,alloc,tests/host/alloc_test.c $(ALLOC_LIB_SRCS),))

# The mm suite again on `-cpu max`: SMEP and SMAP on, the user-access checks run
# (the default qemu64 has neither). PCID is used whenever CPUID offers it, but
# QEMU 7.2's TCG does not emulate it; see docs/memory.md.
TEST_STEPS += boot-mm-cpu-max
test-step-boot-mm-cpu-max: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-mm-cpu-max $(QEMU_RUN) --name boot-mm-cpu-max --kernel $(KERNEL_ELF) --cpu max \
		--append "test=mm" --test-mode --expect-text "SMEP on, SMAP on" \
		--log $(BOOT_LOGS)/boot-mm-cpu-max.log --timeout 300

# ns per operation for kmalloc/kfree, slab alloc/free and frame alloc/free.
BENCH_STEPS += mm
bench-step-mm: $(KERNEL_ELF)
	$(Q)echo "kernel memory benchmark: QEMU accelerator $(ACCEL)"
	$(Q)$(QEMU_RUN) --name bench-mm --kernel $(KERNEL_ELF) --append "bench=mm" \
		--log $(BUILD)/boot-logs/bench-mm.log --timeout 600 | grep -E '^(BENCH|bench)'

# The monitor's memory commands: meminfo counters and a page-table walk.
TEST_STEPS += boot-mm-monitor
test-step-boot-mm-monitor: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-mm-monitor $(QEMU_RUN) --name boot-mm-monitor --kernel $(KERNEL_ELF) \
		--expect-exit 0 --step 'expect:aether> ' --step type:meminfo \
		--step 'expect:frames: ' --step 'expect:kmalloc-2048' \
		--step 'expect:aether> ' --step 'type:vmwalk ffff800000200000' \
		--step 'expect:-> phys 0x200000, RW NX kernel 2MiB' \
		--step 'expect:aether> ' --step 'type:vmwalk 0' --step 'expect:-> not mapped' \
		--step 'expect:aether> ' --step type:halt --expect-text 'System halted.' \
		--log $(BOOT_LOGS)/boot-mm-monitor.log --timeout 120

# The PCID path of the address-space switch (CR4.PCIDE, PCIDs in CR3, CR3_NOFLUSH)
# cannot run under QEMU 7.2's TCG, which does not emulate PCID; see docs/memory.md,
# "What runs where". Two steps run it where the machine allows:
#
# boot-kvm-pcid: test=mm under KVM with `-cpu qemu64,+pcid` when /dev/kvm is
# usable, the host CPU has PCID and KVM offers it to guests, requiring the lines
# the kernel prints only with CR4.PCIDE on; a failing boot fails the step.
# Otherwise it prints a SKIP line saying which condition is missing (CI may have no
# KVM; the PVM flavour of KVM on the build machines offers no PCID to guests).
TEST_STEPS += boot-kvm-pcid
test-step-boot-kvm-pcid: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-kvm-pcid python3 tests/boot/kvm_pcid.py --name boot-kvm-pcid \
		--kernel $(KERNEL_ELF) --log $(BOOT_LOGS)/boot-kvm-pcid.log --timeout 300

# boot-bochs-pcid: test=mm in Bochs on a Broadwell model (PCID, INVPCID, SMEP, SMAP)
# through GRUB; the PCID lines must appear. Bochs flushes the TLB on every CR3 load
# (it ignores the no-flush hint), so this proves the path runs and is legal, not
# that entries are kept. Prints a SKIP line when Bochs is not installed.
TEST_STEPS += boot-bochs-pcid
test-step-boot-bochs-pcid: $(KERNEL_ELF)
	$(Q)$(RUN_TEST) boot-bochs-pcid python3 tests/boot/bochs_run.py --name boot-bochs-pcid \
		--kernel $(KERNEL_ELF) --append "test=mm" --cpu broadwell_ult \
		--expect-text "vm: CR4.PCIDE is set: address spaces switch with PCIDs" \
		--expect-text "mm: PCID path taken: CR4.PCIDE on" \
		--expect-text "recycled from a destroyed space: its first load flushed" \
		--log $(BOOT_LOGS)/boot-bochs-pcid.log --timeout 600
