/*
 * Replaces the boot page tables with the kernel's own: a direct map of all
 * physical memory (2 MiB pages, RW, NX, global), the image mapped section by
 * section (text RX, rodata R, data/bss RW; a guard hole below the boot stack),
 * no identity map. Then turns on the CPU's paging protections: CR4.PGE, PCID,
 * SMEP and SMAP when present.
 */
#include "arch/cpu.h"
#include "arch/tlb.h"
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/log.h"
#include "kernel/panic.h"
#include "mm/pmm.h"
#include "vm_internal.h"

#define CPUID_1_EDX_PGE	     (1u << 13)
#define CPUID_1_ECX_PCID     (1u << 17)
#define CPUID_7_EBX_SMEP     (1u << 7)
#define CPUID_7_EBX_INVPCID  (1u << 10)
#define CPUID_7_EBX_SMAP     (1u << 20)
#define CPUID_EXT_EDX_NX     (1u << 20)
#define CPUID_LEAF_FEATURES  1
#define CPUID_LEAF_EXTENDED7 7
#define CPUID_LEAF_EXT_FEAT  0x80000001u

/*
 * Command-line option that leaves SMAP off although CPUID offers it. For
 * hypervisors that advertise SMAP but cannot run STAC/CLAC: the PVM flavour of
 * KVM on the build machines runs the guest kernel deprivileged, traps STAC to
 * KVM's instruction emulator, which has no STAC, and stops the VM with an
 * "emulation failure" (docs/memory.md, "What runs where").
 */
#define CMDLINE_NOSMAP "nosmap"

extern char _text_start[], _rodata_start[], _data_start[], _kernel_end[];
extern char boot_stack_bottom[];

struct vm_features vm_features;
bool vm_ready;

const struct vm_features *vm_cpu_features(void)
{
	return &vm_features;
}

static void detect_features(void)
{
	uint32_t a, b, c, d;
	cpuid(0, 0, &a, &b, &c, &d);
	uint32_t max_leaf = a;
	cpuid(CPUID_LEAF_FEATURES, 0, &a, &b, &c, &d);
	vm_features.pge = d & CPUID_1_EDX_PGE;
	vm_features.pcid = c & CPUID_1_ECX_PCID;
	if (max_leaf >= CPUID_LEAF_EXTENDED7) {
		cpuid(CPUID_LEAF_EXTENDED7, 0, &a, &b, &c, &d);
		vm_features.smep = b & CPUID_7_EBX_SMEP;
		vm_features.smap = b & CPUID_7_EBX_SMAP;
		vm_features.invpcid = b & CPUID_7_EBX_INVPCID;
	}
	if (vm_features.smap && cmdline_get(CMDLINE_NOSMAP)) {
		vm_features.smap = false;
		pr_info("vm: SMAP offered by the CPU but left off (" CMDLINE_NOSMAP
			" on the command line)\n");
	}
	cpuid(CPUID_LEAF_EXT_FEAT, 0, &a, &b, &c, &d);
	/* boot.S sets EFER.NXE when the CPU has NX; trust the MSR. */
	vm_features.nx = (d & CPUID_EXT_EDX_NX) && (rdmsr(MSR_EFER) & EFER_NXE);
}

/*
 * End of physical memory to direct-map: at least 4 GiB (low MMIO such as the VGA
 * buffer and the local APIC is reached through it), and every RAM or ACPI region
 * above. Reserved regions high up (QEMU lists one at 1 TiB) are left out.
 */
static uint64_t direct_map_top(void)
{
	uint64_t top = BOOT_MAP_BYTES;
	for (int i = 0; i < boot_info.mmap_count; i++) {
		uint32_t type = boot_info.mmap[i].type;
		if (type != BOOT_MEM_AVAILABLE && type != BOOT_MEM_ACPI_RECLAIMABLE &&
		    type != BOOT_MEM_ACPI_NVS)
			continue;
		uint64_t end = boot_info.mmap[i].base + boot_info.mmap[i].length;
		if (end > top)
			top = end;
	}
	top = (top + LARGE_PAGE_SIZE - 1) & ~(LARGE_PAGE_SIZE - 1);
	return top > VM_DIRECT_MAP_MAX ? VM_DIRECT_MAP_MAX : top;
}

static void map_or_die(uint64_t va, uint64_t pa, uint64_t size, unsigned flags, const char *what)
{
	int r = vm_map(&vm_kernel_space, va, pa, size, flags);
	if (r)
		panic("vm: cannot map %s (%#lx, %lu bytes): error %d", what, va, size, r);
}

static void map_image_part(uint64_t start, uint64_t end, unsigned flags, const char *what)
{
	if (end > start)
		map_or_die(start, start - KERNEL_VMA, end - start, flags, what);
}

void vm_init(void)
{
	detect_features();
	uint64_t pml4 = vm_table_alloc();
	if (!pml4)
		panic("vm: no frame for the kernel PML4");
	vm_kernel_space.pml4_pa = pml4;
	uint64_t *top = vm_table(pml4);
	/* Every kernel-half PDPT exists from the start, so all spaces share them as they grow. */
	for (unsigned i = PML4_KERNEL_FIRST; i < PT_ENTRIES; i++) {
		uint64_t pdpt = vm_table_alloc();
		if (!pdpt)
			panic("vm: no frame for the kernel PDPTs");
		top[i] = pdpt | PTE_PRESENT | PTE_WRITE;
	}

	uint64_t dm_top = direct_map_top();
	map_or_die(VM_DIRECT_MAP_BASE, 0, dm_top, VM_WRITE | VM_LARGE, "the direct map");
	map_image_part((uint64_t)_text_start, (uint64_t)_rodata_start, VM_EXEC, "kernel text");
	map_image_part((uint64_t)_rodata_start, (uint64_t)_data_start, 0, "kernel rodata");
	uint64_t stack = (uint64_t)boot_stack_bottom;
	kassert(stack % PAGE_SIZE == 0);
	uint64_t guard = stack - PAGE_SIZE;
	map_image_part((uint64_t)_data_start, guard, VM_WRITE, "kernel data");
	map_image_part(stack, (uint64_t)_kernel_end, VM_WRITE, "kernel bss");

	uint64_t cr4 = read_cr4();
	if (vm_features.pge)
		cr4 |= CR4_PGE;
	write_cr4(cr4);
	write_cr3(pml4); /* CR3[11:0] = 0: PCID 0, as CR4.PCIDE requires when it is set */
	if (vm_features.pcid)
		cr4 |= CR4_PCIDE;
	if (vm_features.smep)
		cr4 |= CR4_SMEP;
	if (vm_features.smap)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	vm_ready = true;
	pr_info("vm: kernel tables at %#lx, direct map of %lu MiB, NX %s, PGE %s, PCID %s, SMEP "
		"%s, SMAP %s\n",
		pml4, dm_top >> 20, vm_features.nx ? "on" : "off", vm_features.pge ? "on" : "off",
		vm_features.pcid ? "on" : "off", vm_features.smep ? "on" : "off",
		vm_features.smap ? "on" : "off");
	/* Only printed when the CPU really accepted CR4.PCIDE; boot-kvm-pcid looks for it. */
	if (read_cr4() & CR4_PCIDE)
		pr_info("vm: CR4.PCIDE is set: address spaces switch with PCIDs\n");
}
