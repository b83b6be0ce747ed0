/*
 * args: print the arguments and environment the program was started with.
 * Built with gcc and through vela-wasm, it must print the same thing when both
 * get the same arguments (examples/c/args.args) and environment
 * (examples/c/args.env, over vela-run's default PATH=/bin HOME=/):
 * tests/wasm/examples.sh. argv[0] is left out, it is the file's path.
 */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=[%s]\n", i, argv[i]);
	int n = 0;
	for (char **e = environ; e && *e; e++)
		printf("env[%d]=[%s]\n", n++, *e);
	const char *greeting = getenv("GREETING");
	printf("GREETING %s\n", greeting ? greeting : "(unset)");
	return argc;
}
