"""`career-bot serve`: the WSGI app on gunicorn, several workers, optional scheduler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

logger = logging.getLogger(__name__)


class Server(BaseApplication):  # type: ignore[misc]
    """Gunicorn, configured from our CLI instead of its own command line.

    `load_app` runs in each worker after the fork, so no database connection or thread
    is shared between processes.
    """

    def __init__(self, load_app: Callable[[], Any], options: dict[str, Any]) -> None:
        self._load_app = load_app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self._load_app()
