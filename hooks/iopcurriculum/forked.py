"""A list of work shared between the build and a forked copy of it, working from both ends.

The build turns its pages' Markdown into HTML this way: it works through the pages in its own
order, from the front, while a process forked from it (holding the same pages and settings)
works from the back, sending each result as soon as it is made. They meet where their speeds
put them, so the work splits by itself whatever else the machine is doing; no item is done
twice (each is claimed, under a lock, by one side). When the build reaches an item the forked
process has claimed, it takes the result instead of doing the work.

What the work logged in the forked process comes back with its result and is logged again in
the build when the result is taken, in the place the build would have logged it (a strict
build counts warnings). Whatever goes wrong in the forked process (an error, no fork on this
system), the build does that work itself: `take` then returns None. Generic: nothing here
knows pages or MkDocs.
"""
from __future__ import annotations

import logging
import multiprocessing
import threading
from typing import Callable, Hashable, Sequence


class Forked:
    def __init__(self, items: Sequence, work: Callable, key: Callable[[object], Hashable]):
        """Start `work(item)` in a forked process, from the last item backwards."""
        self.index = {key(item): i for i, item in enumerate(items)}
        self.done: dict = {}
        self.ended = False
        self.arrived = threading.Condition()
        self.process = None
        if not self.index or "fork" not in multiprocessing.get_all_start_methods():
            self.index, self.ended = {}, True
            return
        context = multiprocessing.get_context("fork")
        # Items [0, front) are the build's; [back, len) the forked process's.
        self.lock = context.Lock()
        self.front, self.back = context.RawValue("i", 0), context.RawValue("i", len(items))
        reader, writer = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(self, writer, items, work, key), daemon=True)
        self.process.start()
        writer.close()
        # Results are read as they come (a pipe holds little: the process would wait on it).
        threading.Thread(target=self._receive, args=(reader,), daemon=True).start()

    def _receive(self, reader) -> None:
        while True:
            try:
                made, result, records = reader.recv()
            except (EOFError, OSError):  # the process is done, or ended without finishing
                break
            with self.arrived:
                self.done[made] = result, records
                self.arrived.notify_all()
        reader.close()
        with self.arrived:
            self.ended = True
            self.arrived.notify_all()

    def take(self, key: Hashable, accept: Callable[[object], bool] = lambda result: True):
        """The result the forked process made for `key`, waited for if it claimed the item;
        None if it did not (the build claims it now), if the process failed, or if `accept`
        refuses the result: then the caller does the work."""
        i = self.index.pop(key, None)
        if i is None:
            return None
        with self.lock:
            if i < self.back.value:  # not claimed by the forked process: the build's from now on
                self.front.value = max(self.front.value, i + 1)
                return None
        with self.arrived:
            self.arrived.wait_for(lambda: key in self.done or self.ended)
            if key not in self.done:
                return None
            result, records = self.done.pop(key)
        if not accept(result):
            return None
        for record in records:
            logging.getLogger(record.name).handle(record)
        return result

    def close(self) -> None:
        """Stop the process (done or not) and forget what was not taken."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None
        self.index.clear()
        with self.arrived:
            self.done.clear()


class _Records(logging.Handler):
    """Every log record of the forked process, kept to be sent back (with its message made)."""
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def _serve(shared: Forked, writer, items: Sequence, work: Callable, key: Callable) -> None:
    # Every logger's records go to one collector instead of the build's handlers: each logger's
    # own level still decides what is logged, the build's handlers what is shown or counted.
    collector = _Records()
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):
            logger.handlers, logger.propagate = [], True
    logging.getLogger().handlers = [collector]
    try:
        while True:
            with shared.lock:
                if shared.back.value - 1 < shared.front.value:
                    break  # the rest is the build's
                shared.back.value -= 1
                item = items[shared.back.value]
            collector.records = []
            writer.send((key(item), work(item), collector.records))
    except Exception:  # the build does the rest itself, and reports the error if it has it too
        pass
    writer.close()
