/*
 * PCI: configuration space through the legacy port pair 0xCF8/0xCFC
 * (configuration mechanism #1), bus enumeration, BAR decoding and the
 * capability list.
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_MAX_DEVICES 64
#define PCI_MAX_BARS	6
#define PCI_MAX_CAPS	16

/* Configuration-space offsets (type 0 header). */
#define PCI_CFG_VENDOR	  0x00
#define PCI_CFG_DEVICE	  0x02
#define PCI_CFG_COMMAND	  0x04
#define PCI_CFG_STATUS	  0x06
#define PCI_CFG_REVISION  0x08
#define PCI_CFG_PROG_IF	  0x09
#define PCI_CFG_SUBCLASS  0x0A
#define PCI_CFG_CLASS	  0x0B
#define PCI_CFG_HEADER	  0x0E
#define PCI_CFG_BAR0	  0x10
#define PCI_CFG_SUBSYS_ID 0x2E
#define PCI_CFG_CAP_PTR	  0x34
#define PCI_CFG_IRQ_LINE  0x3C

#define PCI_CMD_IO	     0x0001
#define PCI_CMD_MEMORY	     0x0002
#define PCI_CMD_BUS_MASTER   0x0004
#define PCI_CMD_INTX_DISABLE 0x0400
#define PCI_STATUS_CAP_LIST  0x0010
#define PCI_HEADER_MULTI_FN  0x80
#define PCI_VENDOR_NONE	     0xFFFF

#define PCI_CAP_ID_MSI	  0x05
#define PCI_CAP_ID_VENDOR 0x09 /* virtio uses these */
#define PCI_CAP_ID_MSIX	  0x11

struct pci_bar {
	uint64_t base; /* address (memory) or port (I/O); 0 when unused */
	uint64_t size;
	bool io;
	bool is64;
	bool prefetch;
};

struct pci_cap {
	uint8_t id;
	uint8_t offset;
};

struct pci_device {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint8_t class_code, subclass, prog_if, revision;
	uint16_t subsys_id;
	uint8_t irq_line;
	struct pci_bar bar[PCI_MAX_BARS];
	struct pci_cap cap[PCI_MAX_CAPS];
	unsigned ncaps;
};

uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint16_t pci_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint8_t pci_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v);
void pci_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint16_t v);

/* Scans every bus once (idempotent); returns the number of functions found. */
unsigned pci_scan(void);
unsigned pci_count(void);
struct pci_device *pci_get(unsigned i);
/* The n-th function with this vendor and device id (n = 0 first), or NULL. */
struct pci_device *pci_find(uint16_t vendor, uint16_t device, unsigned n);
/* Sets command bits (I/O, memory, bus master). */
void pci_enable(struct pci_device *d, uint16_t bits);
/* Offset of the first capability with this id at or after `from` (0: start), or 0. */
uint8_t pci_find_cap(const struct pci_device *d, uint8_t id, uint8_t from);

#endif
