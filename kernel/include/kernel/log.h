/* kprintf and levelled kernel logging. */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include <stdarg.h>

/* Log levels, most severe first; `loglevel=N` on the command line hides levels > N. */
enum log_level {
	LOG_EMERG = 0,
	LOG_ERR = 3,
	LOG_WARN = 4,
	LOG_INFO = 6,
	LOG_DEBUG = 7,
};

#define LOG_DEFAULT_LEVEL LOG_INFO

/* Unconditional output (console, monitor, test results). */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* Levelled output, filtered by the current log level. */
void klog(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_set_level(int level);
int log_get_level(void);

#define pr_err(...)   klog(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  klog(LOG_WARN, __VA_ARGS__)
#define pr_info(...)  klog(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) klog(LOG_DEBUG, __VA_ARGS__)

#endif
