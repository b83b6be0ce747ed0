/* echo [-n] [ARG...]: print the arguments separated by spaces. */
#include <string.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	int i = 1;
	bool newline = true;
	if (i < argc && strcmp(argv[i], "-n") == 0) {
		newline = false;
		i++;
	}
	size_t len = 1;
	for (int k = i; k < argc; k++)
		len += strlen(argv[k]) + 1;
	char out[len + 1];
	size_t n = 0;
	for (int k = i; k < argc; k++) {
		if (k > i)
			out[n++] = ' ';
		size_t l = strlen(argv[k]);
		memcpy(out + n, argv[k], l);
		n += l;
	}
	if (newline)
		out[n++] = '\n';
	int rc = ul_write_all(1, out, n);
	return rc < 0 ? ul_err("write error", rc) : 0;
}
