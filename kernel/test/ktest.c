/* Self-test runner: selects suites, reports results, checks for leaks. */
#include "kernel/ktest.h"

#include <stdarg.h>
#include <string.h>

#include "fmt/format.h"
#include "kernel/log.h"

extern const struct ktest __start_ktests[], __stop_ktests[];

static bool test_mode;
static int passed, failed;
static char fail_buf[256];

#define MAX_COUNTERS 8
static const struct ktest_counter *counters[MAX_COUNTERS];
static int counter_count;

bool ktest_mode_active(void)
{
	return test_mode;
}

const char *ktest_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(fail_buf, sizeof(fail_buf), fmt, ap);
	va_end(ap);
	return fail_buf;
}

void ktest_report(const char *suite, const char *name, const char *reason)
{
	if (reason) {
		failed++;
		kprintf("[FAIL] %s:%s: %s\n", suite, name, reason);
	} else {
		passed++;
		kprintf("[OK] %s:%s\n", suite, name);
	}
}

void ktest_register_counter(const struct ktest_counter *c)
{
	if (counter_count < MAX_COUNTERS)
		counters[counter_count++] = c;
}

/* Suite names compare with '-' and '_' treated as the same character. */
static bool name_equal(const char *a, const char *b, size_t blen)
{
	size_t i = 0;
	for (; i < blen && a[i]; i++) {
		char x = a[i] == '-' ? '_' : a[i];
		char y = b[i] == '-' ? '_' : b[i];
		if (x != y)
			return false;
	}
	return i == blen && a[i] == '\0';
}

static bool is_canary(const char *suite)
{
	return strncmp(suite, "canary", 6) == 0;
}

static bool suite_selected(const char *spec, const char *suite)
{
	if (strcmp(spec, "all") == 0)
		return !is_canary(suite);
	const char *p = spec;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (name_equal(suite, p, len))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

int ktest_run(const char *spec)
{
	test_mode = true;
	passed = failed = 0;

	size_t before[MAX_COUNTERS];
	for (int i = 0; i < counter_count; i++)
		before[i] = counters[i]->read();

	int selected = 0;
	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		if (!suite_selected(spec, t->suite))
			continue;
		selected++;
		if (t->group_fn)
			t->group_fn();
		else
			ktest_report(t->suite, t->name, t->fn());
	}
	if (selected == 0)
		ktest_report("ktest", "selection", ktest_fail("no suite matches test=%s", spec));

	for (int i = 0; i < counter_count; i++) {
		size_t after = counters[i]->read();
		if (after == before[i])
			ktest_report("leakcheck", counters[i]->name, NULL);
		else
			ktest_report("leakcheck", counters[i]->name,
				     ktest_fail("%zu before the run, %zu after", before[i], after));
	}

	kprintf("%d passed, %d failed\n", passed, failed);
	return failed;
}
