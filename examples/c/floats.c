/* floats: printf with floating point (double arithmetic, conversions and
 * formatting; vela-wasm lowers them to VELA-F instructions). */
#include <stdio.h>

int main(void)
{
	double x = 1.0;
	for (int i = 1; i <= 10; i++) {
		x = x * 1.5 + 0.25;
		printf("%2d %12.4f %g\n", i, x, x / 3.0);
	}
	return 0;
}
