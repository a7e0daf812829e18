"""Benchmark: the quiz under gunicorn and wrk — question page, answer save and submit next to a bare route.

For SQLite and then PostgreSQL (a private `bimtek_bench` database) it builds its own data
(migrations, a region slice, the Prosedur Coklit course and bank, distinct learners each
with an open attempt and a session cookie obtained by logging in), serves the app with
gunicorn (2 sync workers, loopback only) and loads each endpoint with Debian's `wrk`
(50 connections, about 10 s each), rotating cookies, attempts and questions with a Lua
script so every request does real work. Prints `name: value unit` lines; bounded in time.
"""

from __future__ import annotations

import os
import random
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
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _fixtures import add_current_election, region_slice  # noqa: E402 - bench/ is the script's folder

LEARNERS = 300
SUBMIT_ATTEMPTS_PER_LEARNER = 12
CONNECTIONS = 50
THREADS = 2
DURATION = 10
SUBMIT_DURATION = 8
WORKERS = 2
PASSWORD = "bench-sandi-123"
SECRET = "bench-only-secret-key"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "bimtek_bench"
KECAMATAN = "17.03.06"
BUDGET_SECONDS = 230

# A bench-only app: the product plus one bare route, never part of Bimtek itself.
BENCH_WSGI = '''
from bimtek import create_app
from bimtek.config import Config

app = create_app(Config, DEBUG=False)


@app.get("/bench/bare")
def bench_bare():
    return "ok"
'''

LUA = '''
local requests = {%(requests)s}
local cookies = {%(cookies)s}
local threads_started = 0
function setup(thread)
  thread:set("offset", threads_started)
  threads_started = threads_started + 1
end
local n = 0
function request()
  local item = requests[((offset + n * %(threads)d) %% #requests) + 1]
  n = n + 1
  local headers = {["Cookie"] = cookies[item[3]]}
  if item[1] == "POST" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
  return wrk.format(item[1], item[2], headers, item[4])
end
'''


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0:
        print("installing Debian's wrk", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=120)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env, timeout=120,
                       stdout=subprocess.DEVNULL)
        path = shutil.which("wrk")
    if not path:
        sys.exit("bench/quiz.py needs Debian's wrk: run it as root once, or `apt-get install wrk`")
    return path




def _fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DATABASE}"


def _answer_fields(shown) -> dict[str, str]:
    """Return valid form fields for one question (any answer: the bench measures saving, not knowing)."""
    if shown.kind in ("single", "multi"):
        return {"answer": shown.choices[-1].key}
    if shown.kind == "truefalse":
        return {"answer": "false"}
    if shown.kind == "matching":
        return {field: shown.match_choices[0] for field, _left in shown.match_rows}
    if shown.kind == "numerical":
        return {"answer": "30"}
    return {"answer": "kode U"}


