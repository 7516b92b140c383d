"""Thread workers that never keep the app from quitting.

Textual runs ``@work(thread=True)`` workers in the event loop's default executor. When the
app exits, ``asyncio.run`` waits for every thread of that executor (Python 3.11: with no time
limit), and the interpreter joins them again at exit: one worker stuck in a read that never
ends (a FIFO in content/ did that before issue 14) or busy with a long index build kept the
process alive after ``q``, and Ctrl-C did nothing either. ``install`` gives the app's loop an
executor whose jobs run in daemon threads and whose shutdown does not wait: a worker still
running when the app has closed is dropped with the process.

What must not be dropped is finished before: the state is saved on unmount in the app's own
thread, and a bookmark write in flight is waited for, a little (``Bookmarks.on_unmount``); every
write is atomic anyway (a temp file renamed), so a dropped one leaves the old file whole.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable
from typing import Any


class DaemonExecutor(concurrent.futures.ThreadPoolExecutor):
    """Each job in a new daemon thread; ``shutdown`` returns at once. (A ThreadPoolExecutor
    only because asyncio accepts nothing else as a default executor; its pool is not used.)"""

    def __init__(self) -> None:
        super().__init__(max_workers=1)
        self._closed = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> concurrent.futures.Future:
        if self._closed:
            raise RuntimeError("cannot schedule new work after shutdown")
        future: concurrent.futures.Future = concurrent.futures.Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="reader-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._closed = True  # running jobs are not waited for: they are daemon threads
        super().shutdown(wait=False)  # the (unused) pool has no thread to wait for


def install() -> None:
    """Make the running loop's default executor a ``DaemonExecutor`` (call from the app)."""
    asyncio.get_running_loop().set_default_executor(DaemonExecutor())
