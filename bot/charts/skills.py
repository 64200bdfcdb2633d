"""The skill trend: each skill's self-ratings over time (1-10) and its 6/12/18-month targets.

One picture per person, a panel per skill (the most recently rated first, at most
MAX_SKILLS). Targets are stored without a date of their own, so they are drawn 6, 12 and 18
months after the skill's latest rating: the picture then changes only when the data does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from bot.charts.drawing import png
from bot.shapes.growth import SkillTrend

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MAX_SKILLS = 6
PANEL_PX = 150
MARGIN_PX = 20
TARGET_MONTHS = (6, 12, 18)
_DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class SkillSeries:
    """What the chart shows of one skill: its name, dated ratings and targets."""

    name: str
    ratings: tuple[tuple[date, int], ...]
    targets: tuple[int | None, int | None, int | None]

    def target_points(self) -> list[tuple[date, int]]:
        """Each target on its day: months after the latest rating."""
        last = self.ratings[-1][0]
        return [
            (last + timedelta(days=round(months * _DAYS_PER_MONTH)), target)
            for months, target in zip(TARGET_MONTHS, self.targets, strict=True)
            if target is not None
        ]


def skill_series(trends: Sequence[SkillTrend]) -> list[SkillSeries]:
    """The rated skills among `trends`, in their order, at most MAX_SKILLS."""
    rated = [t for t in trends if t.ratings][:MAX_SKILLS]
    return [
        SkillSeries(
            name=t.skill.name,
            ratings=tuple((r.rated_on, r.rating) for r in t.ratings),
            targets=(t.skill.target_6m, t.skill.target_12m, t.skill.target_18m),
        )
        for t in rated
    ]


def skill_data(series: Sequence[SkillSeries]) -> list[Any]:
    """Everything the picture depends on, as JSON-able data (for its version)."""
    return [[s.name, [[d.isoformat(), r] for d, r in s.ratings], list(s.targets)] for s in series]


def height_px(count: int) -> int:
    return PANEL_PX * max(1, count) + MARGIN_PX


def skill_trend_png(series: Sequence[SkillSeries]) -> bytes:
    """The chart as PNG bytes: WIDTH_PX wide, PANEL_PX high per skill (at least one panel)."""
    series = list(series)[:MAX_SKILLS]

    def draw(figure: Figure) -> None:
        figure.subplots_adjust(left=0.07, right=0.98, top=0.93, bottom=0.08, hspace=0.7)
        axes = figure.subplots(max(1, len(series)), 1, squeeze=False)[:, 0]
        for ax, one in zip(axes, series, strict=False):
            _panel(ax, one)

    return png(height_px(len(series)), draw)


def _panel(ax: Axes, series: SkillSeries) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    days = [_x(d) for d, _ in series.ratings]
    ax.plot(days, [r for _, r in series.ratings], marker="o", color="#1264a3", linewidth=2)
    targets = series.target_points()
    if targets:
        last = series.ratings[-1]
        ax.plot(
            [_x(last[0]), *(_x(d) for d, _ in targets)],
            [last[1], *(t for _, t in targets)],
            linestyle="--",
            marker="D",
            fillstyle="none",
            color="#2bac76",
        )
    if len(set(days)) == 1 and not targets:  # one day alone: a month either side, not years
        ax.set_xlim(days[0] - 30, days[0] + 30)
    ax.set_ylim(0.5, 10.5)
    ax.set_yticks([1, 5, 10])
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(series.name, loc="left", fontsize=10, parse_math=False)
    locator = AutoDateLocator(maxticks=6)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.tick_params(labelsize=8)


def _x(day: date) -> float:
    """matplotlib's date number for a day (days since its epoch, 1970-01-01)."""
    return float(day.toordinal() - _EPOCH)


_EPOCH = date(1970, 1, 1).toordinal()
