#include <linux/mutex.h>
struct sbi { struct mutex wq_mutex; int flags; };
int validate_request(struct sbi *sbi);
