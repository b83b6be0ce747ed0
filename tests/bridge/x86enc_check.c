/* Byte-for-byte check of lib/bridge/x86 against GNU as.
 *
 * For every instruction form the encoder offers, this tool generates many instances
 * (all 16 registers, every base/index pair including the rsp/r12/rbp/r13 special
 * cases of ModRM/SIB, displacement and immediate edges), writes each instance both
 * as AT&T text and as encoder bytes, assembles the text with `as --64`, extracts
 * .text with `objcopy -O binary` and compares. One [OK]/[FAIL] line per form; a
 * failure names the first instruction that differs.
 *
 *   x86enc_check WORKDIR
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bridge/x86/x86enc.h"

static const char *r64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
			      "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *r32[16] = {"eax", "ecx", "edx",  "ebx",  "esp",  "ebp",  "esi",  "edi",
			      "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
static const char *r16[16] = {"ax",  "cx",  "dx",   "bx",   "sp",   "bp",   "si",   "di",
			      "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
static const char *r8n[16] = {"al",  "cl",  "dl",   "bl",   "spl",  "bpl",  "sil",  "dil",
			      "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
static const char *ccn[16] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
			      "s", "ns", "p", "np", "l", "ge", "le", "g"};
static const char *alun[8] = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
static const int32_t disps[] = {0, 1, -1, 8, 127, 128, -128, -129, 0x7fffffff, INT32_MIN, 0x1234};
static const int32_t imms[] = {0,    1,	   -1,	2,	    127,       128,
			       -128, -129, 255, 0x7fffffff, INT32_MIN, 0x12345};
#define NDISP (sizeof disps / sizeof disps[0])
#define NIMM  (sizeof imms / sizeof imms[0])

#define MAXI 40000
static const char *workdir;
static uint8_t code[MAXI * 16];
static struct x86_buf B;
static char *text;
static size_t text_len, text_cap;
static size_t ins_off[MAXI + 1];
static size_t ins_text[MAXI + 1];
static size_t nins;
static int failures, forms;

static void begin(void)
{
	x86_buf_init(&B, code, sizeof code);
	text_len = 0;
	nins = 0;
}

static void textf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (text_len + (size_t)n + 2 > text_cap) {
		text_cap = (text_len + (size_t)n + 2) * 2;
		text = realloc(text, text_cap);
		if (!text)
			abort();
	}
	va_start(ap, fmt);
	vsnprintf(text + text_len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	text_len += (size_t)n;
	text[text_len++] = '\n';
	text[text_len] = 0;
}

/* Start one instance: remember where its bytes and its text begin. */
static void ins(void)
{
	if (nins >= MAXI)
		abort();
	ins_off[nins] = B.len;
	ins_text[nins] = text_len;
	nins++;
}

static const char *mem(char *buf, struct x86_mem m)
{
	char d[32] = "";
	if (m.disp != 0)
		snprintf(d, sizeof d, "%" PRId32, m.disp);
	if (m.index == X86_NOREG)
		snprintf(buf, 64, "%s(%%%s)", d, r64[m.base]);
	else
		snprintf(buf, 64, "%s(%%%s,%%%s,%u)", d, r64[m.base], r64[m.index], m.scale);
	return buf;
}

/* The k-th memory operand of the sweep: every base x (no index | every index but
 * rsp) x every displacement edge; scales cycle. */
static size_t nmem(void)
{
	return 16 * 16 * NDISP;
}

static struct x86_mem mem_k(size_t k)
{
	unsigned base = (unsigned)(k % 16);
	unsigned ix = (unsigned)(k / 16 % 16);
	int32_t disp = disps[k / 256 % NDISP];
	static const uint8_t sc[4] = {1, 2, 4, 8};
	unsigned index = ix == X86_RSP ? X86_NOREG : ix;
	return x86_mi(base, index, index == X86_NOREG ? 1 : sc[(k / 7) % 4], disp);
}

