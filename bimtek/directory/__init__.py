"""Elections, people and assignments: the records every feature and the scope stand on."""
