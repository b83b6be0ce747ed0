/*
 * virtio-blk, legacy virtio-PCI transport (virtio 1.0 spec, 4.1.4.8 and 5.2),
 * one virtqueue, polled.
 *
 * Why legacy: QEMU's virtio-blk-pci is transitional by default, so the legacy
 * interface is always there; it is plain I/O ports in BAR0 (no MMIO mapping,
 * no walk of the virtio vendor capabilities, no 64-bit BAR placement), which
 * keeps this first driver small. The cost: legacy is deprecated, absent from
 * modern-only devices (disable-legacy=on, real virtio hardware), and its queue
 * address is a 32-bit page number (queues below 16 TiB). The modern transport
 * needs the capability list pci.c already parses; it is the next step.
 *
 * Why polled: one request at a time, the caller waits for it anyway, and the
 * kernel has no interrupt routing for PCI INTx yet. The used-ring index is
 * watched with a bounded spin.
 */
#include <stddef.h>
#include <string.h>

#include "arch/io.h"
#include "drivers/pci.h"
#include "drivers/virtio_blk.h"
#include "kernel/init.h"
#include "kernel/layout.h"
#include "kernel/log.h"
#include "mm/pmm.h"

#define VIRTIO_VENDOR	      0x1AF4
#define VIRTIO_DEV_BLK_LEGACY 0x1001

/* Legacy register block in BAR0 (I/O space). */
#define VIO_HOST_FEATURES  0x00
#define VIO_GUEST_FEATURES 0x04
#define VIO_QUEUE_PFN	   0x08
#define VIO_QUEUE_SIZE	   0x0C
#define VIO_QUEUE_SELECT   0x0E
#define VIO_QUEUE_NOTIFY   0x10
#define VIO_STATUS	   0x12
#define VIO_ISR		   0x13
#define VIO_DEVICE_CONFIG  0x14 /* without MSI-X */
#define VIO_BLK_CAPACITY   (VIO_DEVICE_CONFIG + 0)

#define VIO_STATUS_ACK	     0x01
#define VIO_STATUS_DRIVER    0x02
#define VIO_STATUS_DRIVER_OK 0x04
#define VIO_STATUS_FAILED    0x80

#define VIRTIO_BLK_F_RO	   (1u << 5)
#define VIRTIO_BLK_F_FLUSH (1u << 9)

#define VIRTIO_BLK_T_IN	   0
#define VIRTIO_BLK_T_OUT   1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_S_OK	   0

#define VRING_DESC_F_NEXT	   1
#define VRING_DESC_F_WRITE	   2
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_ALIGN		   4096u
#define VIO_MAX_QUEUE		   1024u
#define VIO_SPIN_LIMIT		   2000000000ull
#define VIO_DMA_LIMIT		   (1ull << 32)

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
_Static_assert(sizeof(struct vring_desc) == 16, "virtio descriptor is 16 bytes");

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};
_Static_assert(sizeof(struct vring_used_elem) == 8, "used element is 8 bytes");

struct virtio_blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};
_Static_assert(sizeof(struct virtio_blk_req_hdr) == 16, "request header is 16 bytes");

static struct {
	bool present, readonly, can_flush;
	uint16_t iobase;
	uint16_t qsize;
	uint64_t sectors;
	struct vring_desc *desc;
	volatile uint16_t *avail; /* flags, idx, ring[qsize], used_event */
	volatile uint16_t *used;  /* flags, idx, then elements */
	uint16_t last_used;
	struct virtio_blk_req_hdr *hdr;
	volatile uint8_t *status;
	uint8_t *bounce;
	uint64_t hdr_pa, status_pa, bounce_pa;
} vb;

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static void *dma_alloc(size_t bytes, uint64_t *pa)
{
	size_t frames = (size_t)(align_up(bytes, PAGE_SIZE) / PAGE_SIZE);
	*pa = pmm_alloc_frames(frames, 1, VIO_DMA_LIMIT);
	if (*pa == PMM_NO_FRAME)
		return NULL;
	void *va = phys_to_virt(*pa);
	memset(va, 0, frames * PAGE_SIZE);
	return va;
}

