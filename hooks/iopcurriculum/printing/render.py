"""Typst source to PDF: in parallel, through a cache, the same bytes every time.

A job is plain data (Typst source, the images it shows, output path), so it crosses to a worker
process as it is. Typst reads only the job's staging folder (its root): a temporary folder
holding copies of the images the document shows, nothing else; fonts come from the project's
font package, not the machine. Every PDF is tagged (PDF/UA-1). Its cache key is a SHA-256 of
everything that shapes the PDF: the source, the images, and the versions of Typst and the
fonts. A rebuild with nothing changed copies every PDF from the cache; a changed module
re-renders only the documents that contain it.
"""
from __future__ import annotations

import concurrent.futures as cf
import functools
import hashlib
import multiprocessing
import os
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import PrintError

# Bump when a change here changes the PDFs that the same input gives.
RENDER_VERSION = "typst-1"
PDF_STANDARDS = ["ua-1"]
FONT_PACKAGE = "fontpkg-atkinson-hyperlegible"


@dataclass(frozen=True)
class Job:
    name: str      # where the PDF sits in the site, for messages: pdf/participant/coping.pdf
    output: str    # absolute path to write
    source: str    # Typst markup: our templates, then the document
    images: dict = field(default_factory=dict)  # name in the staging folder -> file it copies
    refused: tuple = ()  # images the document named but may not show (reported, printed as their text)
    book: bool = False  # a bound book: rendered alone, in a process of its own (see _results)

    @property
    def key(self) -> str:
        digest = hashlib.sha256()
        for part in (RENDER_VERSION, _renderer_version(), self.source):
            digest.update(part.encode("utf-8") + b"\0")
        for name, path in sorted(self.images.items()):
            digest.update(name.encode("utf-8") + b"\0")
            digest.update(Path(path).read_bytes() if Path(path).is_file() else b"missing")
        return digest.hexdigest()


@dataclass
class Report:
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    seconds: float = 0.0


@functools.cache
def _renderer_version() -> str:
    parts = []
    for package in ("typst", FONT_PACKAGE):
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=?")
    return ",".join(parts)


def font_folder() -> str:
    import fontpkg_atkinson_hyperlegible as fonts
    return str(Path(fonts.__file__).with_name("files"))


_compiler = None


def render_pdf(job: Job) -> tuple[bytes, list[str]]:
    """One PDF and Typst's warnings. Typst's root is a fresh folder holding the job's images."""
    import typst  # here, so only processes that render pay for the import

    global _compiler
    if _compiler is None:  # one per process: fonts are read once
        _compiler = typst.Compiler(font_paths=[font_folder()], ignore_system_fonts=True)
    with tempfile.TemporaryDirectory(prefix="iop-typst-") as root:
        for name, path in job.images.items():
            target = Path(root, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        try:
            data, warnings = _compiler.compile_with_warnings(
                input=job.source.encode("utf-8"), format="pdf", root=root, pdf_standards=PDF_STANDARDS)
        except typst.TypstError as err:
            raise PrintError(_message(err)) from None
    return data, [_message(w) for w in warnings]


def _message(problem) -> str:
    text = getattr(problem, "message", None) or str(problem)
    hints = getattr(problem, "hints", None) or []
    return " ".join([str(text).strip(), *(f"(hint: {h})" for h in hints)])


def _run(job: Job, key: str, cache_dir: str) -> tuple[str, float, str | None, list[str]]:
    """Render one job into the cache and copy it to its place; errors come back as text,
    so a failure names its file and nothing unpicklable crosses between processes."""
    started = time.perf_counter()
    warnings = [f"image not shown (a PDF shows only images inside the site): {src}" for src in job.refused]
    try:
        data, found = render_pdf(job)
        warnings += found
        cached = _store(Path(cache_dir), key, data, warnings)
        _place(cached, Path(job.output))
    except Exception as err:  # reported to the author with the file's name
        return job.name, time.perf_counter() - started, _describe(err), warnings
    return job.name, time.perf_counter() - started, None, warnings


def _describe(err: BaseException) -> str:
    """A failure as the author reads it: Typst's own message, else the error's kind and text."""
    return str(err) if isinstance(err, PrintError) else f"{type(err).__name__}: {err}"


def _store(cache_dir: Path, key: str, data: bytes, warnings: list[str]) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"{key}.pdf"
    notes = cache_dir / f"{key}.warnings"
    if warnings:  # kept with the PDF, so a cached PDF reports them again
        notes.write_text("\n".join(warnings) + "\n", encoding="utf-8")
    else:
        notes.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, target)  # atomic: a half-written file is never taken for a cached PDF
    return target


def _place(cached: Path, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, output)


