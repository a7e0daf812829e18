"""The load test's virtual users (Locust, headless), run by bench/load.py in a child process (not a bench itself).

Usage (by bench/load.py only): `python bench/_journey.py SPEC.json RESULT.json`. The spec names
the server, the mode (`journey` or `bare`), the stages (users, ramp and measured seconds), the learner
accounts this stage may use and the quiz's answer key; the result holds what load.py prints.

Every request is made with redirects off and each redirect followed by hand, so one Locust
request is one HTTP request, named by the step of the journey it belongs to:

- `login`: GET /login, POST /login, GET / (where the log-in leads)
- `course`: GET /kursus/<slug>
- `lesson`: GET the lesson the course page offers next, POST .../selesai (mark it finished), GET
  where that leads (the course page, the course's last lesson being done)
- `quiz`: GET the quiz page, POST .../kuis/mulai, GET /kuis/<id> (resume), then per question GET
  the question and POST the right answer (read from the page: the options' keys are shuffled
  per attempt, so each answer is found by the option's text in the answer key)
- `submit`: GET the summary, POST .../selesai, GET the result (must say the learner passed)
- `certificate`: GET the course page, find the certificate's download link on it, GET the PDF
  (must be a PDF)

A virtual user repeats the journey, each time as a fresh learner (new cookies): a learner's
quiz can be passed and their certificate earned only once. Each virtual user connects from its
own loopback address (127.0.0.2, 127.0.0.3, ...), so the server sees many clients, as it would.
"""

from __future__ import annotations

import gevent.monkey

gevent.monkey.patch_all()

import json  # noqa: E402 - gevent patches first
import logging  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from urllib.parse import urlencode, urlsplit  # noqa: E402

import gevent  # noqa: E402
import gevent.local  # noqa: E402
import gevent.socket  # noqa: E402
from geventhttpclient.connectionpool import ConnectionPool  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402

from load import normalise, server_cpu  # noqa: E402 - bench/ is the script's folder

STEPS = ("login", "course", "lesson", "quiz", "submit", "certificate")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
QTEXT = re.compile(r'id="qtext">(.*?)</div>\s*(?:<fieldset|<div class="field">)', re.S)
OPTION = re.compile(r'name="answer" value="([^"]+)"[^>]*> <span>(.*?)</span></label>', re.S)

log = logging.getLogger("bench.journey")

# --- each virtual user connects from its own loopback address ---------------------------------

_source = gevent.local.local()
_plain_socket = ConnectionPool._create_tcp_socket


def _bound_socket(self, family, socktype, protocol):
    sock = _plain_socket(self, family, socktype, protocol)
    address = getattr(_source, "address", None)
    if address:
        sock.bind((address, 0))
    return sock


ConnectionPool._create_tcp_socket = _bound_socket


def source_address(number: int) -> str:
    """Return the loopback address virtual user `number` connects from (127.0.0.2 and up)."""
    return f"127.0.{number // 250}.{2 + number % 250}"


class JourneyFailed(Exception):
    """The page did not offer what the learner's next click needs."""

    def __init__(self, message: str, counted: bool = False):
        super().__init__(message)
        self.counted = counted  # the request was already marked failed


# --- shared state of this stage --------------------------------------------------------------

SPEC: dict = {}
STATE = {"measuring": False, "window_started": 0.0, "whole_journeys": 0, "ready": 0, "next_learner": 0,
         "next_user": 0, "journeys": 0, "journeys_all": 0, "journey_requests": 0, "requests_all": 0, "errors": 0,
         "error_samples": [], "exhausted": 0}
SAMPLES: dict[str, list[float]] = {}


@events.request.add_listener
def _count(request_type, name, response_time, response_length, response=None, exception=None, **_kwargs):
    """Count every request and every failure (status >= 400, a connection error or a failed check)."""
    STATE["requests_all"] += 1
    status = getattr(response, "status_code", 0) or 0
    failed = exception is not None or status >= 400 or status == 0
    if failed:
        STATE["errors"] += 1
        if len(STATE["error_samples"]) < 20:
            STATE["error_samples"].append(f"{request_type} {name} {status} {exception!r}"[:300])
    if STATE["measuring"]:
        SAMPLES.setdefault(name, []).append(response_time)


def take_learner() -> str | None:
    """Return the next unused learner's username of this stage, or None when all are used."""
    first, count = SPEC["learners"]
    if STATE["next_learner"] >= count:
        return None
    number = first + STATE["next_learner"]
    STATE["next_learner"] += 1
    return SPEC["username_pattern"].format(number)