static void run_as(const char *name)
{
	char spath[512], opath[512], bpath[512], cmd[4096];
	snprintf(spath, sizeof spath, "%s/%s.s", workdir, name);
	snprintf(opath, sizeof opath, "%s/%s.o", workdir, name);
	snprintf(bpath, sizeof bpath, "%s/%s.bin", workdir, name);
	forms++;
	if (B.overflow || B.bad) {
		printf("[FAIL] x86enc:%s: encoder reported %s\n", name,
		       B.bad ? "a bad operand" : "overflow");
		failures++;
		return;
	}
	FILE *f = fopen(spath, "w");
	if (!f) {
		printf("[FAIL] x86enc:%s: cannot write %s\n", name, spath);
		failures++;
		return;
	}
	fprintf(f, "\t.text\n%s", text);
	fclose(f);
	snprintf(cmd, sizeof cmd, "as --64 -o %s %s && objcopy -O binary -j .text %s %s", opath,
		 spath, opath, bpath);
	if (system(cmd) != 0) {
		printf("[FAIL] x86enc:%s: as/objcopy failed on %s\n", name, spath);
		failures++;
		return;
	}
	f = fopen(bpath, "rb");
	static uint8_t ref[MAXI * 16];
	size_t n = f ? fread(ref, 1, sizeof ref, f) : 0;
	if (f)
		fclose(f);
	size_t lim = n < B.len ? n : B.len;
	size_t diff = 0;
	while (diff < lim && ref[diff] == code[diff])
		diff++;
	if (diff == lim && n == B.len) {
		printf("[OK] x86enc:%s (%zu instances, %zu bytes)\n", name, nins, B.len);
		return;
	}
	size_t i = 0;
	while (i + 1 < nins && ins_off[i + 1] <= diff)
		i++;
	size_t tend = i + 1 < nins ? ins_text[i + 1] : text_len;
	size_t bend = i + 1 < nins ? ins_off[i + 1] : B.len;
	printf("[FAIL] x86enc:%s: instance %zu `%.*s`: encoder", name, i,
	       (int)(tend - ins_text[i] - 1), text + ins_text[i]);
	for (size_t j = ins_off[i]; j < bend; j++)
		printf(" %02x", code[j]);
	printf(", as");
	for (size_t j = ins_off[i]; j < bend + 4 && j < n; j++)
		printf(" %02x", ref[j]);
	printf("\n");
	failures++;
}

