"""Every HTML page every demo user reaches from their home page and menu is under 60 KB and answers without a 5xx."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from bimtek.demo.operations import DEMO_LOGINS, DEMO_PASSWORD

LIMIT_BYTES = 60 * 1024
PAGES_PER_USER = 150  # a bound, so a page that links to endless variants of itself cannot hang the test
VARIANTS_PER_SHAPE = 3  # one screen with other ids, codes or query strings (pages, sort orders, filters)
IDS = re.compile(r"/[0-9][^/]*(?=/|$)")  # ids, region codes, numbered slugs ("01-menikah-usia-16")
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.IGNORECASE)
SKIPPED_PATHS = re.compile(r"^/(logout|keluar|static/)")
DOWNLOADS = re.compile(r"\.(pdf|csv|xlsx|zip|png|jpe?g|svg|ics)$|/unduh\b", re.IGNORECASE)


def _links(html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        href = urldefrag(raw.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue  # another site, mailto:, wa.me
        if SKIPPED_PATHS.match(parts.path) or DOWNLOADS.search(parts.path):
            continue
        found.append(href)
    return found


def _shape(url: str) -> str:
    """Return the screen a URL shows: its path with ids and region codes blanked."""
    return IDS.sub("/#", urlsplit(url).path)


def crawl(client, log: list[tuple[str, int, int, str]] | None = None) -> tuple[list[tuple[str, int, int]], int]:
    """Visit every page reachable from '/', return (url, status, bytes) of the bad ones and the count visited.

    `log` receives (url, status, bytes, the page that linked it) for every visit.
    """
    seen, shapes, bad = {"/"}, {}, []
    log = [] if log is None else log
    queue = deque([("/", "")])
    visited = 0
    while queue and visited < PAGES_PER_USER:
        url, referrer = queue.popleft()
        response = client.get(url)
        visited += 1
        html = response.content_type.startswith("text/html")
        size = len(response.get_data())
        log.append((url, response.status_code, size, referrer))
        if response.status_code >= 500 or (html and size >= LIMIT_BYTES):
            bad.append((url, response.status_code, size))
        if response.status_code in (301, 302, 303, 307, 308):
            links = _links(f'<a href="{urlsplit(response.headers["Location"])._replace(scheme="", netloc="").geturl()}">')
        elif html and response.status_code < 300:
            links = _links(response.get_data(as_text=True))
        else:
            continue
        for link in links:
            shape = _shape(link)
            if link in seen or shapes.get(shape, 0) >= VARIANTS_PER_SHAPE:
                continue
            seen.add(link)
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append((link, url))
    return bad, visited


def test_every_page_of_every_demo_user_is_light_and_answers(app, runner):
    for command in (["content", "sync"], ["demo", "seed"]):  # as `make run` prepares the demo
        result = runner.invoke(args=command)
        assert result.exit_code == 0, result.output
    offenders, counts = [], {}
    for username, _description in DEMO_LOGINS:
        client = app.test_client()
        login = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        assert login.status_code == 302, username
        bad, counts[username] = crawl(client)
        offenders += [f"{username} {url}: HTTP {status}, {size / 1024:.1f} KB" for url, status, size in bad]
    assert not offenders, "Pages over 60 KB or with a server error:\n" + "\n".join(offenders)
    assert all(count > 5 for count in counts.values()), counts  # the crawl really walked each user's pages
