"""Reports: coverage against the roster, follow-up lists, the H-1 readiness board, charts and exports."""
