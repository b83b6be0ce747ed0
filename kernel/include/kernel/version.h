#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H
#define AETHER_VERSION "0.1.0"
#endif