def render_all(jobs: list[Job], cache_dir: Path, workers: int,
               progress: Callable[[str], None] = lambda message: None,
               warn: Callable[[str], None] = lambda message: None) -> Report:
    """Write every job's PDF, from the cache when it holds one; render the rest side by side.
    Raises PrintError naming the first file that failed; `warn` gets Typst's warnings."""
    started = time.perf_counter()
    report = Report()
    pending: list[tuple[Job, str]] = []
    for job in jobs:
        key = job.key
        cached = cache_dir / f"{key}.pdf"
        if cached.is_file():
            try:
                _place(cached, Path(job.output))
            except OSError as err:
                raise PrintError(f"{job.name}: could not be written: {err}") from None
            os.utime(cached)  # recently used: kept by prune()
            report.cached.append(job.name)
            notes = cache_dir / f"{key}.warnings"
            if notes.is_file():
                os.utime(notes)
                for message in notes.read_text(encoding="utf-8").splitlines():
                    warn(f"{job.name}: {message}")
        else:
            pending.append((job, key))
    if pending:
        progress(f"Rendering {len(pending)} PDF{'s' if len(pending) != 1 else ''} "
                 f"({len(report.cached)} unchanged, from the cache)")
    failures: list[str] = []
    for done, (name, seconds, error, warnings) in enumerate(_results(pending, cache_dir, workers), 1):
        for message in warnings:
            warn(f"{name}: {message}")
        if error:
            failures.append(f"{name}: {error}")
            break
        report.rendered.append(name)
        progress(f"PDF {done}/{len(pending)}: {name} ({seconds:.1f} s)")
    if failures:
        raise PrintError("PDF failed: " + failures[0])
    report.seconds = time.perf_counter() - started
    return report


def _results(pending: list[tuple[Job, str]], cache_dir: Path, workers: int):
    workers = max(1, min(workers, len(pending)))
    if workers == 1:
        for job, key in pending:
            yield _run(job, key, str(cache_dir))
        return
    # Workers start clean (forkserver, else spawn), not forked from the build: a forked worker
    # slowly copies the whole build's memory (reference counts and the garbage collector write
    # to every object it inherits), and a large curriculum then needs twice the memory.
    # Jobs are plain data, so nothing else is needed; each worker loads Typst and the fonts once.
    # A bound book takes Typst a gigabyte or more, which its process keeps once it is done: the
    # books are rendered one at a time, each in a process that ends with it, beside a pool of
    # the other workers for everything else.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    books = [item for item in pending if item[0].book]
    others = [item for item in pending if not item[0].book]
    done: "queue.Queue" = queue.Queue()
    stop = threading.Event()
    pool = cf.ProcessPoolExecutor(max_workers=max(1, workers - (1 if books else 0)), mp_context=context) \
        if others else None

    def render_books() -> None:
        for job, key in books:
            if stop.is_set():
                return
            try:
                done.put(_alone(job, key, str(cache_dir), context))
            except Exception as err:  # reported with the book's name; never left unanswered
                done.put((job.name, 0.0, _describe(err), []))

    lane = threading.Thread(target=render_books, daemon=True)
    try:
        lane.start()
        for job, key in others:
            pool.submit(_run, job, key, str(cache_dir)).add_done_callback(
                functools.partial(_settled, job.name, done))
        for _ in pending:
            result = done.get()
            if result is not None:
                yield result
    finally:
        # On a failure (or Ctrl-C) the jobs not yet started are dropped.
        stop.set()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        lane.join()


def _settled(name: str, done: "queue.Queue", future: cf.Future) -> None:
    """A pool job's result onto the queue; a broken pool's error too, so no one waits for ever."""
    if future.cancelled():
        done.put(None)
    elif future.exception() is not None:
        done.put((name, 0.0, _describe(future.exception()), []))
    else:
        done.put(future.result())


def _alone(job: Job, key: str, cache_dir: str, context) -> tuple[str, float, str | None, list[str]]:
    """_run in a process of its own, which ends with it (its memory goes back to the system)."""
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_run_and_send, args=(sender, job, key, cache_dir), daemon=True)
    process.start()
    sender.close()
    try:
        result = receiver.recv()
    except EOFError:  # it died without a word (out of memory, killed)
        result = (job.name, 0.0, f"the process rendering it stopped (exit code {process.exitcode})", [])
    process.join()
    return result


def _run_and_send(sender, job: Job, key: str, cache_dir: str) -> None:
    sender.send(_run(job, key, cache_dir))
    sender.close()


def prune(cache_dir: Path, keep_days: int = 30) -> None:
    """Drop cached PDFs no build has used for a while, so the cache does not grow forever."""
    if not cache_dir.is_dir():
        return
    limit = time.time() - keep_days * 86400
    for path in cache_dir.iterdir():
        if path.suffix in (".pdf", ".tmp", ".warnings") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
