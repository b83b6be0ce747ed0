/* uname [-asnrm]: the system's name (and with -a everything it knows). */
#include <stdio.h>
#include <string.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	static const char *const field[] = {"AetherOS", "aether", "0.1", "VELA on x86_64"};
	static const char letters[] = "snrm";
	bool show[4] = {false, false, false, false};
	bool any = false;
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || !argv[i][1])
			return ul_usage("[-asnrm]");
		for (const char *p = argv[i] + 1; *p; p++) {
			const char *at = strchr(letters, *p);
			if (*p == 'a')
				show[0] = show[1] = show[2] = show[3] = true;
			else if (at)
				show[at - letters] = true;
			else
				return ul_usage("[-asnrm]");
			any = true;
		}
	}
	if (!any)
		show[0] = true;
	bool first = true;
	for (int k = 0; k < 4; k++) {
		if (!show[k])
			continue;
		printf("%s%s", first ? "" : " ", field[k]);
		first = false;
	}
	printf("\n");
	return 0;
}
