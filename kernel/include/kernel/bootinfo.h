/*
 * What the boot loader told us, copied out of the multiboot1 or multiboot2
 * information into kernel memory so the loader's structures can be reused.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stdint.h>

#include "kernel/cmdline.h"

#define BOOT_MAX_MMAP	       64
#define BOOT_MAX_MODULES       64
#define BOOT_NAME_MAX	       64
#define BOOT_MAX_LOADER_RANGES 8

/* Memory-map region types (the multiboot/E820 numbering). */
enum boot_mem_type {
	BOOT_MEM_AVAILABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_ACPI_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_mem_region {
	uint64_t base;
	uint64_t length;
	uint32_t type;
};

struct boot_module {
	uint64_t start; /* physical, inclusive */
	uint64_t end;	/* physical, exclusive */
	char name[BOOT_NAME_MAX];
};

/* Physical bytes [start, end) holding the loader's own information structures. */
struct boot_range {
	uint64_t start;
	uint64_t end;
};

struct boot_info {
	int protocol; /* 1 = multiboot1, 2 = multiboot2, 0 = unknown */
	char cmdline[CMDLINE_MAX];
	char loader[BOOT_NAME_MAX];
	int mmap_count;
	struct boot_mem_region mmap[BOOT_MAX_MMAP];
	int module_count;
	struct boot_module modules[BOOT_MAX_MODULES];
	uint64_t mem_lower_kib, mem_upper_kib; /* from the basic memory info, if given */
	int loader_range_count;		       /* kept reserved by the frame allocator */
	struct boot_range loader_ranges[BOOT_MAX_LOADER_RANGES];
};

#define MULTIBOOT1_LOADER_MAGIC 0x2BADB002
#define MULTIBOOT2_LOADER_MAGIC 0x36D76289

/* Parses the loader's information; returns 0, or -1 for an unknown magic. */
int bootinfo_parse(uint32_t magic, uint64_t info_phys, struct boot_info *out);

extern struct boot_info boot_info;

#endif