static void check_moves(void)
{
	char mb[64];
	begin();
	for (unsigned w = 0; w < 2; w++)
		for (unsigned d = 0; d < 16; d++)
			for (unsigned s = 0; s < 16; s++) {
				ins();
				x86_mov_rr(&B, w, d, s);
				textf(w ? "movq %%%s, %%%s" : "movl %%%s, %%%s", (w ? r64 : r32)[s],
				      (w ? r64 : r32)[d]);
			}
	run_as("mov_rr");

	static const int64_t wide[] = {0,
				       1,
				       0x7fffffff,
				       0x80000000LL,
				       0xffffffffLL,
				       0x100000000LL,
				       -1,
				       -0x80000000LL,
				       -0x80000001LL,
				       INT64_MIN,
				       INT64_MAX,
				       0x123456789abcLL};
	begin();
	for (unsigned d = 0; d < 16; d++)
		for (size_t k = 0; k < sizeof wide / sizeof wide[0]; k++) {
			int64_t v = wide[k];
			ins();
			x86_mov_ri(&B, d, v);
			if (v >= 0 && v <= 0xffffffffLL)
				textf("movl $%" PRId64 ", %%%s", v, r32[d]);
			else if (v >= INT32_MIN && v <= INT32_MAX)
				textf("movq $%" PRId64 ", %%%s", v, r64[d]);
			else
				textf("movabsq $%" PRId64 ", %%%s", v, r64[d]);
			ins();
			x86_movabs(&B, d, (uint64_t)v);
			textf("movabsq $%" PRId64 ", %%%s", v, r64[d]);
		}
	run_as("mov_ri");

	static const struct {
		const char *name, *mn;
		unsigned size;
		bool sext;
		const char **regs;
	} loads[] = {
	    {"load8u", "movzbl", 1, false, r32},  {"load8s", "movsbq", 1, true, r64},
	    {"load16u", "movzwl", 2, false, r32}, {"load16s", "movswq", 2, true, r64},
	    {"load32u", "movl", 4, false, r32},	  {"load32s", "movslq", 4, true, r64},
	    {"load64", "movq", 8, false, r64},
	};
	for (size_t l = 0; l < sizeof loads / sizeof loads[0]; l++) {
		begin();
		for (size_t k = 0; k < nmem(); k++) {
			struct x86_mem m = mem_k(k);
			unsigned d = (unsigned)(k * 5 % 16);
			ins();
			x86_load(&B, d, m, loads[l].size, loads[l].sext);
			textf("%s %s, %%%s", loads[l].mn, mem(mb, m), loads[l].regs[d]);
		}
		run_as(loads[l].name);
	}

	static const struct {
		const char *name, *mn;
		unsigned size;
		const char **regs;
	} stores[] = {
	    {"store8", "movb", 1, r8n},
	    {"store16", "movw", 2, r16},
	    {"store32", "movl", 4, r32},
	    {"store64", "movq", 8, r64},
	};
	for (size_t l = 0; l < sizeof stores / sizeof stores[0]; l++) {
		begin();
		for (size_t k = 0; k < nmem(); k++) {
			struct x86_mem m = mem_k(k);
			unsigned s = (unsigned)(k * 3 % 16);
			ins();
			x86_store(&B, m, s, stores[l].size);
			textf("%s %%%s, %s", stores[l].mn, stores[l].regs[s], mem(mb, m));
		}
		run_as(stores[l].name);
	}

	begin();
	for (size_t k = 0; k < nmem(); k++) {
		struct x86_mem m = mem_k(k);
		int32_t v = imms[k % NIMM];
		ins();
		x86_store_imm(&B, m, v, k & 1 ? 8 : 4);
		textf("%s $%" PRId32 ", %s", k & 1 ? "movq" : "movl", v, mem(mb, m));
	}
	run_as("store_imm");

	begin();
	for (size_t k = 0; k < nmem(); k++) {
		struct x86_mem m = mem_k(k);
		unsigned d = (unsigned)(k * 7 % 16);
		ins();
		x86_lea(&B, d, m);
		textf("leaq %s, %%%s", mem(mb, m), r64[d]);
	}
	run_as("lea");

	begin();
	for (unsigned d = 0; d < 16; d++)
		for (unsigned s = 0; s < 16; s++) {
			ins();
			x86_movzx8_rr(&B, d, s);
			textf("movzbl %%%s, %%%s", r8n[s], r32[d]);
			ins();
			x86_movzx16_rr(&B, d, s);
			textf("movzwl %%%s, %%%s", r16[s], r32[d]);
			ins();
			x86_movsx_rr(&B, d, s, 1);
			textf("movsbq %%%s, %%%s", r8n[s], r64[d]);
			ins();
			x86_movsx_rr(&B, d, s, 2);
			textf("movswq %%%s, %%%s", r16[s], r64[d]);
			ins();
			x86_movsx_rr(&B, d, s, 4);
			textf("movslq %%%s, %%%s", r32[s], r64[d]);
			ins();
			x86_xchg_rr(&B, d, s);
			textf("xchgq %%%s, %%%s", r64[d], r64[s]);
		}
	run_as("extend_xchg");

	begin();
	for (unsigned cc = 0; cc < 16; cc++)
		for (unsigned d = 0; d < 16; d++)
			for (unsigned w = 0; w < 2; w++) {
				unsigned s = (d * 7 + cc) % 16;
				ins();
				x86_cmov(&B, w, cc, d, s);
				textf("cmov%s%s %%%s, %%%s", ccn[cc], w ? "q" : "l",
				      (w ? r64 : r32)[s], (w ? r64 : r32)[d]);
				ins();
				x86_setcc(&B, cc, d);
				textf("set%s %%%s", ccn[cc], r8n[d]);
			}
	run_as("cmov_setcc");
}

