/*
 * mkironfs: build an IronVFS image from a host directory, every file and the
 * superblock signed with the build key.
 *
 *   mkironfs --genkey SEED_FILE            create a 32-byte Ed25519 seed (and SEED_FILE.pub)
 *   mkironfs -o IMAGE -k BUILD_SEED [-s MIB] [-t TRUST_FILE] [SRC_DIR]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto/ed25519.h"
#include "mkironfs/ivfs_host.h"

#define DEFAULT_MIB 64u
#define COPY_CHUNK  (1u << 20)

static unsigned long files, dirs;

static int add_tree(struct ivfs *fs, const char *host, const char *path)
{
	DIR *d = opendir(host);
	if (!d) {
		fprintf(stderr, "mkironfs: cannot open %s\n", host);
		return -1;
	}
	struct dirent *de;
	int rc = 0;
	static uint8_t buf[COPY_CHUNK];
	while (rc == 0 && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char hp[4096], ip[4096];
		snprintf(hp, sizeof(hp), "%s/%s", host, de->d_name);
		snprintf(ip, sizeof(ip), "%s/%s", path, de->d_name);
		struct stat st;
		if (lstat(hp, &st) < 0)
			continue;
		int r = 0;
		if (S_ISDIR(st.st_mode)) {
			r = ivfs_mkdir(fs, ip, st.st_mode & 07777);
			if (r == 0) {
				dirs++;
				rc = add_tree(fs, hp, ip);
			}
		} else if (S_ISREG(st.st_mode)) {
			uint32_t ino;
			FILE *fp = fopen(hp, "rb");
			r = fp ? ivfs_create(fs, ip, st.st_mode & 07777, &ino) : -IVFS_EIO;
			uint64_t off = 0;
			size_t n;
			while (r == 0 && (n = fread(buf, 1, sizeof(buf), fp)) > 0) {
				long w = ivfs_write(fs, ino, off, buf, n);
				r = w < 0 ? (int)w : 0;
				off += n;
			}
			if (fp)
				fclose(fp);
			files += r == 0;
		} else {
			fprintf(stderr, "mkironfs: skipping %s (not a file or directory)\n", hp);
		}
		if (r < 0) {
			fprintf(stderr, "mkironfs: %s: %s\n", ip, ivfs_strerror(r));
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

static int genkey(const char *path)
{
	uint8_t seed[32], pk[32];
	if (ivfs_host_seed(path, true, seed) < 0) {
		fprintf(stderr, "mkironfs: cannot create or read key %s\n", path);
		return 1;
	}
	ed25519_public_key(pk, seed);
	char pub[4096];
	snprintf(pub, sizeof(pub), "%s.pub", path);
	FILE *fp = fopen(pub, "wb");
	if (!fp || fwrite(pk, 1, 32, fp) != 32) {
		fprintf(stderr, "mkironfs: cannot write %s\n", pub);
		return 1;
	}
	fclose(fp);
	memset(seed, 0, sizeof(seed));
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: mkironfs --genkey SEED_FILE\n"
			"       mkironfs -o IMAGE -k BUILD_SEED [-s MIB] [-t TRUST_FILE] "
			"[SRC_DIR]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *out = NULL, *key = NULL, *src = NULL, *trust = NULL;
	unsigned long mib = DEFAULT_MIB;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--genkey") && i + 1 < argc)
			return genkey(argv[i + 1]);
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "-k") && i + 1 < argc)
			key = argv[++i];
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			mib = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			trust = argv[++i];
		else if (argv[i][0] != '-' && !src)
			src = argv[i];
		else
			usage();
	}
	if (!out || !key || mib == 0)
		usage();
	uint8_t seed[32], uuid[IVFS_UUID_LEN];
	struct ivfs_keys keys;
	memset(&keys, 0, sizeof(keys));
	if (ivfs_host_seed(key, false, seed) < 0) {
		fprintf(stderr, "mkironfs: cannot read build key %s\n", key);
		return 1;
	}
	FILE *rnd = fopen("/dev/urandom", "rb");
	if (!rnd || fread(uuid, 1, sizeof(uuid), rnd) != sizeof(uuid)) {
		fprintf(stderr, "mkironfs: no randomness for the uuid\n");
		return 1;
	}
	fclose(rnd);
	ed25519_public_key(keys.pk[IVFS_KEY_BUILD], seed);
	keys.sign_seed = seed;
	keys.sign_key_id = IVFS_KEY_BUILD;
	struct ivfs_filedev fd;
	uint64_t nblocks = (uint64_t)mib * (1024 * 1024 / IVFS_BLOCK_SIZE);
	if (ivfs_filedev_open(&fd, out, true, nblocks) < 0) {
		fprintf(stderr, "mkironfs: cannot create %s\n", out);
		return 1;
	}
	struct ivfs_blockdev dev = ivfs_filedev_dev(&fd);
	struct ivfs *fs = NULL;
	int r = ivfs_format(&dev, &ivfs_host_env, &keys, uuid);
	if (r == 0)
		r = ivfs_mount(&fs, &dev, &ivfs_host_env, &keys, NULL);
	if (r == 0 && src && add_tree(fs, src, "") < 0)
		r = -IVFS_EIO;
	if (r == 0)
		r = ivfs_commit(fs);
	if (r == 0 && trust)
		r = ivfs_trust_store(trust, fs);
	if (r == 0)
		printf("mkironfs: %s: %lu MiB, %lu files, %lu directories, generation %llu, all "
		       "signed with the build key\n",
		       out, mib, files, dirs, (unsigned long long)ivfs_generation(fs));
	else
		fprintf(stderr, "mkironfs: %s: %s\n", out, ivfs_strerror(r));
	ivfs_unmount(fs);
	ivfs_filedev_close(&fd);
	memset(seed, 0, sizeof(seed));
	return r == 0 ? 0 : 1;
}
