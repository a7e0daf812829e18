"""Every HTML page every demo user reaches from their home page and menu is under 60 KB and answers without a 5xx."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from bimtek.demo.operations import DEMO_LOGINS, DEMO_PASSWORD

LIMIT_BYTES = 60 * 1024
PAGES_PER_USER = 150  # a bound, so a page that links to endless variants of itself cannot hang the test
VARIANTS_PER_PATH = 3  # the same path with different query strings (pages, sort orders, filters)
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


def crawl(client, log: list[tuple[str, int, int]] | None = None) -> tuple[list[tuple[str, int, int]], int]:
    """Visit every page reachable from '/', return (url, status, bytes) of the bad ones and the count visited."""
    seen, variants, bad = {"/"}, {}, []
    log = [] if log is None else log
    queue = deque(["/"])
    visited = 0
    while queue and visited < PAGES_PER_USER:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        html = response.content_type.startswith("text/html")
        size = len(response.get_data())
        log.append((url, response.status_code, size))
        if response.status_code >= 500 or (html and size >= LIMIT_BYTES):
            bad.append((url, response.status_code, size))
        if not html or response.status_code >= 300:
            continue
        for link in _links(response.get_data(as_text=True)):
            path = urlsplit(link).path
            if link in seen or variants.get(path, 0) >= VARIANTS_PER_PATH:
                continue
            seen.add(link)
            variants[path] = variants.get(path, 0) + 1
            queue.append(link)
    return bad, visited


def test_every_page_of_every_demo_user_is_light_and_answers(app, runner):
    result = runner.invoke(args=["demo", "seed"])
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
