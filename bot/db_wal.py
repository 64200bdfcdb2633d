"""Emptying SQLite's write-ahead log, so page images from before an erase leave the disk.

In WAL mode every change is first appended to `<db>-wal` as whole pages, and a checkpoint copies
them into the main file without shortening the log: the page images from before an erase (the
person's rows as they were) stay in it until they are overwritten. A TRUNCATE checkpoint copies
everything and cuts the log to zero bytes. It waits (SQLite's busy timeout) for writers and for
readers still on an older snapshot; when they outlast the tries it reports so. The log then
restarts after the next complete checkpoint (SQLite's own, every 1000 pages, or the next
erase's), and the `journal_size_limit` set on every connection (`bot.db`) cuts it right there.
The `-shm` file holds only the log's index (page numbers and frame offsets), never row data.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.db import SQLITE_BUSY_TIMEOUT_MS

CHECKPOINT_TRIES = 2


def empty_wal(
    engine: Engine, *, tries: int = CHECKPOINT_TRIES, wait_ms: int = SQLITE_BUSY_TIMEOUT_MS
) -> bool:
    """Checkpoint the log into the main file and truncate it; False when readers held it up.

    Postgres keeps no log file of ours: nothing to do there.
    """
    if engine.dialect.name != "sqlite":
        return True
    for _ in range(tries):
        # A raw connection: a checkpoint cannot run inside the transaction a Session would open.
        connection = engine.raw_connection()
        cursor = connection.cursor()
        try:
            # Each try waits this long for writers to finish and readers to move on; SQLite
            # answers busy in the row rather than raising.
            cursor.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _frames, _copied = cursor.fetchall()[0]  # frames in the log, frames copied
        finally:
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.close()
            connection.close()
        if busy == 0:
            return True
    return False
