"""Benchmark: the learner journey under load, log-in to certificate, on gunicorn + PostgreSQL + Redis.

Loopback only (127.0.0.1; clients from 127.0.0.x), bounded in users and time (about 6 minutes,
hard limit 15). It builds its own world: a fresh PostgreSQL database `load_bench` on 127.0.0.1
(dropped and created each run, dropped again at the end; user `postgres`, trust authentication),
its own Redis database (redis://127.0.0.1:6379/4, given to the app as REDIS_URL; emptied with
FLUSHDB, never FLUSHALL), migrations, Kecamatan Kerkap's regions, the shipped course content, a
current election and a few thousand Pantarlih accounts written in bulk (one scrypt hash of a
known password, as a chosen password is stored; nine of Prosedur Coklit's ten lessons already
finished, so one journey earns the certificate). It serves `wsgi:app` with gunicorn and the
production settings `deploy/gunicorn.conf.py` (where that file is missing, the same choices as
flags: gthread, 2 workers per core, 4 threads, 30 s timeout; `--config FILE` names another,
`--workers N` overrides), waits until `/healthz` answers, and runs Locust headless
(FastHttpUser, through its library API) in a child process (`bench/_journey.py`), so gevent
never patches this one:

1. the journey, first with 50 concurrent virtual users, then grown to 200 (the first 50 carry
   on), no think time. Steps, each named: `login` (form, post, home page), `course`, `lesson`
   (the last one, marked finished), `quiz` (start, then every question answered rightly: the
   page is parsed and the answer found by the option's text in a key built from the content,
   options being shuffled per attempt), `submit` (summary, finish, result), `certificate` (its
   link on the course page, the PDF). Each journey is a fresh learner with fresh cookies.
2. after the server is idle again, its bare route measured the same way (50 logged-in users,
   no think time): `/healthz`, the cheapest route the app has (the app's before-request hook
   loads the session's user, then one `SELECT 1`).

Each stage is measured for `--seconds` (90) after its users have started. Printed, as
`name: value unit` lines: per user count the journeys per second (journey requests per second
over the 55 requests one journey makes: 200 users in a closed loop finish few whole journeys in
a window, so counting only those would under-count), the requests per second, the journeys
completed in the window, p50/p95/p99 (ms) and the number of the measured requests of each
step, the CPU seconds the app (gunicorn and workers), PostgreSQL's backends for the database
and the load generator used, and the 1-minute load average (the machine is shared); then
`bare_route_req_per_s`, exactly one line `errors: N` (every request of the run, log-ins before
the bare route included, that answered >= 400, could not connect, got no answer within 300 s
(as long as a browser waits; slow answers show in the percentiles), or lacked what the next
click needs) and last `journey_ratio: N`: the best stage's journey requests per second over
the bare route's requests per second. Rates on a shared machine follow whatever else runs, so
the app's CPU milliseconds per request are printed too, and `journey_cpu_ratio` (the bare
route's CPU per request over the journey's) before `errors`. Locust's and gunicorn's own
logs (access log included) go to `bench/out/load.log` (git-ignored), never to stdout.

Rate limits: log-in throttling counts failed log-ins only (10 per account, 300 per address in
15 minutes), and every test learner logs in once with the right password, so it refuses none.
Even so each virtual user connects from its own loopback address (127.0.0.2, 127.0.0.3, ...:
the client's sockets are bound to it), as phones on a carrier's network would, so no
per-address limit sees 200 users as one client. No limit is raised. The public verify page
(`/v/<code>`, limited per client) is not part of the journey.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _fixtures import add_current_election, region_slice  # noqa: E402 - bench/ is the script's folder

HOST = "127.0.0.1"  # the only address this script ever connects to or serves on
PG_SERVER = f"postgresql://postgres@{HOST}:5432/postgres"
REDIS_PORT = 6379
COURSE = "prosedur-coklit"
PASSWORD = "beban-sandi-2026"
USERNAME = "beban{:05d}"
SECRET = "bench-load-only-secret-key"
STEPS = ("login", "course", "lesson", "quiz", "submit", "certificate")
BARE_PATH = "/healthz"
JOURNEY_REQUESTS = 55  # what one journey makes: 3 + 1 + 3 + (3 + 2 x 20) + 3 + 2
BUDGET_SECONDS = 15 * 60
TAGS = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
DEFAULT_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
# Without deploy/gunicorn.conf.py: the choices it makes (gthread, 2 workers per core, 4 threads, 30 s).
FALLBACK_FLAGS = ["--worker-class", "gthread", "--workers", str(2 * (os.cpu_count() or 1)), "--threads", "4",
                  "--timeout", "30", "--graceful-timeout", "30", "--keep-alive", "5"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", default="50,200", help="concurrent users per stage, comma-separated")
    parser.add_argument("--seconds", type=float, default=90, help="measured seconds per journey stage")
    parser.add_argument("--ramp", type=float, default=None, help="seconds to start all users (default users/10)")
    parser.add_argument("--bare-users", type=int, default=None, help="users on the bare route (default: first stage's)")
    parser.add_argument("--bare-seconds", type=float, default=20, help="measured seconds on the bare route")
    parser.add_argument("--min-journeys", type=int, default=0,
                        help="stretch the last stage (up to 120 s) until this many journeys ran wholly inside it")
    parser.add_argument("--database", default="load_bench", help="PostgreSQL database to (re)create on 127.0.0.1")
    parser.add_argument("--redis-db", type=int, default=4, help="Redis database number of the bench's own")
    parser.add_argument("--config", default=None, help="gunicorn config file (default deploy/gunicorn.conf.py)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the config's)")
    parser.add_argument("--log", default=str(ROOT / "bench" / "out" / "load.log"), help="Locust's and gunicorn's log")
    parser.add_argument("--keep-database", action="store_true", help="leave the database for inspection")
    args = parser.parse_args(argv)
    args.users = [int(n) for n in args.users.split(",") if n.strip()]
    if not args.users or min(args.users) < 1 or max(args.users) > 500:
        parser.error("--users takes 1 to 500 users per stage")
    if not args.database.replace("_", "").isalnum():
        parser.error("--database must be a plain name")
    if args.seconds > 180 or args.bare_seconds > 120:
        parser.error("stages are bounded: at most 180 s per journey stage and 120 s on the bare route")
    return args


# --- the world -------------------------------------------------------------------------------


def fresh_database(name: str) -> str:
    """Drop and create the bench's database; return the URL the app is given."""
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@{HOST}:5432/{name}"


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_command(db: int, *commands: str) -> list[bytes]:
    """Send inline commands to Redis on 127.0.0.1 after SELECT db; return the reply lines."""
    with socket.create_connection((HOST, REDIS_PORT), timeout=5) as sock:
        sock.sendall("".join(f"{c}\r\n" for c in (f"SELECT {db}", *commands)).encode())
        replies, buffer = [], b""
        while len(replies) < len(commands) + 1:
            chunk = sock.recv(4096)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\r\n")
            replies.extend(lines)
    if len(replies) < len(commands) + 1 or any(reply.startswith(b"-") for reply in replies):
        raise RuntimeError(f"Redis answered {replies!r}")
    return replies


