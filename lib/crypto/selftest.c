/* Known-answer tests from the specifications: FIPS 180-4 examples (SHA-256,
 * SHA-512, including the million-'a' message), the FNV-1a reference values,
 * RFC 8439 sections 2.3.2, 2.4.2, 2.5.2, 2.6.2 and 2.8.2, the XChaCha20-Poly1305
 * example of draft-irtf-cfrg-xchacha (appendix A.3.1) and RFC 8032 section 7.1
 * (tests 1, 2, 3 and 1024). */
#include "crypto/selftest.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "crypto/aead.h"
#include "crypto/chacha20.h"
#include "crypto/ed25519.h"
#include "crypto/fnv1a.h"
#include "crypto/poly1305.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"

/* Scratch space shared by the tests (see selftest.h). */
static uint8_t buf_a[1024], buf_b[1024], buf_c[1024];

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode lowercase hex into out; returns the byte count. */
static size_t unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = 0;

	while (hex[0] && hex[1] && n < cap) {
		out[n++] = (uint8_t)(hexval(hex[0]) << 4 | hexval(hex[1]));
		hex += 2;
	}
	return n;
}

static bool eq_hex(const uint8_t *got, const char *want_hex)
{
	uint8_t want[64];
	size_t n = unhex(want, sizeof(want), want_hex);

	return memcmp(got, want, n) == 0;
}

/* ---------------------------------------------------------------- SHA-2 */

