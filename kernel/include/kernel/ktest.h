/*
 * In-kernel self-tests. A test lives beside the code it tests:
 *
 *     KTEST(kprintf, zero_padding)
 *     {
 *             ...
 *             return NULL;                 // pass
 *             return ktest_fail("got %d", x); // fail with a reason
 *     }
 *
 * The runner (test=all or test=SUITE[,SUITE]) prints `[OK] suite:name` or
 * `[FAIL] suite:name: reason`, then `N passed, N failed`, then leaves QEMU
 * through isa-debug-exit. A suite name written with '_' also matches '-' on the
 * command line. Suites whose name starts with "canary" fail on purpose to prove
 * the harness notices, and run only when named explicitly.
 *
 * KTEST_GROUP registers a function that reports several results itself (for
 * tables of vectors kept in portable lib/ code).
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <stdbool.h>
#include <stddef.h>

typedef const char *(*ktest_fn)(void);
typedef void (*ktest_group_fn)(void);

struct ktest {
	const char *suite;
	const char *name;
	ktest_fn fn;		 /* single test, or NULL */
	ktest_group_fn group_fn; /* group reporting through ktest_report, or NULL */
};

#define KTEST(suite_, name_)                                                                       \
	static const char *ktest_fn_##suite_##_##name_(void);                                      \
	static const struct ktest ktest_entry_##suite_##_##name_                                   \
	    __attribute__((used, section(".ktests"), aligned(8))) = {                              \
		#suite_, #name_, ktest_fn_##suite_##_##name_, NULL};                               \
	static const char *ktest_fn_##suite_##_##name_(void)

#define KTEST_GROUP(suite_, fn_)                                                                   \
	static void fn_(void);                                                                     \
	static const struct ktest ktest_group_##suite_##_##fn_                                     \
	    __attribute__((used, section(".ktests"), aligned(8))) = {#suite_, #fn_, NULL, fn_};    \
	static void fn_(void)

/* Formats a failure reason into a static buffer (valid until the next call). */
const char *ktest_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports one result from a KTEST_GROUP: reason NULL means pass. */
void ktest_report(const char *suite, const char *name, const char *reason);

/* Runs the suites selected by `spec` (the test= value); returns failures. */
int ktest_run(const char *spec);
bool ktest_mode_active(void);

/* Leak-check hooks: the memory layer registers counters compared before/after. */
struct ktest_counter {
	const char *name;
	size_t (*read)(void);
};
void ktest_register_counter(const struct ktest_counter *c);

#endif
