/* Defined here, called from reader.c: the link resolves the call. */
int helper_calls;

void count_call(void)
{
	helper_calls++;
}
