/*
 * virtio-blk over the legacy (virtio 0.9.5 / "transitional") PCI interface,
 * polled. One disk: the first virtio-blk function found.
 */
#ifndef DRIVERS_VIRTIO_BLK_H
#define DRIVERS_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

#define VIRTIO_BLK_SECTOR    512u
#define VIRTIO_BLK_MAX_BYTES (256u * 1024u) /* per request (bounce buffer) */
#define VIRTIO_BLK_EIO	     5
#define VIRTIO_BLK_ENODEV    19
#define VIRTIO_BLK_ENOMEM    12

/* Finds and starts the disk; 0, or -VIRTIO_BLK_ENODEV when there is none. */
int virtio_blk_init(void);
bool virtio_blk_present(void);
uint64_t virtio_blk_sectors(void);
bool virtio_blk_readonly(void);
/* Transfers count sectors (count * 512 <= VIRTIO_BLK_MAX_BYTES); 0 or -errno. */
int virtio_blk_read(uint64_t sector, uint32_t count, void *buf);
int virtio_blk_write(uint64_t sector, uint32_t count, const void *buf);
/* Makes earlier writes durable (VIRTIO_BLK_T_FLUSH when the device offers it). */
int virtio_blk_flush(void);

#endif