def normalise(fragment: str) -> str:
    """Reduce an HTML fragment to its words, so the page and the answer key compare equal."""
    return SPACE.sub(" ", html.unescape(TAGS.sub(" ", fragment))).strip()


def answer_key(course_id: int) -> dict[str, list[dict]]:
    """Map each question's text (as words) to the right answer: option texts to pick, or fields to send."""
    import random

    from bimtek.quizzes.bank import bank_questions
    from bimtek.quizzes.plan import render_text
    from bimtek.quizzes.questions import Question

    rng = random.Random(1)
    key: dict[str, list[dict]] = {}
    for row in bank_questions(course_id):
        question = Question.from_dict(row.data)
        qtype = question.qtype
        right = qtype.sample_response(question, True, rng)
        if question.kind in ("single", "multi"):
            options = qtype.options(question)
            picks = [right] if isinstance(right, str) else right
            entry = {"choices": [normalise(str(options[int(index)].html)) for index in picks]}
        elif question.kind == "truefalse":
            entry = {"fields": {"answer": "true" if right else "false"}}
        elif question.kind == "matching":
            entry = {"fields": {f"match-{index}": value for index, value in right.items()}}
        else:
            entry = {"fields": {"answer": str(right)}}
        key.setdefault(normalise(str(render_text(question))), []).append(entry)
    return key


