/* fnbody: n-body in double precision (five bodies, velocity Verlet with a
 * 1/r^3 force through sqrt), for the wasm benchmark's float rows
 * (bench/wasm/run.sh). No VELA twin: it measures vela-wasm's VELA-F lowering.
 * The checksum is the bit pattern of the final energy, so every variant must
 * compute the same IEEE-754 results (no FMA contraction on x86-64 -O2). */
#include "bench_c.h"

#include <math.h>
#include <string.h>

#define NB    5
#define STEPS 100000

static double x[NB], y[NB], z[NB], vx[NB], vy[NB], vz[NB], m[NB];

static double energy(void)
{
	double e = 0;
	for (int i = 0; i < NB; i++) {
		e += 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
		for (int j = i + 1; j < NB; j++) {
			double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
			e -= m[i] * m[j] / sqrt(dx * dx + dy * dy + dz * dz);
		}
	}
	return e;
}

int main(void)
{
	bench_start();
	for (int i = 0; i < NB; i++) {
		x[i] = (i * 37 % 11) - 5.0;
		y[i] = (i * 13 % 7) * 0.75 - 2.0;
		z[i] = (i * 5 % 3) * 0.5;
		vx[i] = (i % 3) * 0.01;
		vy[i] = ((i + 1) % 4) * -0.01;
		vz[i] = 0.005 * i;
		m[i] = 1.0 + i * 0.25;
	}
	const double dt = 0.001;
	for (int s = 0; s < STEPS; s++) {
		for (int i = 0; i < NB; i++)
			for (int j = i + 1; j < NB; j++) {
				double dx = x[i] - x[j], dy = y[i] - y[j], dz = z[i] - z[j];
				double d2 = dx * dx + dy * dy + dz * dz + 0.01;
				double mag = dt / (d2 * sqrt(d2));
				vx[i] -= dx * m[j] * mag;
				vy[i] -= dy * m[j] * mag;
				vz[i] -= dz * m[j] * mag;
				vx[j] += dx * m[i] * mag;
				vy[j] += dy * m[i] * mag;
				vz[j] += dz * m[i] * mag;
			}
		for (int i = 0; i < NB; i++) {
			x[i] += dt * vx[i];
			y[i] += dt * vy[i];
			z[i] += dt * vz[i];
		}
	}
	double e = energy();
	uint64_t bits;
	memcpy(&bits, &e, sizeof bits);
	return bench_finish(bits);
}
