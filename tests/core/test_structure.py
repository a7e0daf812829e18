"""The shape the code promises: commits in one place, thin views."""

from __future__ import annotations

import ast
from pathlib import Path

import bimtek

PACKAGE = Path(bimtek.__file__).parent
MAX_VIEW_LINES = 30


def _routes(path: Path):
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and any(
            isinstance(d, ast.Call) and getattr(d.func, "attr", "") in {"route", "get", "post"}
            for d in node.decorator_list
        ):
            yield node


def test_only_the_transaction_helper_commits():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in PACKAGE.rglob("*.py") if path.name != "transaction.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".commit()" in line
    ]
    assert offenders == [], "commit through bimtek.transaction (the request, or committing() in a command)"


def test_no_view_function_is_longer_than_thirty_lines():
    long = [
        f"{path.relative_to(PACKAGE.parent)}::{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for path in PACKAGE.rglob("views.py") for node in _routes(path)
        if node.end_lineno - node.lineno + 1 > MAX_VIEW_LINES
    ]
    assert long == []


def test_the_checks_see_the_views():
    assert sum(1 for path in PACKAGE.rglob("views.py") for _node in _routes(path)) > 60
