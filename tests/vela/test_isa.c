/*
 * VELA ISA table, encoder, decoder, validator, disassembler and object
 * format (lib/vela/vela.c, validate.c, disasm.c, obj.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vela/obj.h"
#include "vela/vela.h"

static uint32_t enc(uint8_t op, uint8_t rd, uint8_t rs1, uint8_t rs2, int64_t imm)
{
	struct vela_insn in = {.op = op, .rd = rd, .rs1 = rs1, .rs2 = rs2, .imm = imm};
	uint32_t w = 0;
	assert_true(vela_encode(&in, &w));
	return w;
}

static void test_table(void **state)
{
	(void)state;
	unsigned n = 0;
	for (unsigned i = 0; i < 256; i++) {
		const struct vela_opinfo *o = vela_opinfo(i);
		if (!o)
			continue;
		n++;
		assert_int_equal(o->opcode, i);
		assert_true(o->fmt < VELA_FMT_COUNT);
		assert_true(o->cls < VELA_CLS_COUNT);
		/* mnemonics are unique */
		for (unsigned k = 0; k < i; k++)
			if (vela_opinfo(k))
				assert_string_not_equal(vela_opinfo(k)->mnemonic, o->mnemonic);
		/* loads/stores have a size, nothing else does */
		bool mem = o->cls == VELA_CLS_LOAD || o->cls == VELA_CLS_STORE ||
			   o->cls == VELA_CLS_VLOAD || o->cls == VELA_CLS_VSTORE;
		assert_int_equal(mem, o->msize != 0);
		/* 0xa0-0xcf is VELA-F and only VELA-F; 0xd0-0xff stays free */
		bool vela_f =
		    o->cls == VELA_CLS_FLOAT || o->cls == VELA_CLS_FCMP || o->cls == VELA_CLS_FCVT;
		assert_int_equal(vela_f, i >= 0xa0 && i <= 0xcf);
		assert_true(i < 0xd0);
		/* services, and only services, need a capability */
		assert_int_equal(o->cls == VELA_CLS_SERVICE, o->cap != VELA_CAP_NONE);
	}
	assert_int_equal(n, VELA_NUM_OPS);
	assert_null(vela_opinfo(0));
	assert_int_equal(VELA_NUM_OPS, 98 + 46); /* VELA-1..3, VELA-F */
}

static void test_field_layout(void **state)
{
	(void)state;
	/* opcode[31:24] rd[23:18] rs1[17:12] rs2[11:6] imm6[5:0] */
	assert_int_equal(enc(VELA_OP_ADD, 3, 4, 5, 0), 0x01000000u | 3u << 18 | 4u << 12 | 5u << 6);
	assert_int_equal(enc(VELA_OP_SLLI, 1, 2, 0, 63), 0x38000000u | 1u << 18 | 2u << 12 | 63);
	assert_int_equal(enc(VELA_OP_ADDI, 1, 2, 0, -1), 0x30000000u | 1u << 18 | 2u << 12 | 0xfff);
	assert_int_equal(enc(VELA_OP_LI, 15, 0, 0, -131072), 0x40000000u | 15u << 18 | 0x20000);
	assert_int_equal(enc(VELA_OP_J, 0, 0, 0, -4), 0x58ffffffu);
	/* store: value in the rd field, base in rs1 */
	struct vela_insn s = {.op = VELA_OP_SD, .rs1 = 2, .rs2 = 7, .imm = 8};
	uint32_t w;
	assert_true(vela_encode(&s, &w));
	assert_int_equal(w, 0x4c000000u | 7u << 18 | 2u << 12 | 8);
	/* branch offsets count words */
	struct vela_insn b = {.op = VELA_OP_BNE, .rs1 = 5, .rs2 = 6, .imm = -8};
	assert_true(vela_encode(&b, &w));
	assert_int_equal(w, 0x51000000u | 5u << 18 | 6u << 12 | 0xffe);
	/* little-endian in memory */
	uint8_t bytes[4];
	vela_store_word(bytes, 0x01020304);
	assert_memory_equal(bytes, "\x04\x03\x02\x01", 4);
}

