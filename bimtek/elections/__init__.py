"""Elections and their stage dates: everything an officer does belongs to one."""
