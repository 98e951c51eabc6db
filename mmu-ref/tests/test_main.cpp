// SPDX-License-Identifier: MIT
// Common main: the main thread reads RCU-protected tables, so register it.
#include <gtest/gtest.h>
#include "util.h"

int main(int argc, char **argv)
{
	::testing::InitGoogleTest(&argc, argv);
	// Death tests re-execute the binary, so they work with threads around.
	GTEST_FLAG_SET(death_test_style, "threadsafe");
	rcu_register_thread();
	int ret = RUN_ALL_TESTS();
	rcu_barrier();
	rcu_unregister_thread();
	return ret;
}
