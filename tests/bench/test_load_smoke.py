"""bench/load.py's journey with 2 users for a few seconds, against the gunicorn, PostgreSQL and Redis it starts.

Needs PostgreSQL (postgres@127.0.0.1:5432, trust) and Redis (127.0.0.1:6379) on this machine,
as `.ci/run` and the load test do; without them it fails with a message saying so.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("login", "course", "lesson", "quiz", "submit", "certificate")
LINE = re.compile(r"^[a-z0-9_]+: -?[0-9.]+( \S+)?$")


def _require_services() -> None:
    try:
        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=5).close()
    except psycopg.OperationalError as error:
        pytest.fail(f"The load test's smoke run needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust): {error}")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=5).close()
    except OSError as error:
        pytest.fail(f"The load test's smoke run needs Redis on 127.0.0.1:6379: {error}")


@pytest.mark.load
@pytest.mark.postgres
def test_two_learners_walk_the_whole_journey_without_an_error(tmp_path):
    _require_services()
    log = tmp_path / "load.log"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--users", "2", "--seconds", "5", "--ramp", "1",
         "--min-journeys", "1", "--bare-users", "2", "--bare-seconds", "2", "--workers", "1",
         "--database", "load_smoke", "--log", str(log)],
        cwd=ROOT, capture_output=True, text=True, timeout=150,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert all(LINE.match(line) for line in lines), lines
    figures = dict(line.split(": ", 1) for line in lines)
    for step in STEPS:
        for name in ("p50", "p95", "p99"):
            assert figures[f"users_2_{step}_{name}"].endswith(" ms")
        assert float(figures[f"users_2_{step}_p50"].split()[0]) > 0, f"no {step} request was measured"
    assert int(figures["users_2_journeys_completed"].split()[0]) >= 1
    assert float(figures["users_2_journeys_per_s"].split()[0]) > 0
    assert figures["requests_per_journey"] == "55 requests"
    assert float(figures["bare_route_req_per_s"].split()[0]) > 0
    assert [line for line in lines if line.startswith("errors:")] == ["errors: 0"]
    assert lines[-1].startswith("journey_ratio: ") and 0 < float(lines[-1].split()[1]) < 1
    # Locust's and gunicorn's own logs went to the file, not to stdout.
    text = log.read_text(encoding="utf-8")
    assert '"POST /login HTTP/1.1" 302' in text
    assert re.search(r'"GET /sertifikat/[0-9A-Z-]+\.pdf HTTP/1\.1" 200', text), "no certificate was downloaded"
    assert "Booting worker" in text