/* Posts the chain header -> [data] -> status and waits for the device. */
static int submit(uint32_t type, uint64_t sector, uint32_t bytes, bool device_writes)
{
	vb.hdr->type = type;
	vb.hdr->reserved = 0;
	vb.hdr->sector = sector;
	*vb.status = 0xFF;
	unsigned n = 0;
	vb.desc[n] = (struct vring_desc){vb.hdr_pa, sizeof(*vb.hdr), VRING_DESC_F_NEXT, 1};
	n++;
	if (bytes) {
		vb.desc[n] = (struct vring_desc){
		    vb.bounce_pa, bytes,
		    (uint16_t)(VRING_DESC_F_NEXT | (device_writes ? VRING_DESC_F_WRITE : 0)), 2};
		n++;
	}
	vb.desc[n] = (struct vring_desc){vb.status_pa, 1, VRING_DESC_F_WRITE, 0};
	if (!bytes)
		vb.desc[0].next = 1;
	uint16_t idx = vb.avail[1];
	vb.avail[2 + idx % vb.qsize] = 0; /* chain starts at descriptor 0 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vb.avail[1] = (uint16_t)(idx + 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	outw((uint16_t)(vb.iobase + VIO_QUEUE_NOTIFY), 0);
	for (uint64_t spin = 0; vb.used[1] == vb.last_used; spin++) {
		if (spin > VIO_SPIN_LIMIT) {
			pr_err("virtio-blk: request timed out (sector %llu)\n",
			       (unsigned long long)sector);
			return -VIRTIO_BLK_EIO;
		}
		__asm__ volatile("pause" ::: "memory");
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vb.last_used = vb.used[1];
	inb((uint16_t)(vb.iobase + VIO_ISR)); /* acknowledge */
	return *vb.status == VIRTIO_BLK_S_OK ? 0 : -VIRTIO_BLK_EIO;
}

static int check_range(uint64_t sector, uint32_t count)
{
	if (!vb.present)
		return -VIRTIO_BLK_ENODEV;
	if (count == 0 || (uint64_t)count * VIRTIO_BLK_SECTOR > VIRTIO_BLK_MAX_BYTES ||
	    sector > vb.sectors || count > vb.sectors - sector)
		return -VIRTIO_BLK_EIO;
	return 0;
}

int virtio_blk_read(uint64_t sector, uint32_t count, void *buf)
{
	int r = check_range(sector, count);
	if (r == 0)
		r = submit(VIRTIO_BLK_T_IN, sector, count * VIRTIO_BLK_SECTOR, true);
	if (r == 0)
		memcpy(buf, vb.bounce, (size_t)count * VIRTIO_BLK_SECTOR);
	return r;
}

int virtio_blk_write(uint64_t sector, uint32_t count, const void *buf)
{
	int r = check_range(sector, count);
	if (r == 0 && vb.readonly)
		r = -VIRTIO_BLK_EIO;
	if (r < 0)
		return r;
	memcpy(vb.bounce, buf, (size_t)count * VIRTIO_BLK_SECTOR);
	return submit(VIRTIO_BLK_T_OUT, sector, count * VIRTIO_BLK_SECTOR, false);
}

int virtio_blk_flush(void)
{
	if (!vb.present)
		return -VIRTIO_BLK_ENODEV;
	/* Without the feature the device has no volatile cache to flush. */
	return vb.can_flush ? submit(VIRTIO_BLK_T_FLUSH, 0, 0, false) : 0;
}

bool virtio_blk_present(void)
{
	return vb.present;
}

uint64_t virtio_blk_sectors(void)
{
	return vb.sectors;
}

bool virtio_blk_readonly(void)
{
	return vb.readonly;
}

