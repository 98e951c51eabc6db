#include "key.h"

int move(struct key *from, struct key *to)
{
	move_lock(from, to);
	from->n--;
	to->n++;
	link_end(to);
	link_end(from);
	return 0;
}

int drops_three(struct key *from, struct key *to)
{
	move_lock(from, to);
	link_end(to);
	link_end(from);
	link_end(to);
	return 0;
}