static void check_alu(void)
{
	char mb[64];
	begin();
	for (unsigned op = 0; op < 8; op++)
		for (unsigned w = 0; w < 2; w++)
			for (unsigned d = 0; d < 16; d++)
				for (unsigned s = 0; s < 16; s++) {
					const char **rn = w ? r64 : r32;
					ins();
					x86_alu_rr(&B, w, op, d, s);
					textf("%s%s %%%s, %%%s", alun[op], w ? "q" : "l", rn[s],
					      rn[d]);
				}
	run_as("alu_rr");

	begin();
	for (unsigned op = 0; op < 8; op++)
		for (unsigned w = 0; w < 2; w++)
			for (unsigned d = 0; d < 16; d++)
				for (size_t k = 0; k < NIMM; k++) {
					ins();
					x86_alu_ri(&B, w, op, d, imms[k]);
					textf("%s%s $%" PRId32 ", %%%s", alun[op], w ? "q" : "l",
					      imms[k], (w ? r64 : r32)[d]);
				}
	run_as("alu_ri");

	begin();
	for (size_t k = 0; k < nmem(); k++) {
		struct x86_mem m = mem_k(k);
		unsigned op = (unsigned)(k % 8), w = (unsigned)(k / 8 % 2);
		unsigned r = (unsigned)(k * 11 % 16);
		const char **rn = w ? r64 : r32;
		const char *sfx = w ? "q" : "l";
		ins();
		x86_alu_rm(&B, w, op, r, m);
		textf("%s%s %s, %%%s", alun[op], sfx, mem(mb, m), rn[r]);
		ins();
		x86_alu_mr(&B, w, op, m, r);
		textf("%s%s %%%s, %s", alun[op], sfx, rn[r], mem(mb, m));
		ins();
		x86_alu_mi(&B, w, op, m, imms[k % NIMM]);
		textf("%s%s $%" PRId32 ", %s", alun[op], sfx, imms[k % NIMM], mem(mb, m));
	}
	run_as("alu_mem");

	begin();
	for (unsigned w = 0; w < 2; w++)
		for (unsigned d = 0; d < 16; d++) {
			const char **rn = w ? r64 : r32;
			const char *sfx = w ? "q" : "l";
			for (unsigned s = 0; s < 16; s++) {
				ins();
				x86_test_rr(&B, w, d, s);
				textf("test%s %%%s, %%%s", sfx, rn[s], rn[d]);
				ins();
				x86_imul_rr(&B, w, d, s);
				textf("imul%s %%%s, %%%s", sfx, rn[s], rn[d]);
				ins();
				x86_imul_rri(&B, w, d, s, imms[(d + s) % NIMM]);
				textf("imul%s $%" PRId32 ", %%%s, %%%s", sfx, imms[(d + s) % NIMM],
				      rn[s], rn[d]);
				if (w) {
					ins();
					x86_bsr(&B, d, s);
					textf("bsrq %%%s, %%%s", r64[s], r64[d]);
					ins();
					x86_bsf(&B, d, s);
					textf("bsfq %%%s, %%%s", r64[s], r64[d]);
				}
				ins();
				x86_bt_rr(&B, w, d, s);
				textf("bt%s %%%s, %%%s", sfx, rn[s], rn[d]);
			}
			for (size_t k = 0; k < NIMM; k++) {
				ins();
				x86_test_ri(&B, w, d, imms[k]);
				textf("test%s $%" PRId32 ", %%%s", sfx, imms[k], rn[d]);
			}
			static const char *un[8] = {0,	   0,	   "not", "neg",
						    "mul", "imul", "div", "idiv"};
			for (unsigned u = 2; u < 8; u++) {
				ins();
				x86_unary(&B, w, u, d);
				textf("%s%s %%%s", un[u], sfx, rn[d]);
			}
			static const struct {
				enum x86_shift op;
				const char *n;
			} sh[] = {{X86_ROL, "rol"},
				  {X86_ROR, "ror"},
				  {X86_SHL, "shl"},
				  {X86_SHR, "shr"},
				  {X86_SAR, "sar"}};
			static const uint8_t cnt[] = {0, 1, 2, 7, 31, 32, 63};
			for (size_t k = 0; k < 5; k++) {
				ins();
				x86_shift_cl(&B, w, sh[k].op, d);
				textf("%s%s %%cl, %%%s", sh[k].n, sfx, rn[d]);
				for (size_t c = 0; c < sizeof cnt; c++) {
					ins();
					x86_shift_ri(&B, w, sh[k].op, d, cnt[c]);
					if (cnt[c] == 1)
						textf("%s%s %%%s", sh[k].n, sfx, rn[d]);
					else
						textf("%s%s $%u, %%%s", sh[k].n, sfx, cnt[c],
						      rn[d]);
				}
			}
			ins();
			x86_bt_ri(&B, w, d, (uint8_t)(d * 3 % 32));
			textf("bt%s $%u, %%%s", sfx, d * 3 % 32, rn[d]);
		}
	ins();
	x86_cqo(&B);
	textf("cqto");
	ins();
	x86_cdq(&B);
	textf("cltd");
	run_as("arith");
}

