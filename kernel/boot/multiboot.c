/*
 * Multiboot1 and multiboot2 information parsing (layouts from the Multiboot
 * 0.6.96 and Multiboot2 1.0 specifications). Everything is bounds-checked: a
 * malformed structure truncates what we copy, it never makes us read wildly.
 */
#include <stddef.h>
#include <string.h>

#include "kernel/bootinfo.h"
#include "kernel/layout.h"

struct boot_info boot_info;

/* ---- multiboot1 ---- */
#define MB1_INFO_CMDLINE (1u << 2)
#define MB1_INFO_MODS	 (1u << 3)
#define MB1_INFO_MEM	 (1u << 0)
#define MB1_INFO_MMAP	 (1u << 6)
#define MB1_INFO_LOADER	 (1u << 9)

struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __attribute__((packed));
_Static_assert(offsetof(struct mb1_info, mmap_length) == 44, "multiboot1 info layout");
_Static_assert(offsetof(struct mb1_info, boot_loader_name) == 64, "multiboot1 info layout");

struct mb1_mmap_entry {
	uint32_t size; /* of the rest of the entry */
	uint64_t base;
	uint64_t length;
	uint32_t type;
} __attribute__((packed));
_Static_assert(sizeof(struct mb1_mmap_entry) == 24, "multiboot1 mmap entry layout");

struct mb1_module {
	uint32_t start, end, string, reserved;
};
_Static_assert(sizeof(struct mb1_module) == 16, "multiboot1 module layout");

/* ---- multiboot2 ---- */
#define MB2_TAG_END	0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER	2
#define MB2_TAG_MODULE	3
#define MB2_TAG_MEMINFO 4
#define MB2_TAG_MMAP	6
#define MB2_MAX_TOTAL	(1u << 20) /* sanity bound on the info size */

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};
_Static_assert(sizeof(struct mb2_tag) == 8, "multiboot2 tag header layout");

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
};
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "multiboot2 mmap entry layout");

/* Physical addresses the boot map does not cover are refused. */
static const void *phys_ptr(uint64_t phys, uint64_t len)
{
	if (phys == 0 || phys >= BOOT_MAP_BYTES || len > BOOT_MAP_BYTES - phys)
		return NULL;
	return phys_to_virt(phys);
}

