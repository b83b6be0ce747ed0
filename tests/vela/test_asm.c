/*
 * vela-as core (tools/vela-as): constants, expressions, labels, directives,
 * symbol flags and the object it writes, with files served from memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vela-as/as.h"
#include "vela/interp.h"
#include "vela/obj.h"

static const char *files[8][2];

static char *mem_read(const char *path, size_t *len)
{
	for (int i = 0; i < 8 && files[i][0]; i++) {
		if (strcmp(files[i][0], path) == 0) {
			*len = strlen(files[i][1]);
			char *p = malloc(*len + 1);
			memcpy(p, files[i][1], *len + 1);
			return p;
		}
	}
	return NULL;
}

struct asmres {
	struct vas v;
	struct vela_obj o;
	int errors;
	char diag[4096];
};

static struct asmres *assemble(const char *src)
{
	struct asmres *r = calloc(1, sizeof(*r));
	memset(files, 0, sizeof(files));
	files[0][0] = "t.vs";
	files[0][1] = src;
	files[1][0] = "inc.vs";
	files[1][1] = "\t.equ FROM_INC, 7\nincfn:\tret\n";
	files[2][0] = "loop.vs";
	files[2][1] = "\t.include \"loop.vs\"\n";
	r->v.read_file = mem_read;
	r->v.diag = fmemopen(r->diag, sizeof(r->diag) - 1, "w");
	r->errors = vas_assemble(&r->v, "t.vs");
	fclose(r->v.diag);
	r->v.diag = NULL;
	if (!r->errors)
		assert_null(vela_obj_parse(r->v.obj, r->v.obj_size, &r->o));
	return r;
}

static void done(struct asmres *r)
{
	vas_free(&r->v);
	free(r);
}

static const struct vela_sym *find_sym(struct asmres *r, const char *name, struct vela_sym *s)
{
	for (uint32_t i = 0; i < r->o.nsyms; i++) {
		vela_obj_sym(&r->o, i, s);
		if (strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

/* Run the assembled program; returns r3 at HALT. */
static uint64_t run(struct asmres *r)
{
	static uint8_t mem[1 << 16];
	uint64_t shadow[16];
	uint8_t targets[256];
	struct vela_machine m;
	memset(mem, 0, sizeof(mem));
	if (r->o.data_size)
		memcpy(mem + r->o.data_addr, r->o.data, r->o.data_size);
	vela_obj_targets(&r->o, targets, sizeof(targets));
	vela_machine_init(&m, r->o.code, r->o.code_size, mem, sizeof(mem), shadow, 16, r->o.entry);
	m.targets = targets;
	struct vela_result res = vela_interp_run(&m, 100000);
	assert_int_equal(res.stop, VELA_STOP_EXIT);
	return m.r[3];
}