class BenchUser(FastHttpUser):
    """Shared plumbing: a source address per user, requests without automatic redirects."""

    abstract = True
    wait_time = constant(0)
    network_timeout = 300.0  # as long as a browser waits (Chrome: 300 s); the percentiles show the waits
    connection_timeout = 30.0
    max_retries = 0

    def on_start(self) -> None:
        _source.address = source_address(STATE["next_user"])
        STATE["next_user"] += 1

    def call(self, step: str, method: str, path: str, fields=None, expect=(200,), check=None):
        """Make one request named by its step; mark it failed on an unexpected status or a failed check."""
        body = urlencode(fields, doseq=True) if fields is not None else None
        self.made = getattr(self, "made", 0) + 1
        with self.client.request(method, path, name=step, data=body, headers=FORM if body else None,
                                 allow_redirects=False, catch_response=True) as response:
            if response.status_code not in expect:
                response.failure(f"status {response.status_code}, expected {expect}")
                raise JourneyFailed(f"{step} {method} {path}: {response.status_code}", counted=True)
            if check is not None and not check(response):
                response.failure("the page lacks what the journey needs")
                raise JourneyFailed(f"{step} {method} {path}: check failed", counted=True)
            return response

    def follow(self, step: str, response, expect=(200,), check=None):
        """GET where a redirect points."""
        location = response.headers.get("Location") or response.headers.get("location")
        if not location:
            raise JourneyFailed(f"{step}: redirect without Location")
        parts = urlsplit(location)
        return self.call(step, "GET", parts.path + (f"?{parts.query}" if parts.query else ""), expect=expect,
                         check=check)

    def log_in(self, username: str) -> None:
        """Log in as the learner: the form, the post, the page it leads to."""
        page = self.call("login", "GET", "/login")
        token = CSRF.search(page.text)[1]
        posted = self.call("login", "POST", "/login", {"csrf_token": token, "username": username,
                                                       "password": SPEC["password"]}, expect=(302,))
        self.follow("login", posted)


class Learner(BenchUser):
    """A Pantarlih going through the whole course: log-in to certificate."""

    @task
    def journey(self) -> None:
        username = take_learner()
        if username is None:
            STATE["exhausted"] += 1
            gevent.sleep(3600)  # the stage ends long before; no learner is used twice
            return
        self.client.cookiejar.clear()
        self.made = 0
        began = time.monotonic()
        try:
            self.walk(username)
        except Exception as error:  # noqa: BLE001 - any broken journey is an error of the run
            log.warning("journey of %s failed: %r", username, error)
            if not getattr(error, "counted", False):
                STATE["errors"] += 1  # the page answered, but without what the next click needs
                STATE["error_samples"].append(f"journey of {username}: {error!r}"[:300])
            return
        STATE["journeys_all"] += 1
        STATE["journey_requests"] += self.made
        if STATE["measuring"]:
            STATE["journeys"] += 1
            if began >= STATE["window_started"]:
                STATE["whole_journeys"] += 1  # every step of it was measured

    def walk(self, username: str) -> None:
        slug = SPEC["course"]
        course_path = f"/kursus/{slug}"
        self.log_in(username)

        page = self.call("course", "GET", course_path)
        match = re.search(rf'class="button primary" href="({re.escape(course_path)}/[^"/]+)"', page.text)
        if not match:
            raise JourneyFailed("course page offers no next lesson")
        lesson = self.call("lesson", "GET", match[1])
        token = CSRF.search(lesson.text)[1]
        done = self.call("lesson", "POST", f"{match[1]}/selesai", {"csrf_token": token}, expect=(302,))
        self.follow("lesson", done)

        self.call("quiz", "GET", f"{course_path}/kuis")
        begun = self.call("quiz", "POST", f"{course_path}/kuis/mulai", {"csrf_token": token}, expect=(302,))
        resumed = self.follow("quiz", begun, expect=(302,))
        location = resumed.headers["Location"]
        while "/ringkasan" not in location:
            question = self.follow("quiz", resumed)
            path = urlsplit(location).path
            resumed = self.call("quiz", "POST", path, self.answer(question.text, token), expect=(302,))
            location = resumed.headers["Location"]

        summary = self.follow("submit", resumed)
        finish = re.search(r'action="(/kuis/\d+/selesai)"', summary.text)
        if not finish:
            raise JourneyFailed("summary page has no finish form")
        finished = self.call("submit", "POST", finish[1], {"csrf_token": token}, expect=(302,))
        self.follow("submit", finished, check=lambda r: 'class="button primary" href="/kursus/' in r.text)

        page = self.call("certificate", "GET", course_path, check=lambda r: "/sertifikat/" in r.text)
        link = re.search(r'href="(/sertifikat/[0-9A-Z-]+\.pdf)"', page.text)
        if not link:
            raise JourneyFailed("course page shows no certificate")
        self.call("certificate", "GET", link[1], check=lambda r: r.content[:5] == b"%PDF-")

    def answer(self, page: str, token: str) -> list[tuple[str, str]]:
        """Return the form that answers the question on the page rightly, from the answer key."""
        found = QTEXT.search(page)
        if not found:
            raise JourneyFailed("question page without a question")
        candidates = SPEC["key"].get(normalise(found[1]))
        if not candidates:
            raise JourneyFailed(f"question not in the answer key: {normalise(found[1])[:80]}")
        options = {normalise(text): key for key, text in OPTION.findall(page)}
        for entry in candidates:
            if "choices" in entry:
                if all(choice in options for choice in entry["choices"]):
                    fields = [("answer", options[choice]) for choice in entry["choices"]]
                    break
            else:
                fields = list(entry["fields"].items())
                break
        else:
            raise JourneyFailed("no option on the page matches the answer key")
        return [("csrf_token", token), *fields, ("go", "next")]


