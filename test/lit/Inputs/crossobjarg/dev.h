#include <linux/fs.h>
#include <linux/spinlock.h>

struct dev { spinlock_t a, b; int v; };
extern struct dev the_dev;
void lock_it(spinlock_t *l);
void unlock_it(spinlock_t *l);