def build(url: str, workdir: Path) -> dict:
    """Create the schema and the data, log every learner in; return what the Lua scripts need."""

    import yaml
    from flask_migrate import upgrade
    from sqlalchemy import insert, select
    from werkzeug.security import generate_password_hash

    from bimtek import clock, create_app
    from bimtek.config import Config
    from bimtek.courses.models import Course
    from bimtek.extensions import db
    from bimtek.officers.models import Assignment, Person, Position, Role
    from bimtek.quizzes.bank import sync_bank
    from bimtek.quizzes.models import Attempt, AttemptStatus
    from bimtek.quizzes.operations import start_attempt
    from bimtek.quizzes.plan import AttemptPlan
    from bimtek.regions.models import Region
    from bimtek.regions.operations import import_regions

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, DEBUG=False)
    content = Path(app.config["BIMTEK_CONTENT_DIR"]) / "prosedur-coklit"
    with app.app_context():
        upgrade()
        import_regions(region_slice())
        election = add_current_election()
        meta = yaml.safe_load((content / "course.yaml").read_text(encoding="utf-8"))
        course = Course(slug=meta["slug"], title=meta["title"], summary=meta["summary"], audience=meta["audience"],
                        version=meta["version"], estimated_minutes=meta["estimated_minutes"],
                        completion=meta["completion"], quiz_rules={**meta["quiz"], "wait_minutes": 0,
                                                                   "max_attempts": None})
        db.session.add(course)
        db.session.flush()
        sync_bank(course, [content / "bank.gift"])
        desa = db.session.scalars(select(Region.code).where(Region.parent_code == KECAMATAN).order_by(Region.code)).all()
        password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        people = [
            Person(full_name=f"Pantarlih Bench {i}", username=f"bench{i}", password_hash=password_hash,
                   nik=f"1703064101{i:06d}", phone=f"+6281300{i:06d}")
            for i in range(LEARNERS)
        ]
        db.session.add_all(people)
        db.session.flush()
        db.session.add_all(
            Assignment(person_id=person.id, election_id=election.id, role=Role.PANTARLIH, position=Position.ANGGOTA,
                       region_code=desa[i % len(desa)], tps=i // len(desa) + 1)
            for i, person in enumerate(people)
        )
        rng = random.Random(7)
        learners = []
        extra = []
        for person in people:
            attempt = start_attempt(course, person.id, election.id, rng)
            learners.append((person.username, attempt.id, AttemptPlan(attempt.questions)))
            for number in range(2, SUBMIT_ATTEMPTS_PER_LEARNER + 2):
                extra.append(dict(
                    person_id=person.id, election_id=election.id, course_id=course.id, number=number,
                    status=AttemptStatus.OPEN, question_count=attempt.question_count, started_at=clock.now(),
                    deadline=None, rules=attempt.rules, questions=attempt.questions,
                ))
        db.session.execute(insert(Attempt), extra)
        db.session.commit()
        submit_ids = {}
        for attempt_id, person_id in db.session.execute(
            select(Attempt.id, Attempt.person_id).where(Attempt.number > 1).order_by(Attempt.id)
        ):
            submit_ids.setdefault(person_id, []).append(attempt_id)
        person_ids = {person.username: person.id for person in people}

    cookies, tokens = [], []
    for username, attempt_id, _plan in learners:
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302, (username, response.status_code)
        page = client.get(f"/kuis/{attempt_id}/1")
        assert page.status_code == 200, page.status_code
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))[1])
        cookies.append(f"session={client.get_cookie('session').value}")

    pages, answers, submits, bare = [], [], [], []
    for index, (username, attempt_id, plan) in enumerate(learners):
        for shown in plan.questions:
            pages.append(("GET", f"/kuis/{attempt_id}/{shown.position}", index + 1, ""))
            body = urlencode({"csrf_token": tokens[index], **_answer_fields(shown), "go": "next"})
            answers.append(("POST", f"/kuis/{attempt_id}/{shown.position}", index + 1, body))
        for submit_id in submit_ids[person_ids[username]]:
            submits.append(("POST", f"/kuis/{submit_id}/selesai", index + 1,
                            urlencode({"csrf_token": tokens[index]})))
        bare.append(("GET", "/bench/bare", index + 1, ""))
    for items in (pages, answers):
        random.Random(3).shuffle(items)
    # Submits walk learner by learner so two requests never race for one attempt.
    submits = [submits[i] for i in sorted(range(len(submits)), key=lambda i: (i % SUBMIT_ATTEMPTS_PER_LEARNER, i))]
    scripts = {}
    for name, items in (("bare", bare), ("quiz_page", pages), ("answer_save", answers), ("submit", submits)):
        rows = ",\n".join(
            "{" + ", ".join([_lua_string(method), _lua_string(path), str(cookie), _lua_string(body)]) + "}"
            for method, path, cookie, body in items
        )
        path = workdir / f"{name}.lua"
        path.write_text(LUA % {"requests": rows, "cookies": ", ".join(_lua_string(c) for c in cookies),
                               "threads": THREADS}, encoding="utf-8")
        scripts[name] = (path, len(items))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return scripts


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str, workdir: Path) -> tuple[subprocess.Popen, str]:
    """Start gunicorn with the bench app on a loopback port and wait until it answers."""
    (workdir / "bench_wsgi.py").write_text(BENCH_WSGI, encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "BIMTEK_INSTANCE_DIR": str(workdir),
           "BIMTEK_INSECURE_COOKIES": "1", "PYTHONPATH": f"{workdir}:{ROOT}"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(WORKERS), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--log-level", "warning", "bench_wsgi:app"],
        cwd=workdir, env=env, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    sys.exit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def load(wrk: str, base: str, script: Path, seconds: int) -> dict[str, float]:
    """Run wrk with a Lua script and read requests/second, p99 and errors from its report."""
    output = subprocess.run(
        [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "5s", "-s", str(script),
         base],
        capture_output=True, text=True, timeout=seconds + 30, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M)[1])
    total = int(re.search(r"(\d+) requests in", output)[1])
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match[1])
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(value) for value in match.groups())
    return {"rps": rps, "p99": p99, "errors": errors, "requests": total}


