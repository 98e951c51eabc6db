/* A hardware context whose flags copy its queue's tag set's. */
enum { Q_F_BLOCKING = 1 << 4 };
struct tag_set { unsigned int flags; };
struct queue { struct tag_set *tag_set; };
struct hctx { unsigned long flags; struct queue *q; };
void run_hw_queue(struct hctx *h, _Bool async);
