"""A test-only job task for the worker-crash test: numbered units of work, slow enough to be killed mid-way.

Each unit inserts one row into `ops_fault_unit` (a table the test makes; no unique key, so a unit
done twice would show as two rows) and advances the job's checkpoint in the same commit.
"""

from __future__ import annotations

import time

from sqlalchemy import text

from bimtek import jobs
from bimtek.extensions import db

KIND = "ops.slow_units"
TABLE = "ops_fault_unit"


def create_table() -> None:
    """Make (or empty) the table the units are written to."""
    with db.engine.begin() as connection:
        connection.execute(text(f"CREATE TABLE IF NOT EXISTS {TABLE} (job_id INTEGER NOT NULL, unit INTEGER NOT NULL, "
                                "worker_pid INTEGER NOT NULL)"))
        connection.execute(text(f"DELETE FROM {TABLE}"))


@jobs.task(KIND, label="Uji: unit lambat")
def slow_units(run: jobs.Run) -> None:
    """Do payload["units"] units, one commit each, sleeping payload["delay"] seconds per unit."""
    import os

    units, delay = int(run.payload["units"]), float(run.payload["delay"])
    start = int(run.checkpoint.get("next", 0))
    run.set_total(units)
    for unit in range(start, units):
        time.sleep(delay)
        db.session.execute(text(f"INSERT INTO {TABLE} (job_id, unit, worker_pid) VALUES (:job, :unit, :pid)"),
                           {"job": run.job_id, "unit": unit, "pid": os.getpid()})
        run.advance(1, checkpoint={"next": unit + 1})
    run.finish(summary=f"{units} unit selesai")
