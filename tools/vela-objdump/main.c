/*
 * vela-objdump: print a VELA object as reassemblable assembler source.
 *   vela-objdump FILE.vo        listing (vela-as of it gives the same object)
 *   vela-objdump --isa-table    the opcode table of docs/vela-isa.md
 * Exit status: 0, 1 for an invalid object, 2 for usage or I/O errors.
 */
#include "vela-objdump/dump.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0) {
		fclose(f);
		return NULL;
	}
	long n = ftell(f);
	rewind(f);
	uint8_t *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--isa-table") == 0) {
		vela_isa_table(stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: vela-objdump FILE.vo | --isa-table\n");
		return 2;
	}
	size_t len = 0;
	uint8_t *buf = read_file(argv[1], &len);
	if (!buf) {
		fprintf(stderr, "vela-objdump: error: cannot read '%s'\n", argv[1]);
		return 2;
	}
	int rc = vela_objdump(stdout, stderr, buf, len, argv[1]);
	free(buf);
	return rc;
}
