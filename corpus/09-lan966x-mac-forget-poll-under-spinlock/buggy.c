// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #9: deleting a MAC table entry polls the switch for command
 * completion with a sleeping poll helper while the MAC list spinlock is held.
 *
 * Distilled from 77bdaf39f3c8 "net: lan966x: Fix sleep in atomic context when
 * updating MAC table" (Horatiu Vultur, Jan 2022):
 * lan966x_mac_del_entry() holds lan966x->mac_lock and calls
 * lan966x_mac_forget(), which waits in lan966x_mac_wait_for_completion() with
 * readx_poll_timeout() — a helper that sleeps between register reads.
 */
#include <linux/iopoll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define MACACCESS_CMD_IDLE	0
#define MACACCESS_CMD_FORGET	2
#define TABLE_UPDATE_SLEEP_US	10
#define TABLE_UPDATE_TIMEOUT_US	100000

struct lan966x_mac_entry {
	struct lan966x_mac_entry *next;
	unsigned char mac[6];
	u16 vid;
};

struct lan966x {
	spinlock_t mac_lock;
	struct lan966x_mac_entry *mac_entries;
};

u32 lan966x_mac_get_status(struct lan966x *lan966x);
void lan966x_mac_select(struct lan966x *lan966x, const unsigned char *mac, u16 vid);
void lan966x_mac_write_cmd(struct lan966x *lan966x, u32 cmd);
bool ether_addr_equal(const unsigned char *a, const unsigned char *b);

static int lan966x_mac_wait_for_completion(struct lan966x *lan966x)
{
	u32 val;

	return readx_poll_timeout(lan966x_mac_get_status, lan966x, val,
				  (val & 0x7) == MACACCESS_CMD_IDLE,
				  TABLE_UPDATE_SLEEP_US, TABLE_UPDATE_TIMEOUT_US);
}

static int lan966x_mac_forget(struct lan966x *lan966x, const unsigned char *mac, u16 vid)
{
	lan966x_mac_select(lan966x, mac, vid);
	lan966x_mac_write_cmd(lan966x, MACACCESS_CMD_FORGET);
	return lan966x_mac_wait_for_completion(lan966x);
}

int lan966x_mac_del_entry(struct lan966x *lan966x, const unsigned char *addr, u16 vid)
{
	struct lan966x_mac_entry **pprev, *entry;

	spin_lock(&lan966x->mac_lock);
	pprev = &lan966x->mac_entries;
	while ((entry = *pprev)) {
		if (entry->vid == vid && ether_addr_equal(addr, entry->mac)) {
			lan966x_mac_forget(lan966x, entry->mac, entry->vid); // expected-warning {{'lan966x_mac_forget' may sleep, but spinning lock 'struct lan966x::mac_lock' is held here}}
			*pprev = entry->next;
			kfree(entry);
			continue;
		}
		pprev = &entry->next;
	}
	spin_unlock(&lan966x->mac_lock);
	return 0;
}