static const char ABC[] = "abc";
static const char SHA256_2BLOCK[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char SHA512_2BLOCK[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
				    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

static const char *sha256_abc(void)
{
	uint8_t d[32];
	sha256(ABC, 3, d);
	return eq_hex(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
		   ? NULL
		   : "digest of \"abc\" differs";
}

static const char *sha256_empty(void)
{
	uint8_t d[32];
	sha256("", 0, d);
	return eq_hex(d, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
		   ? NULL
		   : "digest of the empty message differs";
}

static const char *sha256_two_blocks(void)
{
	uint8_t d[32];
	sha256(SHA256_2BLOCK, strlen(SHA256_2BLOCK), d);
	return eq_hex(d, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
		   ? NULL
		   : "digest of the 448-bit message differs";
}

static const char *sha256_million_a(void)
{
	struct sha256_ctx ctx;
	uint8_t d[32];

	/* Fed in uneven pieces to exercise the buffering. */
	memset(buf_a, 'a', 1000);
	sha256_init(&ctx);
	for (int i = 0; i < 1000; i++) {
		sha256_update(&ctx, buf_a, 999);
		sha256_update(&ctx, buf_a, 1);
	}
	sha256_final(&ctx, d);
	return eq_hex(d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
		   ? NULL
		   : "digest of one million 'a' differs";
}

static const char *sha512_abc(void)
{
	uint8_t d[64];
	sha512(ABC, 3, d);
	return eq_hex(d, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
			 "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
		   ? NULL
		   : "digest of \"abc\" differs";
}

static const char *sha512_empty(void)
{
	uint8_t d[64];
	sha512("", 0, d);
	return eq_hex(d, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
			 "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
		   ? NULL
		   : "digest of the empty message differs";
}

static const char *sha512_two_blocks(void)
{
	uint8_t d[64];
	sha512(SHA512_2BLOCK, strlen(SHA512_2BLOCK), d);
	return eq_hex(d, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
			 "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
		   ? NULL
		   : "digest of the 896-bit message differs";
}

static const char *sha512_million_a(void)
{
	struct sha512_ctx ctx;
	uint8_t d[64];

	memset(buf_a, 'a', 1000);
	sha512_init(&ctx);
	for (int i = 0; i < 1000; i++) {
		sha512_update(&ctx, buf_a, 3);
		sha512_update(&ctx, buf_a, 997);
	}
	sha512_final(&ctx, d);
	return eq_hex(d, "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
			 "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b")
		   ? NULL
		   : "digest of one million 'a' differs";
}

/* ---------------------------------------------------------------- FNV-1a */

static const char *fnv1a64_vectors(void)
{
	if (fnv1a64("", 0) != 0xcbf29ce484222325ULL)
		return "empty string";
	if (fnv1a64("a", 1) != 0xaf63dc4c8601ec8cULL)
		return "\"a\"";
	if (fnv1a64("foobar", 6) != 0x85944171f73967e8ULL)
		return "\"foobar\"";
	if (fnv1a64_update(fnv1a64_update(FNV1A64_OFFSET_BASIS, "foo", 3), "bar", 3) !=
	    0x85944171f73967e8ULL)
		return "incremental \"foo\" + \"bar\"";
	return NULL;
}

/* ---------------------------------------------------------------- RFC 8439 */

static const char KEY_00_1F[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static const char KEY_80_9F[] = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
static const char SUNSCREEN[] =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
    "future, sunscreen would be it.";

static const char *chacha20_block_2_3_2(void)
{
	uint8_t key[32], nonce[12], out[64];

	unhex(key, 32, KEY_00_1F);
	unhex(nonce, 12, "000000090000004a00000000");
	chacha20_block(out, key, 1, nonce);
	return eq_hex(out, "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
			   "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e")
		   ? NULL
		   : "keystream block differs";
}

static const char *chacha20_encrypt_2_4_2(void)
{
	uint8_t key[32], nonce[12];
	size_t n = strlen(SUNSCREEN);

	unhex(key, 32, KEY_00_1F);
	unhex(nonce, 12, "000000000000004a00000000");
	chacha20_xor(buf_a, (const uint8_t *)SUNSCREEN, n, key, 1, nonce);
	unhex(buf_b, sizeof(buf_b),
	      "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
	      "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
	      "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
	      "5af90bbf74a35be6b40b8eedf2785e42874d");
	if (memcmp(buf_a, buf_b, n) != 0)
		return "ciphertext differs";
	chacha20_xor(buf_a, buf_a, n, key, 1, nonce);
	return memcmp(buf_a, SUNSCREEN, n) == 0 ? NULL : "decryption does not round-trip";
}

static const char *poly1305_2_5_2(void)
{
	static const char msg[] = "Cryptographic Forum Research Group";
	struct poly1305_ctx ctx;
	uint8_t key[32], tag[16];

	unhex(key, 32, "85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
	poly1305(tag, msg, strlen(msg), key);
	if (!eq_hex(tag, "a8061dc1305136c6c22b8baf0c0127a9"))
		return "tag differs";
	poly1305_init(&ctx, key);
	for (size_t i = 0; i < strlen(msg); i++)
		poly1305_update(&ctx, msg + i, 1);
	poly1305_final(&ctx, tag);
	return eq_hex(tag, "a8061dc1305136c6c22b8baf0c0127a9") ? NULL : "byte-by-byte tag differs";
}

static const char *poly1305_keygen_2_6_2(void)
{
	uint8_t key[32], nonce[12], block[64];

	unhex(key, 32, KEY_80_9F);
	unhex(nonce, 12, "000000000001020304050607");
	chacha20_block(block, key, 0, nonce);
	return eq_hex(block, "8ad5a08b905f81cc815040274ab29471a833b637e3fd0da508dbb8e2fdd1a646")
		   ? NULL
		   : "one-time key differs";
}

static const char AEAD_CT[] = "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
			      "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
			      "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
			      "3ff4def08e4b7a9de576d26586cec64b6116";

static const char *aead_2_8_2(void)
{
	uint8_t key[32], nonce[12], aad[12], tag[16];
	size_t n = strlen(SUNSCREEN);

	unhex(key, 32, KEY_80_9F);
	unhex(nonce, 12, "070000004041424344454647");
	unhex(aad, 12, "50515253c0c1c2c3c4c5c6c7");
	chacha20poly1305_encrypt(buf_a, tag, (const uint8_t *)SUNSCREEN, n, aad, 12, nonce, key);
	unhex(buf_b, sizeof(buf_b), AEAD_CT);
	if (memcmp(buf_a, buf_b, n) != 0)
		return "ciphertext differs";
	if (!eq_hex(tag, "1ae10b594f09e26a7e902ecbd0600691"))
		return "tag differs";
	if (chacha20poly1305_decrypt(buf_c, buf_a, n, tag, aad, 12, nonce, key) != 0 ||
	    memcmp(buf_c, SUNSCREEN, n) != 0)
		return "decryption fails";
	tag[15] ^= 0x80;
	if (chacha20poly1305_decrypt(buf_c, buf_a, n, tag, aad, 12, nonce, key) != -1)
		return "a modified tag is accepted";
	for (size_t i = 0; i < n; i++)
		if (buf_c[i] != 0)
			return "plaintext released after a tag failure";
	return NULL;
}

static const char *xchacha20poly1305_a_3_1(void)
{
	uint8_t key[32], nonce[24], aad[12], tag[16];
	size_t n = strlen(SUNSCREEN);

	unhex(key, 32, KEY_80_9F);
	unhex(nonce, 24, "404142434445464748494a4b4c4d4e4f5051525354555657");
	unhex(aad, 12, "50515253c0c1c2c3c4c5c6c7");
	xchacha20poly1305_encrypt(buf_a, tag, (const uint8_t *)SUNSCREEN, n, aad, 12, nonce, key);
	unhex(buf_b, sizeof(buf_b),
	      "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
	      "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
	      "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
	      "21f9664c97637da9768812f615c68b13b52e");
	if (memcmp(buf_a, buf_b, n) != 0)
		return "ciphertext differs";
	if (!eq_hex(tag, "c0875924c1c7987947deafd8780acf49"))
		return "tag differs";
	if (xchacha20poly1305_decrypt(buf_c, buf_a, n, tag, aad, 12, nonce, key) != 0 ||
	    memcmp(buf_c, SUNSCREEN, n) != 0)
		return "decryption fails";
	buf_a[0] ^= 1;
	if (xchacha20poly1305_decrypt(buf_c, buf_a, n, tag, aad, 12, nonce, key) != -1)
		return "a modified ciphertext is accepted";
	return NULL;
}

/* ---------------------------------------------------------------- RFC 8032 */

struct ed25519_kat {
	const char *seed, *pk, *msg, *sig;
};

static const char MSG_1024[] = "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
			       "fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
			       "79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
			       "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
			       "1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
			       "ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
			       "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
			       "efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
			       "aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
			       "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
			       "d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
			       "554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
			       "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
			       "2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
			       "07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
			       "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
			       "ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
			       "c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
			       "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
			       "42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
			       "ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
			       "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
			       "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
			       "de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
			       "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
			       "2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
			       "6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
			       "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
			       "0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
			       "369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
			       "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
			       "0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0";

static const struct ed25519_kat ED25519_KATS[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701"
     "cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d"
     "0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f7609"
     "84dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
     "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e", MSG_1024,
     "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c"
     "436d94b5e8fcd4f681e30a6ac00a9704a188a03"},
};

static const char *ed25519_kat(const struct ed25519_kat *v)
{
	uint8_t seed[32], pk[32], sig[64];
	size_t n = unhex(buf_a, sizeof(buf_a), v->msg);

	unhex(seed, 32, v->seed);
	ed25519_public_key(pk, seed);
	if (!eq_hex(pk, v->pk))
		return "public key differs";
	ed25519_sign(sig, buf_a, n, seed, pk);
	if (!eq_hex(sig, v->sig))
		return "signature differs";
	if (!ed25519_verify(sig, buf_a, n, pk))
		return "valid signature rejected";
	sig[63] ^= 0x10;
	if (ed25519_verify(sig, buf_a, n, pk))
		return "modified signature accepted";
	sig[63] ^= 0x10;
	if (n > 0) {
		buf_a[n - 1] ^= 1;
		if (ed25519_verify(sig, buf_a, n, pk))
			return "signature accepted for a modified message";
	}
	return NULL;
}

static const char *ed25519_test1(void)
{
	return ed25519_kat(&ED25519_KATS[0]);
}

static const char *ed25519_test2(void)
{
	return ed25519_kat(&ED25519_KATS[1]);
}

static const char *ed25519_test3(void)
{
	return ed25519_kat(&ED25519_KATS[2]);
}

static const char *ed25519_test1024(void)
{
	return ed25519_kat(&ED25519_KATS[3]);
}

const struct crypto_selftest crypto_selftests[] = {
    {"sha256_abc", sha256_abc},
    {"sha256_empty", sha256_empty},
    {"sha256_two_blocks", sha256_two_blocks},
    {"sha256_million_a", sha256_million_a},
    {"sha512_abc", sha512_abc},
    {"sha512_empty", sha512_empty},
    {"sha512_two_blocks", sha512_two_blocks},
    {"sha512_million_a", sha512_million_a},
    {"fnv1a64_vectors", fnv1a64_vectors},
    {"chacha20_block_rfc8439_2_3_2", chacha20_block_2_3_2},
    {"chacha20_encrypt_rfc8439_2_4_2", chacha20_encrypt_2_4_2},
    {"poly1305_rfc8439_2_5_2", poly1305_2_5_2},
    {"poly1305_keygen_rfc8439_2_6_2", poly1305_keygen_2_6_2},
    {"aead_rfc8439_2_8_2", aead_2_8_2},
    {"xchacha20poly1305_draft_a_3_1", xchacha20poly1305_a_3_1},
    {"ed25519_rfc8032_test1", ed25519_test1},
    {"ed25519_rfc8032_test2", ed25519_test2},
    {"ed25519_rfc8032_test3", ed25519_test3},
    {"ed25519_rfc8032_test1024", ed25519_test1024},
};

const size_t crypto_selftest_count = sizeof(crypto_selftests) / sizeof(crypto_selftests[0]);
