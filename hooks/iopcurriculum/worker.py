"""One second process for a build's side work: the clinical checks, then the leak gate's
fingerprints, while the build's own process turns pages into HTML.

It is forked first thing in a build and warms up at once (the reading-level data takes most of
a second to load) while the build loads the curriculum; jobs run in the order submitted and are
handed their inputs. One process, not one per job: a build on two cores keeps one core for
itself. Without fork (not Linux), each job runs at once in the build's own process."""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from typing import Callable


class Worker:
    def __init__(self, warm_up: Callable[[], None] | None = None):
        self.pool = None
        if "fork" in multiprocessing.get_all_start_methods():
            self.pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            if warm_up is not None:
                self.pool.submit(warm_up)

    def submit(self, job: Callable, *args, **kwargs) -> cf.Future:
        if self.pool is None:
            done: cf.Future = cf.Future()
            try:
                done.set_result(job(*args, **kwargs))
            except Exception as err:  # reported where the result is read, as from the process
                done.set_exception(err)
            return done
        return self.pool.submit(job, *args, **kwargs)

    def close(self) -> None:
        """No more jobs; those submitted still run, and the process ends after them."""
        if self.pool is not None:
            self.pool.shutdown(wait=False)