static void test_encode_limits(void **state)
{
	(void)state;
	struct vela_insn in = {.op = VELA_OP_ADDI, .rd = 1, .rs1 = 1};
	uint32_t w;
	in.imm = 2047;
	assert_true(vela_encode(&in, &w));
	in.imm = 2048;
	assert_false(vela_encode(&in, &w));
	in.imm = -2049;
	assert_false(vela_encode(&in, &w));
	in.imm = 0;
	in.rd = 16;
	assert_false(vela_encode(&in, &w));
	struct vela_insn sh = {.op = VELA_OP_SLLIW, .rd = 1, .rs1 = 1, .imm = 32};
	assert_false(vela_encode(&sh, &w));
	struct vela_insn b = {.op = VELA_OP_BEQ, .imm = 2};
	assert_false(vela_encode(&b, &w)); /* not a multiple of 4 */
	b.imm = 8192;
	assert_false(vela_encode(&b, &w));
	b.imm = -8192;
	assert_true(vela_encode(&b, &w));
	struct vela_insn v = {.op = VELA_OP_VADDD, .rd = 8};
	assert_false(vela_encode(&v, &w));
	struct vela_insn g = {.op = VELA_OP_VGETW, .rd = 15, .rs1 = 7, .imm = 4};
	assert_false(vela_encode(&g, &w));
	struct vela_insn u = {.op = VELA_OP_SHORI, .rd = 1, .imm = 0x40000};
	assert_false(vela_encode(&u, &w));
	struct vela_insn bad = {.op = 0xd0}; /* reserved */
	assert_false(vela_encode(&bad, &w));
	bad.op = 0xb3; /* a gap in the VELA-F space */
	assert_false(vela_encode(&bad, &w));
}

/* Every word that decodes re-encodes to itself (one encoding per meaning),
 * and every word that does not decode fails validation at pc 0. */
static void test_decode_encode_canonical(void **state)
{
	(void)state;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned valid = 0;
	for (unsigned i = 0; i < 2000000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint32_t w = (uint32_t)x;
		if (i % 4 == 0) /* bias toward defined opcodes with small fields */
			w = (w & 0xff000000u) | (w & 0x000c30c3u);
		struct vela_insn in;
		struct vela_verr err;
		bool ok = vela_decode(w, &in);
		uint8_t code[4];
		vela_store_word(code, w);
		if (ok) {
			uint32_t back;
			assert_true(vela_encode(&in, &back));
			assert_int_equal(back, w);
			valid++;
		} else {
			assert_int_equal(in.op, 0);
			assert_false(vela_validate(code, 4, &err));
			assert_int_equal(err.pc, 0);
			assert_true(
			    err.code == VELA_VERR_UNDEFINED || err.code == VELA_VERR_RESERVED ||
			    err.code == VELA_VERR_REGISTER || err.code == VELA_VERR_IMMEDIATE);
		}
		char buf[80];
		size_t n = vela_disasm(w, 0, buf, sizeof(buf));
		assert_true(n > 0 && n < sizeof(buf));
	}
	assert_true(valid > 100000);
}