static void copy_string(char *dst, size_t cap, uint64_t phys)
{
	dst[0] = '\0';
	const char *s = phys_ptr(phys, 1);
	if (!s)
		return;
	size_t max = cap - 1;
	if (BOOT_MAP_BYTES - phys < max)
		max = BOOT_MAP_BYTES - phys;
	size_t n = strnlen(s, max);
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void copy_bounded(char *dst, size_t cap, const char *src, size_t avail)
{
	size_t n = strnlen(src, avail < cap - 1 ? avail : cap - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void add_region(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	if (bi->mmap_count == BOOT_MAX_MMAP || len == 0)
		return;
	bi->mmap[bi->mmap_count++] = (struct boot_mem_region){base, len, type};
}

static void add_loader_range(struct boot_info *bi, uint64_t start, uint64_t len)
{
	if (bi->loader_range_count == BOOT_MAX_LOADER_RANGES || len == 0)
		return;
	bi->loader_ranges[bi->loader_range_count++] = (struct boot_range){start, start + len};
}

static void add_module(struct boot_info *bi, uint64_t start, uint64_t end)
{
	if (bi->module_count == BOOT_MAX_MODULES || end < start)
		return;
	struct boot_module *m = &bi->modules[bi->module_count++];
	m->start = start;
	m->end = end;
	m->name[0] = '\0';
}

static void parse_mb1(uint64_t info_phys, struct boot_info *bi)
{
	const struct mb1_info *info = phys_ptr(info_phys, sizeof(*info));
	if (!info)
		return;
	add_loader_range(bi, info_phys, sizeof(*info));
	if (info->flags & MB1_INFO_CMDLINE)
		add_loader_range(bi, info->cmdline, CMDLINE_MAX);
	if (info->flags & MB1_INFO_MMAP)
		add_loader_range(bi, info->mmap_addr, info->mmap_length);
	if (info->flags & MB1_INFO_MODS)
		add_loader_range(bi, info->mods_addr,
				 (uint64_t)info->mods_count * sizeof(struct mb1_module));
	if (info->flags & MB1_INFO_MEM) {
		bi->mem_lower_kib = info->mem_lower;
		bi->mem_upper_kib = info->mem_upper;
	}
	if (info->flags & MB1_INFO_CMDLINE)
		copy_string(bi->cmdline, sizeof(bi->cmdline), info->cmdline);
	if (info->flags & MB1_INFO_LOADER)
		copy_string(bi->loader, sizeof(bi->loader), info->boot_loader_name);
	if (info->flags & MB1_INFO_MMAP) {
		const uint8_t *p = phys_ptr(info->mmap_addr, info->mmap_length);
		uint32_t off = 0;
		while (p && off + sizeof(struct mb1_mmap_entry) <= info->mmap_length) {
			const struct mb1_mmap_entry *e = (const void *)(p + off);
			if (e->size < 20)
				break;
			add_region(bi, e->base, e->length, e->type);
			off += e->size + 4;
		}
	}
	if (info->flags & MB1_INFO_MODS) {
		const struct mb1_module *mods =
		    phys_ptr(info->mods_addr, (uint64_t)info->mods_count * sizeof(*mods));
		for (uint32_t i = 0; mods && i < info->mods_count; i++) {
			add_module(bi, mods[i].start, mods[i].end);
			if (bi->module_count && i < BOOT_MAX_MODULES)
				copy_string(bi->modules[bi->module_count - 1].name, BOOT_NAME_MAX,
					    mods[i].string);
		}
	}
}

static void parse_mb2(uint64_t info_phys, struct boot_info *bi)
{
	const uint32_t *hdr = phys_ptr(info_phys, 8);
	if (!hdr)
		return;
	uint32_t total = hdr[0];
	if (total < 16 || total > MB2_MAX_TOTAL || !phys_ptr(info_phys, total))
		return;
	add_loader_range(bi, info_phys, total);
	const uint8_t *base = (const uint8_t *)hdr;
	uint32_t off = 8;
	while (off + sizeof(struct mb2_tag) <= total) {
		const struct mb2_tag *tag = (const void *)(base + off);
		if (tag->type == MB2_TAG_END || tag->size < 8 || tag->size > total - off)
			break;
		const uint8_t *body = base + off + 8;
		uint32_t body_len = tag->size - 8;
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			copy_bounded(bi->cmdline, sizeof(bi->cmdline), (const char *)body,
				     body_len);
			break;
		case MB2_TAG_LOADER:
			copy_bounded(bi->loader, sizeof(bi->loader), (const char *)body, body_len);
			break;
		case MB2_TAG_MEMINFO:
			if (body_len >= 8) {
				bi->mem_lower_kib = ((const uint32_t *)body)[0];
				bi->mem_upper_kib = ((const uint32_t *)body)[1];
			}
			break;
		case MB2_TAG_MODULE:
			if (body_len >= 8) {
				const uint32_t *m = (const void *)body;
				add_module(bi, m[0], m[1]);
				if (bi->module_count)
					copy_bounded(bi->modules[bi->module_count - 1].name,
						     BOOT_NAME_MAX, (const char *)(body + 8),
						     body_len - 8);
			}
			break;
		case MB2_TAG_MMAP:
			if (body_len >= 8) {
				uint32_t entry_size = ((const uint32_t *)body)[0];
				if (entry_size < sizeof(struct mb2_mmap_entry))
					break;
				for (uint32_t e = 8; e + entry_size <= body_len; e += entry_size) {
					const struct mb2_mmap_entry *me = (const void *)(body + e);
					add_region(bi, me->base, me->length, me->type);
				}
			}
			break;
		default:
			break;
		}
		off += (tag->size + 7) & ~7u;
	}
}

int bootinfo_parse(uint32_t magic, uint64_t info_phys, struct boot_info *out)
{
	memset(out, 0, sizeof(*out));
	if (magic == MULTIBOOT1_LOADER_MAGIC) {
		out->protocol = 1;
		parse_mb1(info_phys, out);
	} else if (magic == MULTIBOOT2_LOADER_MAGIC) {
		out->protocol = 2;
		parse_mb2(info_phys, out);
	} else {
		return -1;
	}
	return 0;
}
