/* panic() and kernel assertions. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

/* Prints "KERNEL PANIC: ..." with a backtrace and stops the machine. In test
 * mode the machine exits QEMU with the failure code instead of hanging. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#define kassert(cond)                                                                              \
	do {                                                                                       \
		if (!(cond))                                                                       \
			panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__);          \
	} while (0)

#endif