static void test_reserved_bits(void **state)
{
	(void)state;
	struct vela_insn in;
	struct vela_verr err;
	uint8_t code[4];
	static const struct {
		uint32_t word;
		enum vela_verr_code code;
	} cases[] = {
	    {0x00000000u, VELA_VERR_UNDEFINED},
	    {0xd0000000u, VELA_VERR_UNDEFINED},		 /* reserved space */
	    {0xb7000000u, VELA_VERR_UNDEFINED},		 /* a gap in the VELA-F space */
	    {0xa6000000u | 1u << 6, VELA_VERR_RESERVED}, /* fsqrt.s (R2) with C set */
	    {0xff000000u, VELA_VERR_UNDEFINED},
	    {0x60000001u, VELA_VERR_RESERVED},		   /* nop with a bit set */
	    {0x01000001u, VELA_VERR_RESERVED},		   /* R with imm6 */
	    {0x01400000u, VELA_VERR_REGISTER},		   /* rd = 16 */
	    {0x5a001000u | 0x40000u, VELA_VERR_RESERVED},  /* jr with A set */
	    {0x3b000000u | 32u, VELA_VERR_IMMEDIATE},	   /* slliw by 32 */
	    {0x79000000u | 4u, VELA_VERR_IMMEDIATE},	   /* v.get.w lane 4 */
	    {0x71000000u | 8u << 18, VELA_VERR_REGISTER},  /* vr8 */
	    {0x40000000u | 16u << 18, VELA_VERR_REGISTER}, /* li r16 */
	    {0x38000000u | 1u << 6, VELA_VERR_RESERVED},   /* slli with C set */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_false(vela_decode(cases[i].word, &in));
		vela_store_word(code, cases[i].word);
		assert_false(vela_validate(code, 4, &err));
		if (err.code != cases[i].code)
			fail_msg("word 0x%08x: reason %d (%s), expected %d", cases[i].word,
				 err.code, err.msg, cases[i].code);
	}
}

static void test_validate_program(void **state)
{
	(void)state;
	uint8_t code[16];
	struct vela_verr err;
	vela_store_word(code, enc(VELA_OP_NOP, 0, 0, 0, 0));
	vela_store_word(code + 4, enc(VELA_OP_BEQ, 0, 0, 0, 0) | 0x0);
	struct vela_insn b = {.op = VELA_OP_BEQ, .imm = 12}; /* 4 + 12 = 16: outside */
	uint32_t w;
	assert_true(vela_encode(&b, &w));
	vela_store_word(code + 4, w);
	vela_store_word(code + 8, enc(VELA_OP_J, 0, 0, 0, -8)); /* to 0: fine */
	vela_store_word(code + 12, enc(VELA_OP_HALT, 0, 0, 0, 0));
	assert_false(vela_validate(code, 16, &err));
	assert_int_equal(err.code, VELA_VERR_TARGET);
	assert_int_equal(err.pc, 4);
	assert_string_equal(err.msg, "pc=0x4 : branch target outside the code");
	b.imm = 8;
	assert_true(vela_encode(&b, &w));
	vela_store_word(code + 4, w);
	assert_true(vela_validate(code, 16, &err));
	/* jump before the start */
	vela_store_word(code + 8, enc(VELA_OP_CALL, 0, 0, 0, -12));
	assert_false(vela_validate(code, 16, &err));
	assert_int_equal(err.pc, 8);
	/* size not a multiple of 4 */
	assert_false(vela_validate(code, 15, &err));
	assert_int_equal(err.code, VELA_VERR_CODE_SIZE);
	/* empty code is valid */
	assert_true(vela_validate(code, 0, &err));
}

static void test_capabilities(void **state)
{
	(void)state;
	uint8_t code[8];
	struct vela_verr err;
	vela_store_word(code, enc(VELA_OP_NETSEND, 0, 0, 0, 0));
	vela_store_word(code + 4, enc(VELA_OP_HALT, 0, 0, 0, 0));
	assert_true(vela_validate(code, 8, &err));
	assert_true(vela_validate_caps(code, 8, 1u << VELA_CAP_NET, &err));
	assert_false(vela_validate_caps(code, 8, VELA_CAPS_ALL & ~(1u << VELA_CAP_NET), &err));
	assert_int_equal(err.code, VELA_VERR_CAPABILITY);
	assert_string_equal(err.msg, "pc=0x0 : opcode needs a capability the program lacks NET");
	assert_int_equal(vela_opinfo(VELA_OP_FSWRITE)->cap, VELA_CAP_FS_WRITE);
	assert_int_equal(vela_opinfo(VELA_OP_FSREAD)->cap, VELA_CAP_FS_READ);
	assert_int_equal(vela_opinfo(VELA_OP_CRYPTOVERIFY)->cap, VELA_CAP_CRYPTO);
}