static void check_control(void)
{
	char mb[64];
	static const int32_t rels[] = {0,    1,	     -1,      127,	  128,	      -128,
				       -129, 0x1000, -0x1000, 0x7fff0000, -0x7fff0000};
	begin();
	for (unsigned cc = 0; cc < 16; cc++)
		for (size_t k = 0; k < sizeof rels / sizeof rels[0]; k++) {
			ins();
			x86_jcc32(&B, cc, rels[k]);
			textf("{disp32} j%s .+%" PRId64, ccn[cc], (int64_t)rels[k] + 6);
		}
	for (size_t k = 0; k < sizeof rels / sizeof rels[0]; k++) {
		ins();
		x86_jmp32(&B, rels[k]);
		textf("{disp32} jmp .+%" PRId64, (int64_t)rels[k] + 5);
		ins();
		x86_call32(&B, rels[k]);
		textf("call .+%" PRId64, (int64_t)rels[k] + 5);
	}
	static const int8_t r8s[] = {0, 1, -1, 127, -128, 40};
	for (unsigned cc = 0; cc < 16; cc++)
		for (size_t k = 0; k < sizeof r8s; k++) {
			ins();
			x86_jcc8(&B, cc, r8s[k]);
			textf("{disp8} j%s .+%d", ccn[cc], r8s[k] + 2);
			ins();
			x86_jmp8(&B, r8s[k]);
			textf("{disp8} jmp .+%d", r8s[k] + 2);
		}
	for (unsigned r = 0; r < 16; r++) {
		ins();
		x86_jmp_r(&B, r);
		textf("jmp *%%%s", r64[r]);
		ins();
		x86_call_r(&B, r);
		textf("call *%%%s", r64[r]);
		ins();
		x86_push(&B, r);
		textf("push %%%s", r64[r]);
		ins();
		x86_pop(&B, r);
		textf("pop %%%s", r64[r]);
	}
	for (size_t k = 0; k < nmem(); k += 3) {
		struct x86_mem m = mem_k(k);
		ins();
		x86_jmp_m(&B, m);
		textf("jmp *%s", mem(mb, m));
		ins();
		x86_bt_mr(&B, m, (unsigned)(k % 16));
		textf("btq %%%s, %s", r64[k % 16], mem(mb, m));
		ins();
		x86_call_m(&B, m);
		textf("call *%s", mem(mb, m));
	}
	ins();
	x86_ret(&B);
	textf("ret");
	ins();
	x86_ud2(&B);
	textf("ud2");
	ins();
	x86_int3(&B);
	textf("int3");
	ins();
	x86_syscall(&B);
	textf("syscall");
	static const char *nops[9] = {"nop",
				      "xchg %ax, %ax",
				      "nopl (%rax)",
				      "{disp8} nopl 0(%rax)",
				      "{disp8} nopl 0(%rax,%rax,1)",
				      "{disp8} nopw 0(%rax,%rax,1)",
				      "{disp32} nopl 0(%rax)",
				      "{disp32} nopl 0(%rax,%rax,1)",
				      "{disp32} nopw 0(%rax,%rax,1)"};
	for (unsigned n = 1; n <= 9; n++) {
		ins();
		x86_nop(&B, n);
		textf("%s", nops[n - 1]);
	}
	run_as("control");
}

