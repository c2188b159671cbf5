"""The bound books of a live preview (`mkdocs serve`), made after the rebuild.

A book holds every module, so after any save all of them are made again; at 30 modules the
three books take about as long as the rest of a rebuild. In a preview the pages and each
module's own PDFs are served first, and the books follow, about a second later. A book is put
in the site only after the leak gate has read it (with the fingerprints of the build it comes
from), and only if no newer build has started meanwhile: MkDocs empties the site folder at the
start of every build. A `mkdocs build` makes its books in the build, as ever.
"""
from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import logging
import shutil
import tempfile
import threading
from pathlib import Path

from .. import leakgate
from . import PrintError
from .render import Job, render_all

_lock = threading.Lock()
_build = 0  # counts builds; a book made for an older one is not put in place
_running: threading.Thread | None = None


def new_build() -> None:
    """A build starts (before MkDocs empties the site folder): books still being made for the
    last one stay out of it."""
    global _build
    with _lock:
        _build += 1


def wait() -> None:
    """Let the books of the last build finish (the next ones would be made beside them)."""
    if _running is not None:
        _running.join()


def make_later(books: list[Job], cache_dir: Path, workers: int, editions: tuple[str, ...],
               prints: "leakgate.Fingerprints | cf.Future", log: logging.Logger) -> threading.Thread:
    """Render `books` in the background, then gate them and put them in place (each job's output)."""
    global _running
    wait()
    built_for = _build
    _running = threading.Thread(target=_make, args=(books, cache_dir, workers, editions, prints, log, built_for),
                                daemon=True)
    _running.start()
    return _running


def _make(books, cache_dir, workers, editions, prints, log, built_for) -> None:
    with tempfile.TemporaryDirectory(prefix="iop-books-") as folder:
        staged = Path(folder)
        # Rendered where the site has them, but in a folder of their own until the gate has read them.
        jobs = [dataclasses.replace(job, output=str(staged / job.name)) for job in books]
        try:
            report = render_all(jobs, cache_dir, workers, warn=log.warning)
            if isinstance(prints, cf.Future):
                prints = prints.result()
            hits = leakgate.scan(staged, leakgate.participant_files(staged, editions), prints, remember=True)
        except PrintError as err:
            log.error(f"Books not updated: {err}")
            return
        except Exception as err:  # not rendered, or not read by the gate: not shown
            log.error(f"Books not updated: {type(err).__name__}: {err}")
            return
        if hits:
            log.error("Books not updated: the leak gate found staff text in them, or a file it refuses:\n  "
                      + "\n  ".join(str(hit) for hit in sorted(hits, key=lambda hit: hit.sort_key)))
            return
        with _lock:
            if _build != built_for:
                return  # a newer build has started; it makes its own
            for job in books:
                Path(job.output).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(staged / job.name, job.output)
    log.info(f"Books ready: {', '.join(job.name for job in books)} ({len(report.rendered)} rendered, "
             f"{len(report.cached)} unchanged, in {report.seconds:.1f} s)")
