/* Host implementation of crypto_random_bytes: the kernel CSPRNG via getrandom(2),
 * which blocks until the pool is initialised and then never fails. */
#include "crypto/random.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>

int crypto_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len > 0) {
		size_t chunk = len > 256 ? 256 : len; /* requests <= 256 bytes never return short */
		ssize_t n = getrandom(p, chunk, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			memset(buf, 0, (size_t)(p - (unsigned char *)buf) + len);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
