// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #16: a hwmon write handler serialises register updates with
 * update_lock, and the regmap conversion left one error exit inside the
 * switch returning with the mutex held.
 *
 * Distilled from b744db17abf6 "hwmon: (jc42) Fix missing unlock on error in
 * jc42_write()" (Yang Yingliang, 2022; Fixes: 37dedaee8bc6 "hwmon: (jc42)
 * Convert register access and caching to regmap/regcache"): writing
 * temp1_crit_hyst reads the critical limit first, and a failed read did
 * `return ret;` instead of leaving through the unlock after the switch.
 */
#include <linux/mutex.h>

#define EOPNOTSUPP		95
#define JC42_REG_TEMP_UPPER	0x02
#define JC42_REG_TEMP_LOWER	0x03
#define JC42_REG_TEMP_CRITICAL	0x04
#define JC42_REG_CONFIG		0x01
#define JC42_CFG_HYST_MASK	(0x3 << 9)

enum hwmon_temp_attributes { hwmon_temp_min, hwmon_temp_max, hwmon_temp_crit, hwmon_temp_crit_hyst };

struct regmap;

struct jc42_data {
	struct regmap *regmap;
	struct mutex update_lock;
	bool extended;
};

int regmap_read(struct regmap *map, unsigned int reg, unsigned int *val);
int regmap_write(struct regmap *map, unsigned int reg, unsigned int val);
int regmap_update_bits(struct regmap *map, unsigned int reg, unsigned int mask, unsigned int val);
u16 jc42_temp_to_reg(long temp, bool extended);
unsigned int jc42_hyst_bits(unsigned int crit_reg, long hyst, bool extended);

int jc42_write(struct jc42_data *data, u32 attr, int channel, long val)
{
	unsigned int regval;
	int ret;

	mutex_lock(&data->update_lock);

	switch (attr) {
	case hwmon_temp_min:
		ret = regmap_write(data->regmap, JC42_REG_TEMP_LOWER,
				   jc42_temp_to_reg(val, data->extended));
		break;
	case hwmon_temp_max:
		ret = regmap_write(data->regmap, JC42_REG_TEMP_UPPER,
				   jc42_temp_to_reg(val, data->extended));
		break;
	case hwmon_temp_crit:
		ret = regmap_write(data->regmap, JC42_REG_TEMP_CRITICAL,
				   jc42_temp_to_reg(val, data->extended));
		break;
	case hwmon_temp_crit_hyst:
		/* The hysteresis is relative to the critical limit: read it first. */
		ret = regmap_read(data->regmap, JC42_REG_TEMP_CRITICAL, &regval);
		if (ret)
			return ret; // expected-warning {{returns with 'struct jc42_data::update_lock' held on this path but not on others}}
		ret = regmap_update_bits(data->regmap, JC42_REG_CONFIG, JC42_CFG_HYST_MASK,
					 jc42_hyst_bits(regval, val, data->extended));
		break;
	default:
		ret = -EOPNOTSUPP;
		break;
	}

	mutex_unlock(&data->update_lock);

	return ret;
}
