// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #17, fixed: as in bb42b7e9e30e, the register-reset failure
 * releases flags_lock before returning.
 */
#include <linux/mutex.h>

// expected-no-diagnostics

#define RV8803_SEC		0x00
#define RV8803_FLAG		0x0E
#define RV8803_CTRL		0x0F
#define RV8803_FLAG_V1F		(1 << 0)
#define RV8803_FLAG_V2F		(1 << 1)
#define RV8803_CTRL_RESET	(1 << 0)

struct i2c_client;
struct rtc_time { int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday; };

struct rv8803_data {
	struct i2c_client *client;
	struct mutex flags_lock;
};

struct rtc_class_ops {
	int (*set_time)(struct rv8803_data *rv8803, struct rtc_time *tm);
};

int rv8803_read_reg(const struct i2c_client *client, u8 reg);
int rv8803_write_reg(const struct i2c_client *client, u8 reg, u8 value);
int rv8803_write_regs(const struct i2c_client *client, u8 reg, u8 count, const u8 *values);
int rv8803_regs_reset(struct rv8803_data *rv8803);
void rv8803_encode_time(const struct rtc_time *tm, u8 *date);

static int rv8803_set_time(struct rv8803_data *rv8803, struct rtc_time *tm)
{
	u8 date[7];
	int ctrl, flags, ret;

	/* Stop the clock while the time registers are written. */
	ctrl = rv8803_read_reg(rv8803->client, RV8803_CTRL);
	if (ctrl < 0)
		return ctrl;
	ret = rv8803_write_reg(rv8803->client, RV8803_CTRL, ctrl | RV8803_CTRL_RESET);
	if (ret)
		return ret;

	rv8803_encode_time(tm, date);
	ret = rv8803_write_regs(rv8803->client, RV8803_SEC, 7, date);
	if (ret)
		return ret;

	ret = rv8803_write_reg(rv8803->client, RV8803_CTRL, ctrl & ~RV8803_CTRL_RESET);
	if (ret)
		return ret;

	mutex_lock(&rv8803->flags_lock);

	flags = rv8803_read_reg(rv8803->client, RV8803_FLAG);
	if (flags < 0) {
		mutex_unlock(&rv8803->flags_lock);
		return flags;
	}

	/* Voltage was lost since probe: the other registers need re-initialising. */
	if (flags & RV8803_FLAG_V2F) {
		ret = rv8803_regs_reset(rv8803);
		if (ret) {
			mutex_unlock(&rv8803->flags_lock);
			return ret;
		}
	}

	ret = rv8803_write_reg(rv8803->client, RV8803_FLAG,
			       flags & ~(RV8803_FLAG_V1F | RV8803_FLAG_V2F));

	mutex_unlock(&rv8803->flags_lock);

	return ret;
}

struct rtc_class_ops rv8803_rtc_ops = {
	.set_time = rv8803_set_time,
};
