// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
/*
 * rcuctx corpus #42, fixed as we propose: relay_late_setup_files() pins itself to a CPU with
 * get_cpu() and then, for every online CPU, creates that CPU's buffer file:
 * relay_create_buf_file() allocates the file name with GFP_KERNEL and calls
 * the client's ->create_buf_file() (debugfs_create_file(): inode locks,
 * allocations). Both may sleep, with preemption disabled. The preemption is
 * there only so that "is this my CPU?" stays true while the dentry is set
 * locally rather than by an IPI.
 *
 * The fix: create the file first, preemptible, and pin the CPU only for
 * the "mine or another's" decision and the store (smp_call_function_single()
 * may be called with preemption disabled; it disables it itself).
 */
#include <linux/preempt.h>
#include <linux/slab.h>

#define NAME_MAX 255
#define NR_CPUS 4

struct dentry;
struct rchan_buf { struct dentry *dentry; unsigned long early_bytes; };
struct rchan_callbacks {
	struct dentry *(*create_buf_file)(const char *filename, struct rchan_buf *buf);
};
struct rchan {
	const struct rchan_callbacks *cb;
	struct rchan_buf *buf[NR_CPUS];
	char base_filename[NAME_MAX];
};

int cpu_online(int cpu);
int snprintf(char *buf, unsigned long size, const char *fmt, ...);
void kfree(const void *p);
int smp_call_function_single(int cpu, void (*func)(void *info), void *info, int wait);
void set_buf_dentry_ipi(void *info);

static struct dentry *relay_create_buf_file(struct rchan *chan, struct rchan_buf *buf,
					    unsigned int cpu)
{
	struct dentry *dentry;
	char *tmpname;

	tmpname = kzalloc(NAME_MAX + 1, GFP_KERNEL);
	if (!tmpname)
		return 0;
	snprintf(tmpname, NAME_MAX, "%s%d", chan->base_filename, cpu);
	dentry = chan->cb->create_buf_file(tmpname, buf);
	kfree(tmpname);
	return dentry;
}

int relay_late_setup_files(struct rchan *chan)
{
	struct dentry *dentry;
	int curr_cpu, i, err = 0;

	for (i = 0; i < NR_CPUS; i++) {
		struct rchan_buf *buf = chan->buf[i];

		if (!cpu_online(i))
			continue;
		dentry = relay_create_buf_file(chan, buf, i);
		if (!dentry) {
			err = -22;
			break;
		}
		curr_cpu = get_cpu();
		if (curr_cpu == i)
			buf->dentry = dentry;
		else
			err = smp_call_function_single(i, set_buf_dentry_ipi, buf, 1);
		put_cpu();
		if (err)
			break;
	}
	return err;
}
