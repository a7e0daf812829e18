"""Row-numbered errors for the lists people upload (regions, officers): all rows or none."""

from __future__ import annotations

from dataclasses import dataclass

from bimtek.transaction import Refusal


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"baris {self.line}: {self.message}"


class RowsRejected(Refusal):
    """Raised with every bad row of a list; nothing has been written."""

    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors
