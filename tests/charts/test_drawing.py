"""The shared canvas: exact pixel sizes, and a stable version for the same data."""

from __future__ import annotations

import io
import subprocess
import sys

from PIL import Image

from bot.charts.drawing import WIDTH_PX, png, version


def test_png_is_exactly_the_asked_size() -> None:
    picture = Image.open(io.BytesIO(png(37, lambda figure: None)))
    assert picture.size == (WIDTH_PX, 37)


def test_version_is_stable_and_order_of_keys_does_not_matter() -> None:
    assert version({"a": 1, "b": [2]}) == version({"b": [2], "a": 1})
    assert version([1, 2]) != version([2, 1])


def test_importing_the_charts_does_not_import_matplotlib() -> None:
    code = (
        "import sys, bot.charts.skills, bot.charts.coverage, bot.app; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
