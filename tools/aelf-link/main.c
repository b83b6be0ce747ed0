/*
 * aelf-link: pack a VELA object (from vela-as or vela-wasm) into a signed AELF
 * executable, and inspect or verify AELF files.
 *
 *   aelf-link IN.vo -o OUT.aelf (--key SECRET_FILE | --unsigned)
 *             [--caps fs_read,fs_write,net,crypto,proc|none] [--stack BYTES] [--mem BYTES]
 *   aelf-link verify FILE.aelf PUBLIC_FILE   exit 0 valid, 1 invalid, 2 usage or I/O error
 *   aelf-link info FILE.aelf
 *
 * One object makes one executable: vela-as resolves a whole program (.include),
 * so the object format carries no relocations (docs/aelf.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aelf/aelf.h"
#include "common/file_io.h"
#include "crypto/ed25519.h"
#include "vela/vela.h"

#define DEFAULT_STACK (64u << 10)
#define DEFAULT_MEM   (1u << 20)

static const char *prog = "aelf-link";

static int usage(void)
{
	fprintf(stderr,
		"usage: %s IN.vo -o OUT.aelf (--key SECRET_FILE | --unsigned)\n"
		"           [--caps LIST] [--stack BYTES] [--mem BYTES]\n"
		"       %s verify FILE.aelf PUBLIC_FILE\n"
		"       %s info FILE.aelf\n"
		"capabilities: fs_read fs_write net crypto proc (comma-separated, or none)\n",
		prog, prog, prog);
	return 2;
}

static int parse_caps(const char *list, uint32_t *caps)
{
	*caps = 0;
	if (strcmp(list, "none") == 0 || list[0] == '\0')
		return 0;
	char *copy = strdup(list);
	int rc = 0;
	for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
		int found = -1;
		for (int c = 0; c < VELA_CAP_COUNT; c++) {
			if (strcasecmp(tok, vela_cap_name(c)) == 0)
				found = c;
		}
		if (found < 0) {
			fprintf(stderr, "%s: unknown capability '%s'\n", prog, tok);
			rc = -1;
			break;
		}
		*caps |= 1u << found;
	}
	free(copy);
	return rc;
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static uint8_t *read_exact(const char *path, size_t want, const char *what)
{
	size_t len;
	uint8_t *buf = file_read_all(path, &len);
	if (!buf) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return NULL;
	}
	if (len != want) {
		fprintf(stderr, "%s: %s: %s must be %zu bytes, file has %zu\n", prog, path, what,
			want, len);
		free(buf);
		return NULL;
	}
	return buf;
}

static void print_caps(uint32_t caps)
{
	if (!caps) {
		printf("none");
		return;
	}
	const char *sep = "";
	for (int c = 0; c < VELA_CAP_COUNT; c++) {
		if (caps & (1u << c)) {
			printf("%s%s", sep, vela_cap_name(c));
			sep = ",";
		}
	}
}

static int cmd_info_or_verify(const char *path, const char *pub_path)
{
	size_t len;
	uint8_t *buf = file_read_all(path, &len);
	if (!buf) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return 2;
	}
	struct aelf_image img;
	const char *err = aelf_parse(buf, len, &img);
	if (err) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, err);
		free(buf);
		return pub_path ? 1 : 2;
	}
	int rc = 0;
	if (pub_path) {
		uint8_t *pk = read_exact(pub_path, 32, "a public key");
		if (!pk) {
			free(buf);
			return 2;
		}
		if (aelf_is_unsigned(&img)) {
			printf("%s: UNSIGNED\n", path);
			rc = 1;
		} else if (aelf_verify(&img, pk)) {
			printf("%s: signature valid\n", path);
		} else {
			printf("%s: signature INVALID\n", path);
			rc = 1;
		}
		free(pk);
	} else {
		printf(
		    "%s: AELF, entry %#x, code %u bytes, data %u bytes at %#llx, bss %llu bytes, "
		    "mem_size %llu, stack %llu\n",
		    path, img.obj.entry, img.obj.code_size, img.obj.data_size,
		    (unsigned long long)img.obj.data_addr, (unsigned long long)img.obj.bss_size,
		    (unsigned long long)img.obj.mem_size, (unsigned long long)img.stack_size);
		printf("capabilities: ");
		print_caps(img.caps);
		printf("\nkey id: ");
		if (aelf_is_unsigned(&img))
			printf("(unsigned)");
		else
			for (int i = 0; i < AELF_KEY_ID_SIZE; i++)
				printf("%02x", img.key_id[i]);
		printf("\n");
	}
	free(buf);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
		if (argc != 4)
			return usage();
		return cmd_info_or_verify(argv[2], argv[3]);
	}
	if (argc >= 2 && strcmp(argv[1], "info") == 0) {
		if (argc != 3)
			return usage();
		return cmd_info_or_verify(argv[2], NULL);
	}

	const char *in = NULL, *out = NULL, *key = NULL;
	bool unsigned_ok = false;
	struct aelf_build_opts opts = {.caps = 0, .stack_size = DEFAULT_STACK, .mem_size = 0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-o") == 0 && val) {
			out = val;
			i++;
		} else if (strcmp(a, "--key") == 0 && val) {
			key = val;
			i++;
		} else if (strcmp(a, "--unsigned") == 0) {
			unsigned_ok = true;
		} else if (strcmp(a, "--caps") == 0 && val) {
			if (parse_caps(val, &opts.caps))
				return 2;
			i++;
		} else if (strcmp(a, "--stack") == 0 && val) {
			if (parse_size(val, &opts.stack_size)) {
				fprintf(stderr, "%s: bad --stack '%s'\n", prog, val);
				return 2;
			}
			i++;
		} else if (strcmp(a, "--mem") == 0 && val) {
			if (parse_size(val, &opts.mem_size)) {
				fprintf(stderr, "%s: bad --mem '%s'\n", prog, val);
				return 2;
			}
			i++;
		} else if (a[0] == '-') {
			fprintf(stderr, "%s: unknown option '%s'\n", prog, a);
			return usage();
		} else if (!in) {
			in = a;
		} else {
			return usage();
		}
	}
	if (!in || !out || (!key && !unsigned_ok) || (key && unsigned_ok))
		return usage();

	size_t vlen;
	uint8_t *vobj = file_read_all(in, &vlen);
	if (!vobj) {
		fprintf(stderr, "%s: %s: %s\n", prog, in, strerror(errno));
		return 2;
	}
	struct vela_obj o;
	const char *err = vela_obj_parse(vobj, vlen, &o);
	if (err) {
		fprintf(stderr, "%s: %s: %s\n", prog, in, err);
		free(vobj);
		return 1;
	}
	if (!opts.mem_size && !o.mem_size)
		opts.mem_size = DEFAULT_MEM;

	uint8_t seed_pk[64];
	uint8_t *seed = NULL;
	if (key) {
		seed = read_exact(key, 32, "a secret key (seed)");
		if (!seed) {
			free(vobj);
			return 2;
		}
		memcpy(seed_pk, seed, 32);
		ed25519_public_key(seed_pk + 32, seed_pk);
	}

	size_t need =
	    aelf_build(vobj, vlen, &opts, seed ? seed_pk : NULL, seed_pk + 32, NULL, 0, &err);
	uint8_t *img = need ? malloc(need) : NULL;
	if (need)
		aelf_build(vobj, vlen, &opts, seed ? seed_pk : NULL, seed_pk + 32, img, need, &err);
	memset(seed_pk, 0, sizeof(seed_pk));
	if (seed) {
		memset(seed, 0, 32);
		free(seed);
	}
	free(vobj);
	if (!need) {
		fprintf(stderr, "%s: %s: %s\n", prog, in, err);
		return 1;
	}
	/* Check what we wrote with the same parser the kernel uses. */
	struct aelf_image check;
	err = aelf_parse(img, need, &check);
	if (err) {
		fprintf(stderr, "%s: %s: the result is not a valid executable: %s\n", prog, out,
			err);
		free(img);
		return 1;
	}
	if (file_write_all(out, img, need, 0644)) {
		fprintf(stderr, "%s: %s: %s\n", prog, out, strerror(errno));
		free(img);
		return 2;
	}
	free(img);
	return 0;
}
