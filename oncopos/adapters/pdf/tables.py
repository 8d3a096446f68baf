"""A table sized once per width: KeepTogether measures its table, then the frame measures it again.

reportlab's Table recomputes every row's height (asking every cell) each time it is wrapped.
Wrapped again at the same width, with at least the room it needed, it computes the very same
sizes: its rows are measured one after another and the only use of the room offered is to stop
early once they overflow it, which a table that fitted cannot do. So the sizes of the first
wrap are kept; a narrower or shorter room sizes it anew, as reportlab does.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table


class SizedTable(Table):
    """A Table that keeps its sizes for a second wrap at the same width with enough room."""

    _sized: tuple[float, float, dict[str, Any], tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        sized = self._sized
        if sized is not None and sized[0] == availWidth and sized[1] <= availHeight:
            self.__dict__.update(sized[2])  # what that wrap set, should anything have changed it since
            return sized[3]
        before = dict(self.__dict__)
        size = super().wrap(availWidth, availHeight)
        mine = self.__dict__
        if mine.get("_hmax") == len(mine.get("_rowHeights", ())):  # every row measured: it fitted
            state = {k: v for k, v in mine.items() if k != "_sized" and (k not in before or before[k] is not v)}
            self._sized = (availWidth, mine["_height"], state, size)
        else:
            self._sized = None
        return size
