// A macro the rules name is recorded wherever it was #defined -- here by
// the command line's -D, which the preprocessor reads from its predefines
// buffer, not from a header. (The recorder learns the macros it wants at
// their definitions.)
// RUN: %verify '-Dpreempt_disable()=do { } while (0)' '-Dpreempt_enable()=do { } while (0)' %s
void might_sleep(void);

void f(void)
{
	preempt_disable();
	might_sleep(); // expected-warning {{'might_sleep' may sleep, but preemption is disabled here}}
	preempt_enable();
}
