/* A static call nothing installs a function into, and a slot called through
 * that nothing stores into: both stay unknown, and --indirect-stats says so. */
#include <linux/static_call.h>

struct hooks { void (*probe)(void); };
DECLARE_STATIC_CALL(orphan_hook, void (void));

void call_hooks(struct hooks *h)
{
	static_call(orphan_hook)();
	static_call(orphan_hook)();
	h->probe();
}
