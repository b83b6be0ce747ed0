/*
 * bench=proc: system-call round trip (getpid), context switch between two
 * kernel threads, and exec latency of a 64 KiB program split into verify,
 * translate, check and map. Medians of BENCH_RUNS runs; the programs come from
 * boot modules (mk/proc.mk, bench-step-proc).
 */
#include <string.h>

#include "arch/cpu.h"
#include "kernel/cmdline.h"
#include "kernel/init.h"
#include "kernel/log.h"
#include "kernel/power.h"
#include "kernel/time.h"
#include "mm/heap.h"
#include "proc/file.h"
#include "proc/process.h"
#include "proc/sched.h"
#include "proc/vfs.h"

#define BENCH_RUNS    7
#define GETPID_CALLS  100000
#define SWITCH_ROUNDS 20000

static uint64_t median(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* Runs /boot/NAME.aelf to completion; returns its duration in TSC ticks (0 on error). */
static uint64_t run_ticks(const char *name, struct process *snapshot)
{
	char path[64] = "/boot/";
	size_t n = strlen(name);
	memcpy(path + 6, name, n);
	memcpy(path + 6 + n, ".aelf", 6);
	uint8_t *image;
	size_t len;
	if (vfs_read_all(path, &image, &len, 1u << 20) != 0) {
		kprintf("bench proc: %s missing (boot with the bench modules)\n", path);
		return 0;
	}
	struct file *fds[3] = {NULL, NULL, NULL};
	char err[128];
	uint64_t t0 = rdtsc();
	int pid = proc_spawn_image(name, image, len, fds, err, sizeof(err));
	uint64_t t1 = rdtsc();
	kfree(image);
	if (pid < 0)
		return 0;
	if (snapshot) {
		struct process *p = proc_by_pid(pid);
		if (p)
			*snapshot = *p;
		snapshot->pid = (int)(t1 - t0); /* spawn ticks, reusing a field */
	}
	int status;
	proc_waitpid(pid, &status, 0);
	return rdtsc() - t0;
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	return ticks / time_tsc_hz() * 1000000000u +
	       ticks % time_tsc_hz() * 1000000000u / time_tsc_hz();
}

static void bench_getpid(void)
{
	uint64_t per[BENCH_RUNS];
	for (int i = 0; i < BENCH_RUNS; i++) {
		uint64_t with = run_ticks("getpid", NULL);
		uint64_t without = run_ticks("loop", NULL);
		if (!with || !without)
			return;
		per[i] = with > without ? (with - without) : 0;
	}
	uint64_t m = median(per, BENCH_RUNS);
	kprintf("BENCH proc getpid_roundtrip      %6lu ns  %6lu cycles (TSC)\n",
		ticks_to_ns(m) / GETPID_CALLS, m / GETPID_CALLS);
}

static volatile bool pong_stop;

static void pong(void *arg)
{
	(void)arg;
	while (!pong_stop)
		sched_yield();
}

static void bench_switch(void)
{
	uint64_t per[BENCH_RUNS];
	for (int i = 0; i < BENCH_RUNS; i++) {
		pong_stop = false;
		struct thread *t = thread_create("pong", pong, NULL, false);
		if (!t)
			return;
		uint64_t s0 = sched_context_switches(), t0 = rdtsc();
		for (int r = 0; r < SWITCH_ROUNDS; r++)
			sched_yield();
		uint64_t ticks = rdtsc() - t0, switches = sched_context_switches() - s0;
		pong_stop = true;
		thread_join(t);
		per[i] = switches ? ticks / switches : 0;
	}
	uint64_t m = median(per, BENCH_RUNS);
	kprintf("BENCH proc context_switch        %6lu ns  %6lu cycles (TSC, kernel threads)\n",
		ticks_to_ns(m), m);
}

static void bench_exec(void)
{
	uint64_t total[BENCH_RUNS], verify[BENCH_RUNS], translate[BENCH_RUNS], map[BENCH_RUNS],
		check[BENCH_RUNS];
	struct process snap;
	for (int i = 0; i < BENCH_RUNS; i++) {
		memset(&snap, 0, sizeof(snap));
		if (!run_ticks("big", &snap))
			return;
		total[i] = ticks_to_ns((uint64_t)(unsigned)snap.pid);
		verify[i] = snap.verify_ns;
		translate[i] = snap.translate_ns;
		check[i] = snap.check_ns;
		map[i] = snap.map_ns;
	}
	kprintf("BENCH proc exec_64k_total        %6lu us\n", median(total, BENCH_RUNS) / 1000);
	kprintf("BENCH proc exec_64k_verify       %6lu us  (Ed25519 signature)\n",
		median(verify, BENCH_RUNS) / 1000);
	kprintf("BENCH proc exec_64k_analyse_check %5lu us  (VRC analysis + certificate checker)\n",
		median(check, BENCH_RUNS) / 1000);
	kprintf("BENCH proc exec_64k_translate    %6lu us  (AetherBridge, %u insns)\n",
		median(translate, BENCH_RUNS) / 1000, snap.stats.insns);
	kprintf("BENCH proc exec_64k_map          %6lu us\n", median(map, BENCH_RUNS) / 1000);
}

static void bench_thread(void *arg)
{
	const char *spec = arg;
	kprintf("bench proc: TSC %lu MHz, median of %d runs\n", time_tsc_hz() / 1000000,
		BENCH_RUNS);
	bench_getpid();
	bench_switch();
	bench_exec();
	kprintf("bench proc: done\n");
	if (strcmp(spec, "proc") == 0)
		power_debug_exit(true);
}

static void proc_bench_start(void)
{
	const char *spec = cmdline_get("bench");
	if (!spec || !strstr(spec, "proc"))
		return;
	/* Runs once the scheduler and interrupts are up (after kmain's init). */
	thread_create("bench-proc", bench_thread, (void *)spec, false);
}
INITCALL(INIT_LATE, proc_bench_start);
