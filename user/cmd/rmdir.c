/* rmdir DIR...: remove empty directories. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (argc < 2)
		return ul_usage("DIR...");
	int status = 0;
	for (int i = 1; i < argc; i++)
		if (rmdir(argv[i]) < 0)
			status |= ul_errmsg("failed to remove '%s': %s", argv[i], strerror(errno));
	return status;
}
