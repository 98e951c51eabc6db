// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #5, fixed: the order proposed in LKRG issue #449 — open the
 * read-only page (may sleep on the mutex) first, then take p_config_lock for
 * the critical section only, and close the page after dropping it.
 */
#include <linux/mutex.h>
#include <linux/spinlock.h>

// expected-no-diagnostics

struct ctl_table;

struct p_lkrg_global_ctrl {
	unsigned int p_msr_validate;
};

extern struct p_lkrg_global_ctrl *p_lkrg_global_ctrl;
rwlock_t p_config_lock;
static struct mutex p_ro_page_mutex;

void p_set_ro_page_writable(bool writable);
int proc_dointvec_minmax(struct ctl_table *table, int write, void *buffer,
			 size_t *lenp, long long *ppos);
void p_hash_cpu_metadata(void);

static void p_lkrg_open_rw(void)
{
	mutex_lock(&p_ro_page_mutex);
	p_set_ro_page_writable(true);
}

static void p_lkrg_close_rw(void)
{
	p_set_ro_page_writable(false);
	mutex_unlock(&p_ro_page_mutex);
}

int p_sysctl_msr_validate(struct ctl_table *p_table, int p_write,
			  void *p_buffer, size_t *p_len, long long *p_pos)
{
	unsigned int p_tmp = p_lkrg_global_ctrl->p_msr_validate;
	int p_ret;

	p_lkrg_open_rw();
	write_lock(&p_config_lock);
	p_ret = proc_dointvec_minmax(p_table, p_write, p_buffer, p_len, p_pos);
	if (p_ret == 0 && p_write && p_tmp != p_lkrg_global_ctrl->p_msr_validate)
		p_hash_cpu_metadata();
	write_unlock(&p_config_lock);
	p_lkrg_close_rw();

	return p_ret;
}
