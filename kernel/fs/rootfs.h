/* The IronVFS root filesystem on the virtio disk (docs/ironvfs.md, "Kernel"). */
#ifndef FS_ROOTFS_H
#define FS_ROOTFS_H

#include "ironvfs/ironvfs.h"

/* The mounted root, or NULL when there is no disk or it was refused. */
struct ivfs *rootfs_get(void);
/* Commits every pending change and records the new generation as trusted. */
int rootfs_commit(void);

#endif