def run_backend(name: str, url: str, wrk: str) -> dict[str, dict[str, float]]:
    workdir = Path(tempfile.mkdtemp(prefix=f"bimtek-bench-quiz-{name}-"))
    started = time.perf_counter()
    scripts = build(url, workdir)
    print(f"{name}_setup: {time.perf_counter() - started:.1f} s")
    server, base = serve(url, workdir)
    results = {}
    try:
        load(wrk, base, scripts["bare"][0], 2)  # warm up both workers
        load(wrk, base, scripts["quiz_page"][0], 2)
        for endpoint in ("bare", "quiz_page", "answer_save", "submit"):
            script, available = scripts[endpoint]
            result = load(wrk, base, script, SUBMIT_DURATION if endpoint == "submit" else DURATION)
            results[endpoint] = result
            print(f"{name}_{endpoint}_rps: {result['rps']:.1f} req/s")
            print(f"{name}_{endpoint}_p99: {result['p99']:.2f} ms")
            print(f"{name}_{endpoint}_errors: {result['errors']} count")
            if endpoint == "submit":
                # Each submit must close a fresh attempt; beyond this many they would only redirect.
                print(f"{name}_submit_fresh_attempts: {min(result['requests'], available)} of {result['requests']} requests")
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)
    for endpoint in ("quiz_page", "answer_save"):
        ratio = results[endpoint]["rps"] / results["bare"]["rps"]
        print(f"{name}_{endpoint}_ratio: {ratio:.2f} x")
    return results


def main() -> None:
    started = time.perf_counter()
    os.environ["SECRET_KEY"] = SECRET
    os.environ["BIMTEK_INSECURE_COOKIES"] = "1"
    os.environ["BIMTEK_INSTANCE_DIR"] = tempfile.mkdtemp(prefix="bimtek-bench-quiz-instance-")
    wrk = _ensure_wrk()
    ratios: dict[str, list[float]] = {"quiz_page": [], "answer_save": []}
    errors = 0
    backends = [("sqlite", lambda: f"sqlite:///{Path(os.environ['BIMTEK_INSTANCE_DIR']) / 'bench.db'}"),
                ("postgresql", _fresh_postgres)]
    for name, make_url in backends:
        if time.perf_counter() - started > BUDGET_SECONDS - 70:
            print(f"{name}_skipped: 1 budget")
            continue
        try:
            url = make_url()
        except Exception as error:  # noqa: BLE001 - an unreachable PostgreSQL is reported, not fatal
            print(f"{name}_unavailable: 1 ({type(error).__name__})")
            continue
        results = run_backend(name, url, wrk)
        errors += sum(int(result["errors"]) for result in results.values())
        for endpoint in ratios:
            ratios[endpoint].append(results[endpoint]["rps"] / results["bare"]["rps"])
    # The headline ratios are the worst backend's.
    print(f"quiz_page_ratio: {min(ratios['quiz_page']):.2f}")
    print(f"answer_save_ratio: {min(ratios['answer_save']):.2f}")
    print(f"errors: {errors} count")
    print(f"total: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
