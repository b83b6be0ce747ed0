/* PCI configuration space, enumeration, BARs and capabilities: see pci.h. */
#include <stddef.h>
#include <string.h>

#include "arch/io.h"
#include "drivers/pci.h"
#include "kernel/log.h"
#include "kernel/monitor.h"

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA	   0xCFC
#define PCI_ENABLE_BIT	   0x80000000u
#define PCI_BUSES	   256
#define PCI_SLOTS	   32
#define PCI_FUNCS	   8
#define PCI_BAR_IO_BIT	   0x1u
#define PCI_BAR_TYPE_MASK  0x6u
#define PCI_BAR_TYPE_64	   0x4u
#define PCI_BAR_PREFETCH   0x8u
#define PCI_BAR_IO_MASK	   0xFFFFFFFCu
#define PCI_BAR_MEM_MASK   0xFFFFFFF0u
#define PCI_CAP_LIMIT	   48 /* a loop guard: a list longer than this is broken */

static struct pci_device devices[PCI_MAX_DEVICES];
static unsigned ndevices;
static bool scanned;

static uint32_t cfg_addr(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	return PCI_ENABLE_BIT | ((uint32_t)bus << 16) | ((uint32_t)(dev & 0x1F) << 11) |
	       ((uint32_t)(fn & 7) << 8) | (off & 0xFC);
}

uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	outl(PCI_CONFIG_ADDRESS, cfg_addr(bus, dev, fn, off));
	return inl(PCI_CONFIG_DATA);
}

uint16_t pci_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	return (uint16_t)(pci_read32(bus, dev, fn, off) >> ((off & 2) * 8));
}

uint8_t pci_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
	return (uint8_t)(pci_read32(bus, dev, fn, off) >> ((off & 3) * 8));
}

void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v)
{
	outl(PCI_CONFIG_ADDRESS, cfg_addr(bus, dev, fn, off));
	outl(PCI_CONFIG_DATA, v);
}

void pci_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint16_t v)
{
	uint32_t old = pci_read32(bus, dev, fn, off);
	unsigned shift = (off & 2) * 8;
	old &= ~(0xFFFFu << shift);
	pci_write32(bus, dev, fn, off, old | ((uint32_t)v << shift));
}

/* Size a BAR by writing all ones and reading back which bits stick; decoding
 * is switched off meanwhile so the probe address is never live. */
static unsigned read_bar(struct pci_device *d, unsigned i)
{
	uint8_t off = (uint8_t)(PCI_CFG_BAR0 + 4 * i);
	uint32_t orig = pci_read32(d->bus, d->dev, d->fn, off);
	struct pci_bar *b = &d->bar[i];
	uint16_t cmd = pci_read16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND);
	pci_write16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND,
		    cmd & (uint16_t) ~(PCI_CMD_IO | PCI_CMD_MEMORY));
	pci_write32(d->bus, d->dev, d->fn, off, 0xFFFFFFFFu);
	uint32_t probe = pci_read32(d->bus, d->dev, d->fn, off);
	pci_write32(d->bus, d->dev, d->fn, off, orig);
	unsigned used = 1;
	if (orig & PCI_BAR_IO_BIT) {
		b->io = true;
		b->base = orig & PCI_BAR_IO_MASK;
		uint32_t mask = probe & PCI_BAR_IO_MASK & 0xFFFF;
		b->size = mask ? (~mask & 0xFFFF) + 1 : 0;
	} else {
		b->prefetch = (orig & PCI_BAR_PREFETCH) != 0;
		uint64_t base = orig & PCI_BAR_MEM_MASK;
		uint64_t mask = 0xFFFFFFFF00000000ull | (probe & PCI_BAR_MEM_MASK);
		if ((orig & PCI_BAR_TYPE_MASK) == PCI_BAR_TYPE_64 && i + 1 < PCI_MAX_BARS) {
			uint8_t hi_off = (uint8_t)(off + 4);
			uint32_t hi = pci_read32(d->bus, d->dev, d->fn, hi_off);
			pci_write32(d->bus, d->dev, d->fn, hi_off, 0xFFFFFFFFu);
			uint32_t hprobe = pci_read32(d->bus, d->dev, d->fn, hi_off);
			pci_write32(d->bus, d->dev, d->fn, hi_off, hi);
			base |= (uint64_t)hi << 32;
			mask = ((uint64_t)hprobe << 32) | (probe & PCI_BAR_MEM_MASK);
			b->is64 = true;
			used = 2;
		}
		b->base = base;
		b->size = (probe & PCI_BAR_MEM_MASK) ? ~mask + 1 : 0;
	}
	pci_write16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND, cmd);
	if (b->size == 0)
		memset(b, 0, sizeof(*b));
	return used;
}

