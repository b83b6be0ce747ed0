/* vela-objdump's printer, shared with the object fuzzer. */
#ifndef VELA_OBJDUMP_DUMP_H
#define VELA_OBJDUMP_DUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The object in buf as reassemblable source on out; 0, or 1 with the reason
 * on err when buf is not a valid VELA object. */
int vela_objdump(FILE *out, FILE *err, const uint8_t *buf, size_t len, const char *name);

/* The opcode table of docs/vela-isa.md, generated from vela.def. */
void vela_isa_table(FILE *out);

#endif
