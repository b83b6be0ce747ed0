/* hello: printf with integers, strings, padding and hex. */
#include <stdio.h>

int main(void)
{
	printf("Hello from AetherOS: C -> wasm32 -> VELA -> x86-64\n");
	for (int i = -3; i <= 3; i++)
		printf("[%5d] [%-4x] [%08llx] %s\n", i * 1000, (unsigned)i & 0xfff, (unsigned long long)(unsigned)(i * 77777),
		       i < 0 ? "negative" : i ? "positive" : "zero");
	printf("%c%c%c %% done\n", 'a', 'b', 'c');
	return 0;
}