static void read_caps(struct pci_device *d)
{
	if (!(pci_read16(d->bus, d->dev, d->fn, PCI_CFG_STATUS) & PCI_STATUS_CAP_LIST))
		return;
	uint8_t off = pci_read8(d->bus, d->dev, d->fn, PCI_CFG_CAP_PTR) & 0xFC;
	for (unsigned guard = 0; off && guard < PCI_CAP_LIMIT; guard++) {
		if (d->ncaps < PCI_MAX_CAPS)
			d->cap[d->ncaps++] =
			    (struct pci_cap){pci_read8(d->bus, d->dev, d->fn, off), off};
		off = pci_read8(d->bus, d->dev, d->fn, (uint8_t)(off + 1)) & 0xFC;
	}
}

static void add_function(uint8_t bus, uint8_t dev, uint8_t fn)
{
	if (ndevices == PCI_MAX_DEVICES)
		return;
	struct pci_device *d = &devices[ndevices++];
	memset(d, 0, sizeof(*d));
	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	d->vendor = pci_read16(bus, dev, fn, PCI_CFG_VENDOR);
	d->device = pci_read16(bus, dev, fn, PCI_CFG_DEVICE);
	d->revision = pci_read8(bus, dev, fn, PCI_CFG_REVISION);
	d->prog_if = pci_read8(bus, dev, fn, PCI_CFG_PROG_IF);
	d->subclass = pci_read8(bus, dev, fn, PCI_CFG_SUBCLASS);
	d->class_code = pci_read8(bus, dev, fn, PCI_CFG_CLASS);
	d->irq_line = pci_read8(bus, dev, fn, PCI_CFG_IRQ_LINE);
	if ((pci_read8(bus, dev, fn, PCI_CFG_HEADER) & 0x7F) == 0) { /* type 0: endpoint */
		d->subsys_id = pci_read16(bus, dev, fn, PCI_CFG_SUBSYS_ID);
		for (unsigned i = 0; i < PCI_MAX_BARS;)
			i += read_bar(d, i);
	}
	read_caps(d);
}

/* Brute force over every bus/slot: simple, and a few milliseconds. */
unsigned pci_scan(void)
{
	if (scanned)
		return ndevices;
	scanned = true;
	for (unsigned bus = 0; bus < PCI_BUSES; bus++) {
		for (uint8_t dev = 0; dev < PCI_SLOTS; dev++) {
			if (pci_read16((uint8_t)bus, dev, 0, PCI_CFG_VENDOR) == PCI_VENDOR_NONE)
				continue;
			bool multi =
			    pci_read8((uint8_t)bus, dev, 0, PCI_CFG_HEADER) & PCI_HEADER_MULTI_FN;
			for (uint8_t fn = 0; fn < (multi ? PCI_FUNCS : 1); fn++)
				if (pci_read16((uint8_t)bus, dev, fn, PCI_CFG_VENDOR) !=
				    PCI_VENDOR_NONE)
					add_function((uint8_t)bus, dev, fn);
		}
	}
	pr_info("pci: %u functions\n", ndevices);
	return ndevices;
}

unsigned pci_count(void)
{
	return ndevices;
}

struct pci_device *pci_get(unsigned i)
{
	return i < ndevices ? &devices[i] : NULL;
}

struct pci_device *pci_find(uint16_t vendor, uint16_t device, unsigned n)
{
	pci_scan();
	for (unsigned i = 0; i < ndevices; i++)
		if (devices[i].vendor == vendor && devices[i].device == device && n-- == 0)
			return &devices[i];
	return NULL;
}

void pci_enable(struct pci_device *d, uint16_t bits)
{
	uint16_t cmd = pci_read16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND);
	pci_write16(d->bus, d->dev, d->fn, PCI_CFG_COMMAND, cmd | bits);
}

uint8_t pci_find_cap(const struct pci_device *d, uint8_t id, uint8_t from)
{
	for (unsigned i = 0; i < d->ncaps; i++)
		if (d->cap[i].id == id && d->cap[i].offset > from)
			return d->cap[i].offset;
	return 0;
}

MONITOR_COMMAND(lspci, "list PCI functions with their BARs and capabilities")
{
	pci_scan();
	for (unsigned i = 0; i < ndevices; i++) {
		const struct pci_device *d = &devices[i];
		kprintf("%02x:%02x.%u %04x:%04x class %02x.%02x.%02x irq %u\n", d->bus, d->dev,
			d->fn, d->vendor, d->device, d->class_code, d->subclass, d->prog_if,
			d->irq_line);
		for (unsigned b = 0; b < PCI_MAX_BARS; b++)
			if (d->bar[b].size)
				kprintf("    BAR%u %s 0x%llx size 0x%llx%s\n", b,
					d->bar[b].io ? "io " : "mem",
					(unsigned long long)d->bar[b].base,
					(unsigned long long)d->bar[b].size,
					d->bar[b].is64 ? " 64-bit" : "");
		for (unsigned c = 0; c < d->ncaps; c++)
			kprintf("    cap 0x%02x at 0x%02x\n", d->cap[c].id, d->cap[c].offset);
	}
	return 0;
}
