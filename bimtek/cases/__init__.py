"""Practice cases (latihan kasus coklit): households to decide, graded per decision."""
