"""The canvas every chart is drawn on, its size, and a version for a chart's data."""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 100
WIDTH_PX = 640


def version(data: Any) -> str:
    """A short stable hash of a chart's data (JSON-able): a new version means a new picture."""
    raw = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def png(height_px: int, draw: Callable[[Figure], None]) -> bytes:
    """A PNG, WIDTH_PX by height_px, of what `draw` puts on a fresh figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # A Figure with its own Agg canvas: no pyplot, no global state, no display, thread-safe.
    figure = Figure(figsize=(WIDTH_PX / DPI, height_px / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    with _quiet():
        draw(figure)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


@contextmanager
def _quiet() -> Iterator[None]:
    # A typed name may hold glyphs the bundled font lacks: drawn as boxes, not a warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield
