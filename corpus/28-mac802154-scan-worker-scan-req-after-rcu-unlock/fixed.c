// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #28, fixed: as in bff1709b3980 "mac802154: Fix potential RCU
 * dereference issue in mac802154_scan_worker", the scan type is copied into
 * a local while the RCU section still protects the request.
 */
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

// expected-no-diagnostics

enum nl802154_scan_types {
	NL802154_SCAN_ED,
	NL802154_SCAN_ACTIVE,
	NL802154_SCAN_PASSIVE,
};

struct ieee802154_sub_if_data;

struct cfg802154_scan_request {
	enum nl802154_scan_types type;
	u8 duration;
	u32 channels[32];	/* per-page channel masks */
	struct ieee802154_sub_if_data *sdata;
	struct rcu_head rcu_head;
};

struct ieee802154_local {
	struct cfg802154_scan_request __rcu *scan_req;
	struct delayed_work scan_work;
	u8 scan_page;
	u8 scan_channel;
};

/* Advances (*page, *channel) to the next channel the request asks for. */
int mac802154_scan_next_channel(const struct cfg802154_scan_request *req, u8 *page, u8 *channel);
int drv_set_channel(struct ieee802154_local *local, u8 page, u8 channel);
int mac802154_transmit_beacon_req(struct ieee802154_local *local,
				  struct ieee802154_sub_if_data *sdata);
void mac802154_end_scan(struct ieee802154_local *local, bool aborted);
unsigned long mac802154_scan_get_channel_time(u8 duration_order);
bool queue_delayed_work_on_mac_wq(struct ieee802154_local *local, unsigned long delay);

void mac802154_scan_worker(struct work_struct *work)
{
	struct ieee802154_local *local =
		container_of(work, struct ieee802154_local, scan_work.work);
	struct cfg802154_scan_request *scan_req;
	enum nl802154_scan_types scan_req_type;
	struct ieee802154_sub_if_data *sdata;
	u8 scan_req_duration, page, channel;
	int ret;

	rcu_read_lock();
	scan_req = rcu_dereference(local->scan_req);
	if (unlikely(!scan_req)) {
		rcu_read_unlock();
		return;
	}

	sdata = scan_req->sdata;
	scan_req_type = scan_req->type;
	scan_req_duration = scan_req->duration;

	/* Look for the next valid channel. */
	page = local->scan_page;
	channel = local->scan_channel;
	ret = mac802154_scan_next_channel(scan_req, &page, &channel);
	rcu_read_unlock();

	if (ret) {
		mac802154_end_scan(local, false);
		return;
	}

	ret = drv_set_channel(local, page, channel);
	if (ret) {
		mac802154_end_scan(local, true);
		return;
	}
	local->scan_page = page;
	local->scan_channel = channel;

	if (scan_req_type == NL802154_SCAN_ACTIVE)
		mac802154_transmit_beacon_req(local, sdata);

	queue_delayed_work_on_mac_wq(local, mac802154_scan_get_channel_time(scan_req_duration));
}

void mac802154_scan_init(struct ieee802154_local *local)
{
	INIT_DELAYED_WORK(&local->scan_work, mac802154_scan_worker);
}
