"""gunicorn settings for Bimtek in production: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Kept in deploy/ on purpose: gunicorn reads ./gunicorn.conf.py by itself, and `make run` (SQLite,
loopback, two workers) must not pick these settings up. Every value can be overridden from the
environment (GUNICORN_* below, or gunicorn's own GUNICORN_CMD_ARGS).
"""

import os

# Where to listen: loopback by default; the reverse proxy (nginx, a load balancer) connects here.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Workers and threads. The machine this was sized on has 2 cores. Bimtek's requests are
# mostly short database round trips (waiting on PostgreSQL, GIL released), with some CPU work
# (WeasyPrint renders a certificate PDF in ~0.1-0.3 s, holding the GIL). So:
# - gthread, not sync: a sync worker idles while PostgreSQL answers, and with only 2 cores we
#   cannot afford 16 processes' memory (each ~150 MB with WeasyPrint loaded) to get 16 requests
#   in flight; threads share one process and one connection pool.
# - 2 workers per core: a PDF render holding the GIL in one process stalls only its own threads,
#   the other processes keep answering; more processes than 2 x cores only adds switching.
# - 4 threads per worker: enough to overlap database waits; more would mostly queue on the GIL.
# Bulk work (imports, bulk certificates, password sheets) never runs in a request: it goes to the
# job worker (`flask worker`), so the CPU these workers see stays short.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"

# The app's PostgreSQL pool follows the threads: each thread holds at most one connection during
# a request, the overflow (BIMTEK_DB_MAX_OVERFLOW, default 2) covers the app's own background
# threads. Connections in use at most: workers x (threads + overflow) per app server, i.e.
# 4 x 6 = 24 here; keep (app servers x that + job workers + psql/pg_dump) under PostgreSQL's
# max_connections (100 by default), or put PgBouncer in front.
os.environ.setdefault("BIMTEK_DB_POOL_SIZE", str(threads))
# A single SQL statement of a web request may take at most 15 s (the app's default, restated here
# so the page and the gunicorn timeout below are read together).
os.environ.setdefault("BIMTEK_STATEMENT_TIMEOUT_MS", "15000")

# A request still running after 30 s is killed (its worker restarted). Nothing legitimate takes
# that long: long work goes to jobs, the statement timeout (15 s) and the pool timeout (10 s)
# answer "coba lagi" before this. For gthread workers the timeout watches the worker's heartbeat,
# not each request, so it also catches a worker wedged by native code.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On a restart or deploy (SIGTERM / SIGHUP), let requests in flight finish for up to 30 s.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Phones on weak signal keep connections open; the proxy in front holds them, not us.
keepalive = 5

# Restart each worker after about this many requests, spread by the jitter so they do not all
# restart at once: bounds the memory WeasyPrint, fontconfig and caches can gather over days.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# Load the app in each worker, not in the master: a connection pool, thread or open file made
# before fork would be shared by every worker (psycopg connections must never be).
preload_app = False

# The proxy in front sets X-Forwarded-Proto/For; gunicorn trusts them only from these addresses.
# The app reads the client address itself through ProxyFix, behind exactly BIMTEK_PROXY_COUNT proxies.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr (systemd's journal or the container's log collects them). The access log
# names the client as the proxy saw it (X-Forwarded-For) and the time taken in microseconds (%D).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(D)sus "%(f)s" "%(a)s"'

# gunicorn names itself in the Server header; wsgi.py replaces that with "Bimtek".
proc_name = "bimtek"

# gunicorn 27's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl): several
# servers on one machine would fight over it, and nothing here uses it (older versions ignore this).
control_socket_disable = True
