"""The coverage picture: a decodable PNG of the promised size, from weekly percentages."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from bot.charts.coverage import HEIGHT_PX, WEEKS, CoverageWeek, coverage_data, coverage_png
from bot.charts.drawing import WIDTH_PX


def test_the_png_decodes_at_its_size_with_gaps_for_small_weeks() -> None:
    weeks = [
        CoverageWeek(date(2026, 9, 6) + timedelta(weeks=i), None if i < 3 else 8 * i)
        for i in range(WEEKS)
    ]
    picture = Image.open(io.BytesIO(coverage_png(weeks)))
    assert (picture.format, picture.size) == ("PNG", (WIDTH_PX, HEIGHT_PX))
    assert coverage_data(weeks[2:4]) == [["2026-09-20", None], ["2026-09-27", 24]]
