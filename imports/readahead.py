"""Reading and checking a file's next rows while the database writes the previous batch.

An import is Python work (parsing and validating rows) and database work (writing them), and
done one after the other each waits for the other. Here the rows are read in a thread, at
most `depth` batches ahead of the writer, so checking batch N+1 overlaps with the database
writing batch N (psycopg and sqlite3 let other threads run while they wait on the database).

The reading thread must not touch the database: it would get a connection of its own, outside
the writer's transaction (and, in tests, outside the test's database). Any query it tries
fails loudly. It reads with the caller's language and time zone, so messages are the same."""

import queue
import threading

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation


def _no_queries(execute, sql, params, many, context):
    raise RuntimeError("The import's reading thread must not query the database.")


class ReadAhead:
    """Iterate over `produce()`'s items, produced in a thread. Always close() (or use it as a
    context manager): a consumer that stops early stops the thread too."""

    def __init__(self, produce, depth: int = 1):
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        language, zone = translation.get_language(), timezone.get_current_timezone()

        def run():
            translation.activate(language)
            timezone.activate(zone)
            connection = connections[DEFAULT_DB_ALIAS]
            try:
                with connection.execute_wrapper(_no_queries):
                    for item in produce():
                        if not self._put(("item", item)):
                            return
                self._put(("end", None))
            except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
                self._put(("error", exc))
            finally:
                connection.close()

        self._thread = threading.Thread(target=run, name="import-reader", daemon=True)
        self._thread.start()

    def _put(self, message) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(message, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self):
        while True:
            kind, value = self._queue.get()
            if kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