def build(url: str, learners: int) -> dict:
    """Migrate, load regions, content, an election and the learners in bulk; return the answer key."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from bimtek import create_app
    from bimtek.config import Config
    from bimtek.courses.models import Course, Lesson, LessonProgress
    from bimtek.courses.operations import sync_content
    from bimtek.extensions import db
    from bimtek.officers.models import Assignment, Person, Position, Role
    from bimtek.regions.models import Region
    from bimtek.regions.operations import import_regions

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url.replace("postgresql://", "postgresql+psycopg://", 1),
                     DEBUG=False)
    with app.app_context():
        upgrade()
        import_regions(region_slice())
        election = add_current_election()
        sync_content(Path(app.config["BIMTEK_CONTENT_DIR"]))
        db.session.flush()
        course = db.session.scalar(select(Course).where(Course.slug == COURSE))
        lessons = db.session.scalars(
            select(Lesson.id).where(Lesson.course_id == course.id, Lesson.is_retired.is_(False)).order_by(Lesson.order)
        ).all()
        desa = db.session.scalars(
            select(Region.code).where(Region.parent_code == "17.03.06").order_by(Region.code)
        ).all()
        password_hash = generate_password_hash(PASSWORD, method=app.config["BIMTEK_PASSWORD_METHOD"])
        db.session.execute(insert(Person), [
            {"full_name": f"Pantarlih Beban {i}", "username": USERNAME.format(i), "password_hash": password_hash,
             "nik": f"1703064101{i:06d}"} for i in range(learners)
        ])
        ids = db.session.scalars(
            select(Person.id).where(Person.username.like("beban%")).order_by(Person.username)
        ).all()
        db.session.execute(insert(Assignment), [
            {"person_id": person_id, "election_id": election.id, "role": Role.PANTARLIH, "position": Position.ANGGOTA,
             "region_code": desa[i % len(desa)], "tps": i // len(desa) + 1} for i, person_id in enumerate(ids)
        ])
        db.session.execute(insert(LessonProgress), [
            {"person_id": person_id, "election_id": election.id, "lesson_id": lesson_id}
            for person_id in ids for lesson_id in lessons[:-1]
        ])
        key = answer_key(course.id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return key


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def serve(url: str, redis_db: int, workdir: Path, config: Path | None, workers: int | None,
          log) -> tuple[subprocess.Popen, str]:
    """Start gunicorn serving wsgi:app on a loopback port; return it once /healthz answers."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BIMTEK_", "GUNICORN_"))}
    env.update({
        "DATABASE_URL": url, "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/{redis_db}", "SECRET_KEY": SECRET,
        "BIMTEK_INSTANCE_DIR": str(workdir), "BIMTEK_INSECURE_COOKIES": "1", "GUNICORN_BIND": f"{HOST}:{port}",
        "PYTHONUNBUFFERED": "1",
    })
    flags = ["--config", str(config)] if config else FALLBACK_FLAGS
    if workers:
        flags = [*flags, "--workers", str(workers)]
    command = [str(Path(sys.executable).parent / "gunicorn"), *flags, "--bind", f"{HOST}:{port}",
               "--access-logfile", "-", "--error-logfile", "-", "wsgi:app"]
    print(f"# {' '.join(command)}", file=log, flush=True)
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"{base}{BARE_PATH}", timeout=2) as response:
                if response.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log.name}")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (its own process group), killing them if they linger."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGQUIT)  # gunicorn's quick shutdown: the load is over
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    except ProcessLookupError:
        pass


# --- CPU accounting (what limits the journey) --------------------------------------------------


def _ticks(pid: int, children: bool = False) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    own = int(fields[11]) + int(fields[12])  # utime + stime
    return own + (int(fields[13]) + int(fields[14]) if children else 0)  # + reaped children


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.extend(int(n) for n in task.read_text().split())
        except OSError:
            pass
    return found