static void test_li_any_constant(void **state)
{
	(void)state;
	static const struct {
		uint64_t v;
		unsigned insns;
	} cases[] = {
	    {0, 1},
	    {1, 1},
	    {UINT64_MAX, 1},
	    {131071, 1},
	    {(uint64_t)-131072, 1},
	    {131072, 2},
	    {0x7fffffff, 2},
	    {0xffffffff, 2},
	    {0x80000000, 2},
	    {(uint64_t)INT32_MIN, 2},
	    {0x7ffffffffull, 2},
	    {0x800000000ull, 3},
	    {0x123456789abcull, 3},
	    {0x8000000000000000ull, 4},
	    {0x7fffffffffffffffull, 4},
	    {0x123456789abcdef0ull, 4},
	    {0xfedcba9876543210ull, 4},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char src[128];
		snprintf(src, sizeof(src), "\tli r3, 0x%llx\n\thalt\n",
			 (unsigned long long)cases[i].v);
		struct asmres *r = assemble(src);
		assert_int_equal(r->errors, 0);
		assert_int_equal(r->o.code_size, 4 * (cases[i].insns + 1));
		assert_int_equal(run(r), cases[i].v);
		done(r);
	}
	/* a forward constant or data label is sized exactly ... */
	struct asmres *r = assemble("\tli r3, X\n\thalt\n\t.equ X, 5\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->o.code_size, 8);
	assert_int_equal(run(r), 5);
	done(r);
	r = assemble("\tli r3, e - d\n\thalt\n\t.bss\nd:\t.space 300000\ne:\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->o.code_size, 12);
	assert_int_equal(run(r), 300000);
	done(r);
	/* ... a forward code label reserves the 4-instruction worst case */
	r = assemble("\tli r3, later\n\thalt\nlater:\thalt\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->o.code_size, 24);
	assert_int_equal(run(r), 20);
	done(r);
	/* data whose layout depends on code: pass 1 falls back, still right */
	r = assemble("\tli r3, e - d\n\thalt\nend:\n\t.data\nd:\t.space end\ne:\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(run(r), 8);
	done(r);
}

static void test_expressions(void **state)
{
	(void)state;
	struct asmres *r = assemble("\t.equ A, 1 + 2 * 3\n"
				    "\t.equ B, (1 + 2) * 3\n"
				    "\t.equ C, 1 << 4 | 1\n"
				    "\t.equ D, -7 / 2\n"
				    "\t.equ E, -7 % 2\n"
				    "\t.equ F, ~0 >> 60\n"
				    "\t.equ G, 0xf0 & 0x3c ^ 0x01\n"
				    "\t.equ H, 'a' + 0b101 + 0o17\n"
				    "\tI = A * B - 1_000\n"
				    "\thalt\n");
	assert_int_equal(r->errors, 0);
	struct vela_sym s;
	static const struct {
		const char *name;
		int64_t v;
	} want[] = {{"A", 7},  {"B", 9},    {"C", 17},		{"D", -3},	 {"E", -1},
		    {"F", -1}, {"G", 0x31}, {"H", 97 + 5 + 15}, {"I", 63 - 1000}};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_non_null(find_sym(r, want[i].name, &s));
		assert_int_equal((int64_t)s.value, want[i].v);
		assert_int_equal(s.section, VELA_SYM_ABS);
	}
	done(r);
}

static void test_labels(void **state)
{
	(void)state;
	struct asmres *r = assemble("\t.text\n"
				    "_start:\tli r3, 0\n"
				    "1:\taddi r3, r3, 1\n"
				    "\tli r4, 3\n"
				    "\tblt r3, r4, 1b\n"
				    "\tj 1f\n"
				    "\tbreak 1\n"
				    "1:\tbeq r0, r0, .Lend\n"
				    "\tbreak 2\n"
				    ".Lend:\thalt\n"
				    "after:\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(run(r), 3);
	struct vela_sym s;
	assert_null(find_sym(r, ".Lend", &s)); /* .L labels stay local to the source */
	assert_non_null(find_sym(r, "after", &s));
	assert_int_equal(s.value, 36);
	done(r);
}

static void test_sections_and_data(void **state)
{
	(void)state;
	struct asmres *r = assemble("\t.data\n"
				    "a:\t.byte 1, -1\n"
				    "\t.align 4\n"
				    "b:\t.half 0x1234\n"
				    "c:\t.word -2\n"
				    "\t.align 8\n"
				    "d:\t.dword 0x1122334455667788\n"
				    "e:\t.ascii \"hi\\n\"\n"
				    "f:\t.asciz \"x\"\n"
				    "g:\t.space 3, 0xaa\n"
				    "\t.bss\n"
				    "h:\t.space 10\n"
				    "i:\t.space 6\n"
				    "\t.text\n"
				    "\tla r5, d\n"
				    "\tld r3, 0(r5)\n"
				    "\thalt\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(run(r), 0x1122334455667788ull);
	static const uint8_t want[] = {1,    0xff, 0,	 0,    0x34, 0x12, 0xfe, 0xff,
				       0xff, 0xff, 0,	 0,    0,    0,	   0,	 0,
				       0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
				       'h',  'i',  '\n', 'x',  0,    0xaa, 0xaa, 0xaa};
	assert_int_equal(r->o.data_size, sizeof(want));
	assert_memory_equal(r->o.data, want, sizeof(want));
	assert_int_equal(r->o.data_addr, VAS_DATA_BASE);
	assert_int_equal(r->o.bss_addr, VAS_DATA_BASE + 32);
	assert_int_equal(r->o.bss_size, 16);
	struct vela_sym s;
	assert_non_null(find_sym(r, "i", &s));
	assert_int_equal(s.value, VAS_DATA_BASE + 32 + 10);
	assert_int_equal(s.section, VELA_OBJ_IDX_BSS);
	done(r);
}

static void test_symbol_flags(void **state)
{
	(void)state;
	struct asmres *r = assemble("\t.global main\n"
				    "\t.func main\n"
				    "main:\tla r3, viala\n"
				    "\tli r4, viali\n"
				    "\tjr r3\n"
				    "viala:\tnop\n"
				    "viali:\thalt\n"
				    "\t.target tgt\n"
				    "tgt:\tnop\n"
				    "\t.endfunc\n"
				    "\t.data\n"
				    "\t.dword viadata\n"
				    "\t.text\n"
				    "viadata: halt\n");
	assert_int_equal(r->errors, 0);
	struct vela_sym s;
	assert_non_null(find_sym(r, "main", &s));
	assert_int_equal(s.flags, VELA_SYM_GLOBAL | VELA_SYM_FUNC);
	assert_int_equal(s.size, 10 * 4); /* la 2, forward li 4, 4 more */
	assert_non_null(find_sym(r, "viala", &s));
	assert_int_equal(s.flags, VELA_SYM_ADDR_TAKEN);
	assert_non_null(find_sym(r, "viali", &s));
	assert_int_equal(s.flags, 0);
	assert_non_null(find_sym(r, "tgt", &s));
	assert_int_equal(s.flags, VELA_SYM_ADDR_TAKEN);
	assert_non_null(find_sym(r, "viadata", &s));
	assert_int_equal(s.flags, VELA_SYM_ADDR_TAKEN);
	assert_int_equal(r->o.entry, 0); /* main */
	done(r);
}

static void test_entry_include_case(void **state)
{
	(void)state;
	struct asmres *r = assemble("\tNOP\n"
				    "Start:\tLI R3, FROM_INC\n"
				    "\tCALL incfn\n"
				    "\tHALT\n"
				    "\t.entry Start\n"
				    "\t.include \"inc.vs\"\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->o.entry, 4);
	assert_int_equal(run(r), 7);
	done(r);
	r = assemble("\t.include \"loop.vs\"\n");
	assert_int_not_equal(r->errors, 0);
	assert_non_null(strstr(r->diag, "nested too deeply"));
	done(r);
}

static void test_align_pads_with_nop(void **state)
{
	(void)state;
	struct asmres *r = assemble("\tli r3, 1\n\t.align 16\nx:\thalt\n");
	assert_int_equal(r->errors, 0);
	assert_int_equal(r->o.code_size, 20);
	for (int pc = 4; pc < 16; pc += 4)
		assert_int_equal(vela_load_word(r->o.code + pc), (uint32_t)VELA_OP_NOP << 24);
	assert_int_equal(run(r), 1);
	done(r);
}

static void test_many_errors_reported(void **state)
{
	(void)state;
	struct asmres *r = assemble("\tadd r1, r2, r99\n"
				    "\tfoo\n"
				    "\tli r3, undefined_thing\n"
				    "x:\tnop\n"
				    "\tj x\n"
				    "\tbeq r1, r2\n");
	assert_int_equal(r->errors, 4);
	assert_non_null(strstr(r->diag, "t.vs:1:14: error: unknown register 'r99'"));
	assert_non_null(strstr(r->diag, "t.vs:2:2: error: unknown instruction 'foo'"));
	assert_non_null(strstr(r->diag, "t.vs:3:9: error: undefined symbol 'undefined_thing'"));
	assert_non_null(strstr(r->diag, "t.vs:6:12: error: too few operands for 'beq'"));
	assert_null(r->v.obj);
	done(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_li_any_constant),
	    cmocka_unit_test(test_expressions),
	    cmocka_unit_test(test_labels),
	    cmocka_unit_test(test_sections_and_data),
	    cmocka_unit_test(test_symbol_flags),
	    cmocka_unit_test(test_entry_include_case),
	    cmocka_unit_test(test_align_pads_with_nop),
	    cmocka_unit_test(test_many_errors_reported),
	};
	return cmocka_run_group_tests_name("vela-asm", tests, NULL, NULL);
}
