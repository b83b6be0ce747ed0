/* lib/fmt checked against the host C library's snprintf: the same source that
 * formats the kernel's kprintf, built hosted under ASan/UBSan. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fmt/format.h"

static void check_same(const char *fmt, ...)
{
	char ours[256], libc[256];
	va_list a, b;
	va_start(a, fmt);
	va_copy(b, a);
	int n1 = fmt_vsnprintf(ours, sizeof(ours), fmt, a);
	int n2 = vsnprintf(libc, sizeof(libc), fmt, b);
	va_end(a);
	va_end(b);
	if (strcmp(ours, libc) != 0 || n1 != n2)
		fail_msg("format \"%s\": ours '%s' (%d), libc '%s' (%d)", fmt, ours, n1, libc, n2);
}

static void test_integers(void **state)
{
	(void)state;
	check_same("%d %i %u", 0, -1, 0u);
	check_same("%d", INT_MIN);
	check_same("%ld %lu", LONG_MIN, ULONG_MAX);
	check_same("%lld %llu", LLONG_MIN, ULLONG_MAX);
	check_same("%zu %zd", (size_t)SIZE_MAX, (ptrdiff_t)-5);
	check_same("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	check_same("%jd %td", (intmax_t)-7, (ptrdiff_t)9);
}

static void test_hex_octal(void **state)
{
	(void)state;
	check_same("%x %X %o", 0xdeadbeefu, 0xdeadbeefu, 0755u);
	check_same("%#x %#X %#o", 0x1f, 0x1f, 8);
	check_same("%#x %#o", 0, 0);
	check_same("%lx", ULONG_MAX);
	check_same("%p", (void *)0x1234abcd);
}

static void test_flags_width_precision(void **state)
{
	(void)state;
	static const char *const fmts[] = {"%5d|",    "%-5d|", "%05d|",	 "%+d|",
					   "% d|",    "%.3d|", "%8.3d|", "%-8.3d|",
					   "%08.3d|", "%.0d|", "%+05d|", "%x|"};
	static const int values[] = {0, 1, -1, 42, -42, 12345, -123456, INT_MAX, INT_MIN};
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
			check_same(fmts[f], values[v]);
	check_same("%*d|%-*d|", 6, 7, 6, 7);
	check_same("%*d|", -6, 7);
	check_same("%.*s|", 3, "abcdef");
	check_same("%10.2s|%-10s|", "abc", "xy");
	check_same("%c%c%3c%-3c|", 'a', 'b', 'c', 'd');
	check_same("100%%");
}

static void test_truncation(void **state)
{
	(void)state;
	char small[5];
	int n = fmt_snprintf(small, sizeof(small), "%s-%d", "abcdef", 12);
	assert_int_equal(n, 9);
	assert_string_equal(small, "abcd");
	n = fmt_snprintf(NULL, 0, "%d", 12345);
	assert_int_equal(n, 5);
	char one[1] = {'x'};
	n = fmt_snprintf(one, 1, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(one[0], '\0');
}

static void test_random_against_libc(void **state)
{
	(void)state;
	/* Random flag/width/precision/length combinations over random values. */
	srand(12345);
	static const char *const flags[] = {"", "-", "0", "+", " ", "#", "-+", "0+", "- "};
	static const char *const lens[] = {"", "l", "ll", "h", "hh", "z"};
	static const char convs[] = "diuxXo";
	for (int i = 0; i < 100000; i++) {
		char fmt[32];
		const char *fl = flags[rand() % 9];
		int width = rand() % 3 == 0 ? rand() % 25 : -1;
		int prec = rand() % 3 == 0 ? rand() % 22 : -1;
		const char *len = lens[rand() % 6];
		char conv = convs[rand() % 6];
		if ((conv != 'x' && conv != 'X' && conv != 'o') && strchr(fl, '#'))
			fl = "";
		int pos = snprintf(fmt, sizeof(fmt), "%%%s", fl);
		if (width >= 0)
			pos += snprintf(fmt + pos, sizeof(fmt) - pos, "%d", width);
		if (prec >= 0)
			pos += snprintf(fmt + pos, sizeof(fmt) - pos, ".%d", prec);
		snprintf(fmt + pos, sizeof(fmt) - pos, "%s%c|", len, conv);
		long long v =
		    (long long)(((unsigned long long)rand() << 33) ^
				((unsigned long long)rand() << 2) ^ (unsigned long long)rand());
		if (rand() % 2)
			v = -v;
		if (rand() % 8 == 0)
			v = 0;
		if (len[0] == 'l' || len[0] == 'z')
			check_same(fmt, v);
		else
			check_same(fmt, (int)v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_integers),
	    cmocka_unit_test(test_hex_octal),
	    cmocka_unit_test(test_flags_width_precision),
	    cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_random_against_libc),
	};
	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