static void check_sse(void)
{
	char mb[64];
	static const struct {
		enum x86_sse op;
		const char *n;
	} ops[] = {{X86_PADDD, "paddd"},    {X86_PADDQ, "paddq"}, {X86_PSUBD, "psubd"},
		   {X86_PSUBQ, "psubq"},    {X86_PAND, "pand"},	  {X86_PANDN, "pandn"},
		   {X86_POR, "por"},	    {X86_PXOR, "pxor"},	  {X86_PCMPEQD, "pcmpeqd"},
		   {X86_PMULUDQ, "pmuludq"}};
	begin();
	for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
		for (unsigned d = 0; d < 16; d++)
			for (unsigned s = 0; s < 16; s++) {
				ins();
				x86_sse_rr(&B, ops[o].op, d, s);
				textf("%s %%xmm%u, %%xmm%u", ops[o].n, s, d);
			}
	for (unsigned d = 0; d < 16; d++)
		for (unsigned s = 0; s < 16; s++) {
			ins();
			x86_movdqa_rr(&B, d, s);
			textf("movdqa %%xmm%u, %%xmm%u", s, d);
			ins();
			x86_pshufd(&B, d, s, (uint8_t)(d * 17 + s));
			textf("pshufd $%u, %%xmm%u, %%xmm%u", (d * 17 + s) & 255, s, d);
			ins();
			x86_movd_xr(&B, false, d, s);
			textf("movd %%%s, %%xmm%u", r32[s], d);
			ins();
			x86_movd_xr(&B, true, d, s);
			textf("movq %%%s, %%xmm%u", r64[s], d);
			ins();
			x86_movd_rx(&B, false, d, s);
			textf("movd %%xmm%u, %%%s", s, r32[d]);
			ins();
			x86_movd_rx(&B, true, d, s);
			textf("movq %%xmm%u, %%%s", s, r64[d]);
		}
	run_as("sse_rr");

	begin();
	for (size_t k = 0; k < nmem(); k++) {
		struct x86_mem m = mem_k(k);
		unsigned x = (unsigned)(k * 5 % 16);
		ins();
		x86_movdqu_load(&B, x, m);
		textf("movdqu %s, %%xmm%u", mem(mb, m), x);
		ins();
		x86_movdqu_store(&B, m, x);
		textf("movdqu %%xmm%u, %s", x, mem(mb, m));
		size_t o = k % (sizeof ops / sizeof ops[0]);
		ins();
		x86_sse_rm(&B, ops[o].op, x, m);
		textf("%s %s, %%xmm%u", ops[o].n, mem(mb, m), x);
	}
	run_as("sse_mem");
}