class BareRoute(BenchUser):
    """A logged-in learner asking for the cheapest route the app has, again and again."""

    def on_start(self) -> None:
        super().on_start()
        username = take_learner()
        if username is None:
            raise StopUser()
        try:
            self.log_in(username)
        except Exception as error:  # noqa: BLE001 - counted, and this user stops
            log.warning("bare-route log-in of %s failed: %r", username, error)
            if not getattr(error, "counted", False):
                STATE["errors"] += 1
            raise StopUser() from error
        STATE["ready"] += 1

    @task
    def bare(self) -> None:
        self.call("bare", "GET", SPEC["bare_path"])


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile of the values (0 when there are none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, int(-(-share * len(ordered) // 1)))
    return ordered[min(rank, len(ordered)) - 1]


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(environment, runner, stage: dict) -> dict:
    """Grow (or start) the users to the stage's count, wait for the ramp, measure; return the figures."""
    users = stage["users"]
    runner.start(users, spawn_rate=max(1.0, (users - runner.user_count) / max(stage["ramp_seconds"], 0.1)))
    deadline = time.monotonic() + stage["ramp_seconds"] + 60
    while runner.user_count < users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    if SPEC["mode"] == "bare":  # every user has logged in before the bare route is measured
        while STATE["ready"] < users and time.monotonic() < deadline + 120:
            gevent.sleep(0.2)
    gevent.sleep(stage.get("settle_seconds", 1.0))
    environment.stats.reset_all()
    SAMPLES.clear()
    STATE["journeys"] = 0
    before = {**server_cpu(SPEC["server_pid"], SPEC["database"]), "client": _client_cpu()}
    first_request = STATE["requests_all"]
    STATE["measuring"] = True
    started = STATE["window_started"] = time.monotonic()
    gevent.sleep(stage["seconds"])
    # A smoke run may ask for whole journeys (every step inside the window): it stretches until then (bounded).
    while STATE["whole_journeys"] < stage.get("min_journeys", 0) and time.monotonic() - started < 120:
        gevent.sleep(0.5)
    elapsed = time.monotonic() - started
    STATE["measuring"] = False
    requests = STATE["requests_all"] - first_request
    after = {**server_cpu(SPEC["server_pid"], SPEC["database"]), "client": _client_cpu()}
    summary = {f"{method} {name}": entry.num_requests for (name, method), entry in environment.stats.entries.items()}
    log.info("stage %s %d users measured: %s", SPEC["mode"], users, json.dumps(summary, sort_keys=True))
    return {
        "users": users,
        "elapsed": elapsed,
        "requests": requests,
        "req_per_s": requests / elapsed,
        "journeys_completed": STATE["journeys"],
        "cpu": {side: after[side] - before[side] for side in after},
        "load_average": __import__("os").getloadavg()[0],
        "steps": {
            name: {"count": len(values), "p50": percentile(values, 0.50), "p95": percentile(values, 0.95),
                   "p99": percentile(values, 0.99)}
            for name, values in SAMPLES.items()
        },
    }


def run(spec: dict) -> dict:
    """Run the stages one after the other with the same users growing; return every stage's figures."""
    SPEC.update(spec)
    user_class = Learner if spec["mode"] == "journey" else BareRoute
    environment = Environment(user_classes=[user_class], host=spec["host"], events=events)
    runner = environment.create_local_runner()
    stages = [measure(environment, runner, stage) for stage in spec["stages"]]
    runner.quit()
    return {
        "stages": stages,
        "requests_per_journey": (STATE["journey_requests"] / STATE["journeys_all"]) if STATE["journeys_all"] else None,
        "journeys_all": STATE["journeys_all"],
        "errors": STATE["errors"],
        "requests_all": STATE["requests_all"],
        "error_samples": STATE["error_samples"],
        "learners_used": STATE["next_learner"],
        "learners_exhausted": STATE["exhausted"],
    }


def main() -> None:
    spec_path, result_path = sys.argv[1:3]
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    result = run(spec)
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
