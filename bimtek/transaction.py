"""One transaction per request, as indico's RH.process does it, and the one kind of refusal.

- A web request commits once, after its view returned a response below 400, and rolls back
  otherwise (an exception, a 4xx or 5xx page, a refusal). Views and operations never call commit().
- `Refusal(message)` is the one exception whose message a user should read (in Bahasa Indonesia).
  Feature errors subclass it. Raised during a request and not caught by the view, it is handled in
  one place: the request rolls back and the message is flashed on the page the user came from
  (or the page a view named with `refusals_return_to`), else shown on a 422 page.
- `keep(*rows)` adds rows that must be saved even when the request is refused or fails later
  (a failed log-in): after the rollback they are written in a transaction of their own.
- `keep_writes()` marks a request whose only writes are counters that must survive its refusal
  (a rate-limit hit): they are committed whatever the status.
- `after_commit(fn)` runs fn once the request's transaction is committed (start a background job
  that must see the rows the request wrote).
- `committing()` is the same rule for CLI commands and background jobs: one commit per chunk.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from flask import Flask, flash, g, has_request_context, redirect, render_template, request
from flask_babel import gettext as _

from bimtek.extensions import db


class Refusal(Exception):
    """Something the user asked for is refused; the message says why, in Bahasa Indonesia."""

    def __init__(self, message: str = "", *, back: str | None = None):
        super().__init__(message)
        self.back = back


def keep(*rows) -> None:
    """Add rows that must be saved even if the request is refused (a failed log-in, a limit hit)."""
    db.session.add_all(rows)
    if has_request_context():
        g.setdefault("kept_rows", []).extend(rows)


def keep_writes() -> None:
    """Commit this request's writes even if it ends refused (its only writes are counters like a rate limit)."""
    g.keep_writes = True


def after_commit(callback) -> None:
    """Call back once this request's transaction is committed (never if it is rolled back)."""
    g.setdefault("after_commit", []).append(callback)


def refusals_return_to(url: str) -> None:
    """Send a refusal raised later in this request to url (flashed) instead of the referring page."""
    g.refusal_back = url


@contextmanager
def committing() -> Iterator[None]:
    """Commit the block's work as one chunk (CLI commands, background jobs); roll back if it raises."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()


def _roll_back_keeping() -> None:
    db.session.rollback()
    kept = g.pop("kept_rows", [])
    if kept:
        # A rollback expunges rows added in the transaction; they go back in, alone.
        db.session.add_all(kept)
        db.session.commit()


def _same_site_referrer() -> str | None:
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def init_app(app: Flask) -> None:
    """Commit each request once at its end, or roll it back, and handle refusals in one place."""

    @app.errorhandler(Refusal)
    def _refused(error: Refusal):
        g.refused = True
        db.session.rollback()
        back = error.back or g.get("refusal_back") or _same_site_referrer()
        if back:
            flash(str(error), "error")
            return redirect(back, 303)
        return render_template("errors/error.html", code=422, title=_("Permintaan ditolak"), text=str(error)), 422

    @app.after_request
    def _end_transaction(response):
        if (response.status_code >= 400 or g.get("refused")) and not g.get("keep_writes"):
            _roll_back_keeping()
            return response
        db.session.commit()
        for callback in g.pop("after_commit", []):
            callback()
        return response

    @app.teardown_request
    def _roll_back_on_error(error):
        if error is not None:
            _roll_back_keeping()
