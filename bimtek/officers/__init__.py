"""People, their roles in an election, and the import of officer lists."""
