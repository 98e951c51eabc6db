/* The three files' declarations, for the test that puts them in one file. */
struct node { spinlock_t lock; int depth; int keep; };
void release_a(struct node *n);
void release_b(struct node *n);