/* VELA-F: the SSE/SSE2 scalar float forms, register and memory operands. */
static void check_sse_scalar(void)
{
	char mb[64];
	static const struct {
		enum x86_fop op;
		const char *n; /* mnemonic without the ss/sd suffix; NULL: cvt */
	} fops[] = {{X86_FSQRT, "sqrt"}, {X86_FADD, "add"}, {X86_FMUL, "mul"}, {X86_FCVT, NULL},
		    {X86_FSUB, "sub"},	 {X86_FMIN, "min"}, {X86_FDIV, "div"}, {X86_FMAX, "max"}};
	static const char *preds[8] = {"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"};
	const size_t nfops = sizeof fops / sizeof fops[0];
	char mn[32];
	begin();
	for (unsigned dbl = 0; dbl < 2; dbl++) {
		const char *sfx = dbl ? "sd" : "ss";
		for (unsigned d = 0; d < 16; d++)
			for (unsigned s = 0; s < 16; s++) {
				size_t o = (d * 16 + s) % nfops;
				for (size_t k = 0; k < nfops; k += 3) {
					size_t f = (o + k) % nfops;
					if (fops[f].n)
						snprintf(mn, sizeof mn, "%s%s", fops[f].n, sfx);
					else
						snprintf(mn, sizeof mn, "%s",
							 dbl ? "cvtsd2ss" : "cvtss2sd");
					ins();
					x86_fop_rr(&B, fops[f].op, dbl, d, s);
					textf("%s %%xmm%u, %%xmm%u", mn, s, d);
				}
				unsigned p = (d + s) % 8;
				ins();
				x86_fcmp_rr(&B, p, dbl, d, s);
				textf("cmp%s%s %%xmm%u, %%xmm%u", preds[p], sfx, s, d);
				ins();
				x86_ucomis_rr(&B, dbl, d, s);
				textf("ucomis%s %%xmm%u, %%xmm%u", dbl ? "d" : "s", s, d);
				for (unsigned w = 0; w < 2; w++) {
					ins();
					x86_cvtt2si(&B, dbl, w, d, s);
					textf("cvtt%s2si %%xmm%u, %%%s", sfx, s,
					      (w ? r64 : r32)[d]);
					ins();
					x86_cvtsi2f(&B, dbl, w, d, s);
					textf("cvtsi2%s%s %%%s, %%xmm%u", sfx, w ? "q" : "l",
					      (w ? r64 : r32)[s], d);
				}
			}
	}
	for (unsigned w = 0; w < 2; w++)
		for (unsigned r = 0; r < 16; r++)
			for (unsigned bit = 0; bit < (w ? 64u : 32u); bit += 7) {
				ins();
				x86_bts_ri(&B, w, r, (uint8_t)bit);
				textf("bts%s $%u, %%%s", w ? "q" : "l", bit, (w ? r64 : r32)[r]);
			}
	run_as("sse_scalar_rr");

	begin();
	for (size_t k = 0; k < nmem(); k++) {
		struct x86_mem m = mem_k(k);
		unsigned x = (unsigned)(k * 7 % 16);
		unsigned dbl = (unsigned)(k / 3 % 2);
		const char *sfx = dbl ? "sd" : "ss";
		size_t f = k % nfops;
		if (fops[f].n)
			snprintf(mn, sizeof mn, "%s%s", fops[f].n, sfx);
		else
			snprintf(mn, sizeof mn, "%s", dbl ? "cvtsd2ss" : "cvtss2sd");
		ins();
		x86_fop_rm(&B, fops[f].op, dbl, x, m);
		textf("%s %s, %%xmm%u", mn, mem(mb, m), x);
		ins();
		x86_fcmp_rm(&B, k % 8, dbl, x, m);
		textf("cmp%s%s %s, %%xmm%u", preds[k % 8], sfx, mem(mb, m), x);
		ins();
		x86_movd_xm(&B, dbl, x, m);
		textf("%s %s, %%xmm%u", dbl ? "movq" : "movd", mem(mb, m), x);
	}
	run_as("sse_scalar_mem");
}

/* The encoder must refuse what x86-64 cannot encode, without writing past the buffer. */
static void check_refusals(void)
{
	uint8_t small[4];
	struct x86_buf b;
	forms++;
	x86_buf_init(&b, small, sizeof small);
	x86_load(&b, X86_RAX, x86_mi(X86_RBX, X86_RSP, 1, 0), 8, false);
	bool ok = b.bad;
	x86_buf_init(&b, small, sizeof small);
	x86_load(&b, X86_RAX, x86_mi(X86_RBX, X86_RCX, 3, 0), 8, false);
	ok = ok && b.bad;
	x86_buf_init(&b, small, sizeof small);
	x86_movabs(&b, X86_R9, 1);
	ok = ok && b.overflow && b.len == 10;
	if (ok) {
		printf("[OK] x86enc:refusals\n");
	} else {
		printf("[FAIL] x86enc:refusals: index=rsp, scale 3 or overflow not reported\n");
		failures++;
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s WORKDIR\n", argv[0]);
		return 2;
	}
	workdir = argv[1];
	check_moves();
	check_alu();
	check_control();
	check_sse();
	check_sse_scalar();
	check_refusals();
	printf("x86enc: %d forms, %d failed\n", forms, failures);
	free(text);
	return failures ? 1 : 0;
}