def _backends(database: str) -> list[int]:
    """Return the PostgreSQL backends serving the bench's database."""
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if f" {database} " in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                pids.append(int(proc.name))
        except OSError:
            pass
    return pids


def server_cpu(server_pid: int, database: str) -> dict[str, float]:
    """Return the CPU seconds used so far by the app (gunicorn and its workers) and the database's backends."""
    hz = os.sysconf("SC_CLK_TCK")
    app = _ticks(server_pid, children=True) + sum(_ticks(pid) for pid in _children(server_pid))
    return {"app": app / hz, "db": sum(_ticks(pid) for pid in _backends(database)) / hz}


def wait_until_idle(server: subprocess.Popen, database: str, log, limit: float = 120.0) -> float:
    """Wait until the app has finished what clients left queued (under 5% of a core for 2 s); return the wait."""
    started = time.monotonic()
    previous = server_cpu(server.pid, database)["app"]
    quiet = 0
    while time.monotonic() - started < limit and quiet < 2:
        time.sleep(1.0)
        current = server_cpu(server.pid, database)["app"]
        quiet = quiet + 1 if current - previous < 0.05 else 0
        previous = current
    waited = time.monotonic() - started
    print(f"# server idle after {waited:.0f} s", file=log, flush=True)
    return waited


# --- the stages --------------------------------------------------------------------------------