static void test_disasm(void **state)
{
	(void)state;
	char buf[64];
	static const struct {
		uint32_t w;
		uint32_t pc;
		const char *text;
	} cases[] = {
	    {0x010c4140u, 0, "add r3, r4, r5"},
	    {0x30145fffu, 0, "addi r5, r5, -1"},
	    {0x51140ffcu, 0x1c, "bne r5, r0, 0xc"},
	    {0x400c0000u | 0x3ffffu, 0, "li r3, -1"},
	    {0x410c0000u | 0x3ffffu, 0, "shori r3, 0x3ffff"},
	    {0x4c000000u | 7u << 18 | 2u << 12 | 0xff8u, 0, "sd r7, -8(r2)"},
	    {0x48000000u | 3u << 18 | 2u << 12 | 16u, 0, "ld r3, 16(r2)"},
	    {0x59000004u, 8, "call 0x18"},
	    {0x5c000000u, 0, "ret"},
	    {0x5b002000u, 0, "callr r2"},
	    {0x71000000u | 1u << 18 | 2u << 12 | 3u << 6, 0, "v.add.d vr1, vr2, vr3"},
	    {0x79000000u | 3u << 18 | 1u << 12 | 2u, 0, "v.get.w r3, vr1, 2"},
	    {0x77000000u | 1u << 18 | 3u << 12 | 16u, 0, "v.store vr1, 16(r3)"},
	    {0x82000000u | 3u << 18 | 0u << 12 | 5u << 6, 0, "proof.path r3, r0, r5"},
	    {0x63000007u, 0, "break 7"},
	    {0x9e000000u, 0, "crypto.verify"},
	    {0x00000000u, 0, ".word 0x0"},
	    {0x01000001u, 0, ".word 0x1000001"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vela_disasm(cases[i].w, cases[i].pc, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
	/* truncation is safe and reports the full length */
	char small[5];
	size_t n = vela_disasm(0x010c4140u, 0, small, sizeof(small));
	assert_int_equal(n, strlen("add r3, r4, r5"));
	assert_string_equal(small, "add ");
}

static void test_object_roundtrip(void **state)
{
	(void)state;
	uint8_t code[8], data[3] = {1, 2, 3};
	vela_store_word(code, enc(VELA_OP_NOP, 0, 0, 0, 0));
	vela_store_word(code + 4, enc(VELA_OP_HALT, 0, 0, 0, 0));
	struct vela_sym syms[] = {
	    {"main", VELA_OBJ_IDX_CODE, VELA_SYM_GLOBAL | VELA_SYM_FUNC, 0, 8},
	    {"target", VELA_OBJ_IDX_CODE, VELA_SYM_ADDR_TAKEN, 4, 0},
	    {"buf", VELA_OBJ_IDX_DATA, 0, 0x1000, 0},
	    {"K", VELA_SYM_ABS, 0, 42, 0},
	};
	struct vela_obj_desc d = {
	    .entry = 4,
	    .mem_size = 1 << 16,
	    .code = code,
	    .code_size = 8,
	    .data = data,
	    .data_size = 3,
	    .data_addr = 0x1000,
	    .bss_addr = 0x1010,
	    .bss_size = 32,
	    .syms = syms,
	    .nsyms = 4,
	};
	size_t need = vela_obj_write(&d, NULL, 0);
	uint8_t *buf = calloc(1, need);
	assert_int_equal(vela_obj_write(&d, buf, need), need);
	struct vela_obj o;
	assert_null(vela_obj_parse(buf, need, &o));
	assert_int_equal(o.entry, 4);
	assert_int_equal(o.mem_size, 1 << 16);
	assert_int_equal(o.code_size, 8);
	assert_memory_equal(o.code, code, 8);
	assert_int_equal(o.data_size, 3);
	assert_int_equal(o.data_addr, 0x1000);
	assert_int_equal(o.bss_size, 32);
	assert_int_equal(o.nsyms, 4);
	struct vela_sym s;
	vela_obj_sym(&o, 0, &s);
	assert_string_equal(s.name, "main");
	assert_int_equal(s.size, 8);
	vela_obj_sym(&o, 3, &s);
	assert_string_equal(s.name, "K");
	assert_int_equal(s.section, VELA_SYM_ABS);
	uint8_t bitmap[1];
	vela_obj_targets(&o, bitmap, 1);
	assert_int_equal(bitmap[0], 3); /* pc 0 (func) and 4 (address-taken) */

	/* every truncation and every single-byte corruption of the header
	 * region is either rejected or parsed safely (ASan watches) */
	for (size_t len = 0; len + 8 <= need; len++) { /* the last 8 may be padding */
		uint8_t *cut = malloc(len + 1);
		memcpy(cut, buf, len);
		assert_non_null(vela_obj_parse(cut, len, &o));
		free(cut);
	}
	for (size_t i = 0; i < need; i++) {
		for (int bit = 0; bit < 8; bit++) {
			buf[i] ^= (uint8_t)(1u << bit);
			if (!vela_obj_parse(buf, need, &o))
				for (uint32_t k = 0; k < o.nsyms; k++)
					vela_obj_sym(&o, k, &s);
			buf[i] ^= (uint8_t)(1u << bit);
		}
	}
	memcpy(buf, "AELF", 4);
	assert_string_equal(vela_obj_parse(buf, need, &o), "not a VELA object (bad magic)");
	free(buf);
}

static void test_object_rejects(void **state)
{
	(void)state;
	uint8_t code[4];
	vela_store_word(code, enc(VELA_OP_HALT, 0, 0, 0, 0));
	struct vela_sym bad_func = {"f", VELA_OBJ_IDX_CODE, VELA_SYM_FUNC, 2, 0};
	struct vela_obj_desc d = {.code = code, .code_size = 4, .syms = &bad_func, .nsyms = 1};
	uint8_t buf[512];
	size_t n = vela_obj_write(&d, buf, sizeof(buf));
	struct vela_obj o;
	assert_string_equal(vela_obj_parse(buf, n, &o),
			    "function or address-taken symbol outside the code or misaligned");
	d.nsyms = 0;
	d.entry = 4;
	n = vela_obj_write(&d, buf, sizeof(buf));
	assert_string_equal(vela_obj_parse(buf, n, &o),
			    "entry point outside the code or misaligned");
	d.entry = 0;
	d.mem_size = 3000;
	n = vela_obj_write(&d, buf, sizeof(buf));
	assert_string_equal(vela_obj_parse(buf, n, &o), "mem_size is not a power of two");
	d.mem_size = 4096;
	d.bss_addr = 4000;
	d.bss_size = 100;
	n = vela_obj_write(&d, buf, sizeof(buf));
	assert_string_equal(vela_obj_parse(buf, n, &o), "bss section outside the sandbox");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_field_layout),
	    cmocka_unit_test(test_encode_limits),
	    cmocka_unit_test(test_decode_encode_canonical),
	    cmocka_unit_test(test_reserved_bits),
	    cmocka_unit_test(test_validate_program),
	    cmocka_unit_test(test_capabilities),
	    cmocka_unit_test(test_disasm),
	    cmocka_unit_test(test_object_roundtrip),
	    cmocka_unit_test(test_object_rejects),
	};
	return cmocka_run_group_tests_name("vela-isa", tests, NULL, NULL);
}
