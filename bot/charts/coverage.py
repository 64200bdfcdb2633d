"""Team coverage: the share of a team's members covered (a conversation within their
cadence) at the end of each of the last weeks, as bars. Aggregates only: a week is a
percentage, or nothing when the team then had fewer members than the minimum group size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.charts.drawing import png

if TYPE_CHECKING:
    from matplotlib.figure import Figure

HEIGHT_PX = 240
WEEKS = 12


@dataclass(frozen=True)
class CoverageWeek:
    """One week's end and the team's coverage then, in percent (None: too few to report)."""

    week_end: date
    percent: int | None


def coverage_data(weeks: Sequence[CoverageWeek]) -> list[Any]:
    """Everything the picture depends on, as JSON-able data (for its version)."""
    return [[w.week_end.isoformat(), w.percent] for w in weeks]


def coverage_png(weeks: Sequence[CoverageWeek]) -> bytes:
    """The bars as PNG bytes, WIDTH_PX by HEIGHT_PX, oldest week first."""

    def draw(figure: Figure) -> None:
        figure.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.15)
        ax = figure.subplots()
        labels = [f"{w.week_end.day} {w.week_end:%b}" for w in weeks]
        heights = [w.percent or 0 for w in weeks]
        bars = ax.bar(range(len(weeks)), heights, color="#1264a3")
        for bar, week in zip(bars, weeks, strict=True):
            if week.percent is None:
                bar.set_alpha(0)
        ax.set_xticks(range(len(weeks)), labels)
        ax.set_ylim(0, 100)
        ax.set_yticks([0, 50, 100], ["0%", "50%", "100%"])
        ax.grid(axis="y", alpha=0.3)
        ax.set_title("Covered, week by week", loc="left", fontsize=10)
        ax.tick_params(labelsize=8)

    return png(HEIGHT_PX, draw)