def run_stages(spec: dict, workdir: Path, log) -> dict:
    """Run Locust's stages in a child process (gevent stays out of this one); return its figures."""
    name = spec["mode"]
    spec_path, result_path = workdir / f"{name}.json", workdir / f"{name}-result.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    print(f"# stages {name}: {[stage['users'] for stage in spec['stages']]}", file=log, flush=True)
    child = subprocess.Popen([sys.executable, str(ROOT / "bench" / "_journey.py"), str(spec_path), str(result_path)],
                             cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    limit = sum(stage["ramp_seconds"] + stage["seconds"] + 60 for stage in spec["stages"]) + 180
    try:
        child.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        raise RuntimeError(f"stages {name} ran past {limit:.0f} s; see {log.name}") from None
    if child.returncode != 0 or not result_path.exists():
        raise RuntimeError(f"stages {name} failed (exit {child.returncode}); see {log.name}")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    print(f"# stages {name} result: {json.dumps(result)}", file=log, flush=True)
    return result


def print_figures(journey: dict, bare: dict) -> float:
    """Print the `name: value unit` lines of the journey stages and the bare route; return the journey ratio."""
    per_journey = journey["requests_per_journey"] or JOURNEY_REQUESTS
    best = 0.0
    for stage in journey["stages"]:
        prefix = f"users_{stage['users']}"
        best = max(best, stage["req_per_s"])
        print(f"{prefix}_journeys_per_s: {stage['req_per_s'] / per_journey:.2f} /s")
        print(f"{prefix}_req_per_s: {stage['req_per_s']:.1f} /s")
        print(f"{prefix}_journeys_completed: {stage['journeys_completed']} journeys")
        for step in STEPS:
            figures = stage["steps"].get(step, {"count": 0, "p50": 0, "p95": 0, "p99": 0})
            for name in ("p50", "p95", "p99"):
                print(f"{prefix}_{step}_{name}: {figures[name]:.0f} ms")
            print(f"{prefix}_{step}_requests: {figures['count']} requests")
        for side in ("app", "db", "client"):
            print(f"{prefix}_cpu_{side}_s: {stage['cpu'][side]:.1f} s")
        print(f"{prefix}_app_cpu_per_req: {cpu_per_request(stage):.1f} ms")
        print(f"{prefix}_load_average_1m: {stage['load_average']:.2f} procs")
    print(f"requests_per_journey: {per_journey:.0f} requests")
    (measured,) = bare["stages"]
    print(f"bare_route_req_per_s: {measured['req_per_s']:.1f} /s")
    for name in ("p50", "p99"):
        print(f"bare_route_{name}: {measured['steps'].get('bare', {}).get(name, 0):.0f} ms")
    print(f"bare_route_cpu_app_s: {measured['cpu']['app']:.1f} s")
    print(f"bare_route_cpu_client_s: {measured['cpu']['client']:.1f} s")
    print(f"bare_route_app_cpu_per_req: {cpu_per_request(measured):.1f} ms")
    print(f"bare_route_load_average_1m: {measured['load_average']:.2f} procs")
    # The same ratio from the app's CPU per request: steadier than rates when others share the cores.
    costs = [cpu_per_request(stage) for stage in journey["stages"] if stage["requests"]]
    if costs and cpu_per_request(measured):
        print(f"journey_cpu_ratio: {cpu_per_request(measured) / min(costs):.3f}")
    print(f"journey_req_per_s: {best:.1f} /s")
    return best / measured["req_per_s"] if measured["req_per_s"] else 0.0


def cpu_per_request(stage: dict) -> float:
    """Return the app's CPU milliseconds per request measured in a stage (0 without requests)."""
    return stage["cpu"]["app"] * 1000 / stage["requests"] if stage["requests"] else 0.0


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    ramps = {users: args.ramp if args.ramp is not None else max(2.0, users / 10) for users in args.users}
    bare_users = args.bare_users or args.users[0]
    # Enough fresh learners for 12 journeys a second, far beyond what two cores do.
    journey_learners = max(args.users) + int(12 * sum(args.seconds + ramps[users] for users in args.users)) + 20
    learners = journey_learners + bare_users
    config = Path(args.config) if args.config else (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    if config is not None and not config.exists():
        sys.exit(f"no gunicorn config at {config}")

    log_path = Path(args.log)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bimtek-bench-load-"))
    os.environ["BIMTEK_INSTANCE_DIR"] = str(workdir)
    os.environ["SECRET_KEY"] = SECRET
    server = None
    with log_path.open("w", encoding="utf-8") as log:
        try:
            try:
                redis_command(args.redis_db, "PING", "FLUSHDB")
                url = fresh_database(args.database)
            except Exception as error:  # noqa: BLE001 - reported plainly: the bench needs both
                sys.exit(f"bench/load.py needs PostgreSQL (postgres@{HOST}:5432, trust) and Redis "
                         f"({HOST}:{REDIS_PORT}) on this machine: {type(error).__name__}: {error}")
            with contextlib.redirect_stderr(log):  # alembic's and the app's setup logs
                key = build(url, learners)
            print(f"load_setup_s: {time.monotonic() - started:.1f} s", flush=True)
            print(f"load_learners: {learners} accounts", flush=True)
            server, base = serve(url, args.redis_db, workdir, config, args.workers, log)
            print(f"# gunicorn config: {config or 'flags ' + ' '.join(FALLBACK_FLAGS)}", file=log, flush=True)
            common = {"host": base, "password": PASSWORD, "username_pattern": USERNAME, "course": COURSE,
                      "key": key, "bare_path": BARE_PATH, "server_pid": server.pid, "database": args.database}
            journey = run_stages({**common, "mode": "journey", "learners": [0, journey_learners], "stages": [
                {"users": users, "ramp_seconds": ramps[users], "seconds": args.seconds, "settle_seconds": 1.0,
                 "min_journeys": args.min_journeys if users == args.users[-1] else 0}
                for users in args.users]}, workdir, log)
            wait_until_idle(server, args.database, log)
            bare = run_stages({**common, "mode": "bare", "learners": [journey_learners, bare_users], "stages": [
                {"users": bare_users, "ramp_seconds": max(2.0, bare_users / 25), "seconds": args.bare_seconds,
                 "settle_seconds": 1.0}]}, workdir, log)
        finally:
            if server is not None:
                stop(server)
            shutil.rmtree(workdir, ignore_errors=True)
            if not args.keep_database:
                try:
                    drop_database(args.database)
                except Exception as error:  # noqa: BLE001 - the figures still stand
                    print(f"# could not drop {args.database}: {error}", file=log, flush=True)

    for result in (journey, bare):
        for sample in result["error_samples"]:
            print(f"failed: {sample}", file=sys.stderr)
    ratio = print_figures(journey, bare)
    errors = journey["errors"] + bare["errors"]
    print(f"load_total_s: {time.monotonic() - started:.1f} s")
    print(f"errors: {errors}")
    print(f"journey_ratio: {ratio:.3f}", flush=True)
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