int virtio_blk_init(void)
{
	if (vb.present)
		return 0;
	struct pci_device *d = pci_find(VIRTIO_VENDOR, VIRTIO_DEV_BLK_LEGACY, 0);
	if (!d || !d->bar[0].io || !d->bar[0].base)
		return -VIRTIO_BLK_ENODEV;
	pci_enable(d, PCI_CMD_IO | PCI_CMD_BUS_MASTER);
	uint16_t io = (uint16_t)d->bar[0].base;
	vb.iobase = io;
	outb((uint16_t)(io + VIO_STATUS), 0); /* reset */
	outb((uint16_t)(io + VIO_STATUS), VIO_STATUS_ACK);
	outb((uint16_t)(io + VIO_STATUS), VIO_STATUS_ACK | VIO_STATUS_DRIVER);
	uint32_t features = inl((uint16_t)(io + VIO_HOST_FEATURES));
	uint32_t want = features & (VIRTIO_BLK_F_RO | VIRTIO_BLK_F_FLUSH);
	outl((uint16_t)(io + VIO_GUEST_FEATURES), want);
	vb.readonly = want & VIRTIO_BLK_F_RO;
	vb.can_flush = want & VIRTIO_BLK_F_FLUSH;
	outw((uint16_t)(io + VIO_QUEUE_SELECT), 0);
	uint16_t qsize = inw((uint16_t)(io + VIO_QUEUE_SIZE));
	if (qsize == 0 || qsize > VIO_MAX_QUEUE || (qsize & (qsize - 1))) {
		outb((uint16_t)(io + VIO_STATUS), VIO_STATUS_FAILED);
		pr_err("virtio-blk: unusable queue size %u\n", qsize);
		return -VIRTIO_BLK_ENODEV;
	}
	/* Legacy layout: descriptors, available ring, then (page aligned) used ring. */
	uint64_t avail_off = (uint64_t)qsize * sizeof(struct vring_desc);
	uint64_t used_off = align_up(avail_off + 2 * (3 + (uint64_t)qsize), VRING_ALIGN);
	uint64_t ring_bytes =
	    used_off +
	    align_up(2 * 3 + sizeof(struct vring_used_elem) * (uint64_t)qsize, VRING_ALIGN);
	uint64_t ring_pa, req_pa;
	uint8_t *ring = dma_alloc((size_t)ring_bytes, &ring_pa);
	uint8_t *req = dma_alloc(PAGE_SIZE, &req_pa);
	vb.bounce = dma_alloc(VIRTIO_BLK_MAX_BYTES, &vb.bounce_pa);
	if (!ring || !req || !vb.bounce) {
		outb((uint16_t)(io + VIO_STATUS), VIO_STATUS_FAILED);
		pr_err("virtio-blk: no memory for the queue\n");
		return -VIRTIO_BLK_ENOMEM;
	}
	vb.qsize = qsize;
	vb.desc = (struct vring_desc *)ring;
	vb.avail = (volatile uint16_t *)(ring + avail_off);
	vb.used = (volatile uint16_t *)(ring + used_off);
	vb.avail[0] = VRING_AVAIL_F_NO_INTERRUPT;
	vb.hdr = (struct virtio_blk_req_hdr *)req;
	vb.hdr_pa = req_pa;
	vb.status = req + 64;
	vb.status_pa = req_pa + 64;
	outl((uint16_t)(io + VIO_QUEUE_PFN), (uint32_t)(ring_pa / VRING_ALIGN));
	outb((uint16_t)(io + VIO_STATUS),
	     VIO_STATUS_ACK | VIO_STATUS_DRIVER | VIO_STATUS_DRIVER_OK);
	uint32_t lo = inl((uint16_t)(io + VIO_BLK_CAPACITY));
	uint32_t hi = inl((uint16_t)(io + VIO_BLK_CAPACITY + 4));
	vb.sectors = ((uint64_t)hi << 32) | lo;
	vb.present = true;
	pr_info("virtio-blk: %02x:%02x.%u legacy io 0x%x, %llu sectors (%llu MiB), queue %u%s%s\n",
		d->bus, d->dev, d->fn, io, (unsigned long long)vb.sectors,
		(unsigned long long)(vb.sectors / 2048), qsize, vb.can_flush ? ", flush" : "",
		vb.readonly ? ", read-only" : "");
	return 0;
}

static void virtio_blk_initcall(void)
{
	pci_scan();
	virtio_blk_init();
}
INITCALL(INIT_DRIVERS, virtio_blk_initcall);
