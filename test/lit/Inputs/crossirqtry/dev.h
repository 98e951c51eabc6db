#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>

struct dev { spinlock_t stat_lock, peek_lock; struct hrtimer hrt; int hits; };
extern struct dev the_dev;
void try_count_hit(struct dev *d);
void count_hit(struct dev *d);
