/* verify FILE...: signature and integrity status. For every file: what
 * IronVFS proved about its content (system / device signed, unsigned,
 * DAMAGED); for an AELF executable also its Ed25519 signature, checked here
 * against the kernel's trusted keys (/proc/keyring: NAME KEYID PUBKEY CAPS).
 * Exit 0 when every file is intact and every executable validly signed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aelf/aelf.h"
#include "ulib.h"

struct key {
	char name[32];
	uint8_t id[AELF_KEY_ID_SIZE];
	uint8_t pk[32];
	char caps[64];
};

static struct key keys[16];
static int nkeys;

static bool unhex(const char *s, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = s[2 * i + k];
			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned)(c - 'a' + 10);
			else
				return false;
		}
		out[i] = (uint8_t)v;
	}
	return s[2 * n] == ' ' || s[2 * n] == '\0' || s[2 * n] == '\n';
}

static void load_keyring(void)
{
	char *text;
	if (ul_read_file("/proc/keyring", &text) < 0)
		return;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line && nkeys < 16;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[32], id[32], pk[80], caps[64];
		if (sscanf(line, "%31s %31s %79s %63s", name, id, pk, caps) != 4)
			continue;
		struct key *k = &keys[nkeys];
		if (!unhex(id, k->id, AELF_KEY_ID_SIZE) || !unhex(pk, k->pk, 32))
			continue;
		strcpy(k->name, name);
		strcpy(k->caps, caps);
		nkeys++;
	}
	free(text);
}

static void hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

/* 0 valid, 1 invalid; prints the executable part of the report */
static int check_aelf(const uint8_t *data, size_t len)
{
	struct aelf_image img;
	const char *why = aelf_parse(data, len, &img);
	if (why) {
		printf("  executable: malformed AELF (%s)\n", why);
		return 1;
	}
	char id[2 * AELF_KEY_ID_SIZE + 1];
	hex(img.key_id, AELF_KEY_ID_SIZE, id);
	if (aelf_is_unsigned(&img)) {
		printf("  executable: UNSIGNED (runs only through a dev kernel's bypass)\n");
		return 1;
	}
	for (int i = 0; i < nkeys; i++) {
		if (memcmp(keys[i].id, img.key_id, AELF_KEY_ID_SIZE) != 0)
			continue;
		if (aelf_verify(&img, keys[i].pk)) {
			printf("  executable: signature valid (key %s %s, authorised for %s)\n",
			       keys[i].name, id, keys[i].caps);
			return 0;
		}
		printf("  executable: signature INVALID (key %s %s): the file was altered\n",
		       keys[i].name, id);
		return 1;
	}
	printf("  executable: signed by an unknown key %s%s\n", id,
	       nkeys ? "" : " (no key ring: /proc/keyring unreadable)");
	return 1;
}

static int verify(const char *path)
{
	struct ae_stat st;
	int rc = ae_stat(path, &st);
	if (rc < 0)
		return ul_err(path, rc);
	if ((st.mode & AE_S_IFMT) == AE_S_IFDIR)
		return ul_errmsg("%s: Is a directory", path);
	printf("%s:\n  integrity: %s", path, ul_integrity_name(st.integrity));
	if (st.integrity == AE_INTEGRITY_SYSTEM)
		printf(" (content signed off-device by the build key)\n");
	else if (st.integrity == AE_INTEGRITY_DEVICE)
		printf(" (content signed at run time by this device's key)\n");
	else if (st.integrity == AE_INTEGRITY_DAMAGED)
		printf(" (a hash or signature check failed: reads are refused)\n");
	else if (st.integrity == AE_INTEGRITY_UNSIGNED)
		printf(" (not on a signed filesystem)\n");
	else
		printf(" (not reported: stat without the integrity field)\n");
	int status = st.integrity == AE_INTEGRITY_DAMAGED;
	char *data;
	long n = ul_read_file(path, &data);
	if (n < 0) {
		fflush(stdout);
		return ul_err(path, (int)n);
	}
	if (n >= 4 && memcmp(data, AELF_MAGIC, 4) == 0)
		status |= check_aelf((const uint8_t *)data, (size_t)n);
	free(data);
	return status;
}

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (argc < 2)
		return ul_usage("FILE...");
	load_keyring();
	int status = 0;
	for (int i = 1; i < argc; i++)
		status |= verify(argv[i]);
	return status;
}
