"""HTML to PDF with WeasyPrint: in parallel, through a cache, the same bytes every time.

A job is plain data (HTML, CSS, base URL, output path), so it crosses to a worker process
as it is. Its cache key is a SHA-256 of everything that shapes the PDF: the HTML, the CSS,
local images it shows, and the renderer's version. A rebuild with nothing changed copies
every PDF from the cache; a changed module re-renders only the documents that contain it.
"""
from __future__ import annotations

import concurrent.futures as cf
import ctypes
import gc
import hashlib
import html
import logging
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urljoin, urlparse

from . import PrintError, speedup

# Bump when a change here changes the PDFs that the same input gives.
# 2: only the images a document shows are read, and no attachments (a PDF cached by version 1
# may carry one).
RENDER_VERSION = "2"
LARGE_DOCUMENT = 500_000  # characters of HTML: a bound book of dozens of modules
IMAGE_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# What WeasyPrint may read from disk for a document: the images it shows, nothing else (not the
# module's Markdown that `<link rel="attachment">` or `<img src="...md">` names).
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff", ".ico", ".avif"}
# A child of WeasyPrint's logger: _Collect reports these with the PDF's name, like its own warnings.
_log = logging.getLogger("weasyprint.curriculum")


@dataclass(frozen=True)
class Job:
    name: str      # where the PDF sits in the site, for messages: pdf/participant/coping.pdf
    output: str    # absolute path to write
    html: str
    css: str
    base_url: str  # file:// URL that relative image paths resolve against
    root: str = ""  # the folder the document's images may come from (the site); default: base_url's

    @property
    def key(self) -> str:
        digest = hashlib.sha256()
        for part in (RENDER_VERSION, _renderer_version(), self.css, self.html):
            digest.update(part.encode("utf-8") + b"\0")
        readable = readable_files(self)
        for path in _local_images(self):
            if path.resolve() not in readable:
                digest.update(b"refused")  # never read, not even to hash it
            else:
                digest.update(path.read_bytes() if path.is_file() else b"missing")
        return digest.hexdigest()


@dataclass
class Report:
    rendered: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _renderer_version() -> str:
    parts = []
    for package in ("weasyprint", "pydyf", "fonttools"):
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=?")
    return ",".join(parts)


def _local_images(job: Job) -> list[Path]:
    found = []
    for quoted in IMAGE_SRC.findall(job.html):
        url = urlparse(urljoin(job.base_url, html.unescape("".join(quoted))))
        if url.scheme == "file":
            found.append(Path(unquote(url.path)))
    return found


def _file_path(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def readable_files(job: Job) -> frozenset[Path]:
    """The only files WeasyPrint may read for a job: images its HTML shows (`src=`), with an
    image's suffix, inside the job's root folder (symbolic links resolved)."""
    root = Path(job.root).resolve() if job.root else _file_path(job.base_url).resolve()
    return frozenset(path for path in (p.resolve() for p in _local_images(job))
                     if path.suffix.lower() in IMAGE_SUFFIXES and path.is_relative_to(root))


def _fetcher(readable: frozenset[Path]):
    """WeasyPrint's fetcher, reading data: URLs and the `readable` files only; anything else
    (another local file, the network) is refused, and WeasyPrint reports the refusal as a warning."""
    import weasyprint

    class OnlyWhatWasHanded(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data" or (scheme == "file" and _file_path(url).resolve() in readable):
                return super().fetch(url, headers)
            raise ValueError("not read: a PDF reads only the images its page shows, from the site folder")

    return OnlyWhatWasHanded(allowed_protocols={"file", "data"})


def render_pdf(html: str, css: str, base_url: str, identifier: bytes,
               readable: frozenset[Path] = frozenset()) -> bytes:
    """One PDF. It reads data: URLs and the `readable` files only (readable_files): no other
    file on disk and never the network; and it carries no attachments. The file identifier
    comes from the content, and dates only from the HTML's metadata, so the same input gives
    the same bytes."""
    import weasyprint  # here, so only processes that render pay for the import

    speedup.cache_page_references()
    fetcher = _fetcher(readable)
    options = dict(stylesheets=[weasyprint.CSS(string=css, url_fetcher=fetcher)],
                   pdf_identifier=identifier, pdf_tags=True)
    # HTML.write_pdf is render() then write_pdf() with the same options; split here to drop
    # attachments before anything is fetched for them.
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(**options)
    _drop_attachments(document)
    return document.write_pdf(**options)


def _drop_attachments(document) -> None:
    """`<link rel="attachment">` and `<a rel="attachment">` would embed the file they name
    (a module's own source, staff notes included): a PDF here carries no attachments."""
    if document.metadata.attachments:
        _log.warning(f'left out {len(document.metadata.attachments)} <link rel="attachment">: '
                     "a PDF carries no attachments")
        document.metadata.attachments = []
    for page in document.pages:
        for link_type, target, _, _ in page.links:
            if link_type == "attachment":
                _log.warning(f'left out <a rel="attachment" href="{target}">: a PDF carries no attachments')
        page.links = [link for link in page.links if link[0] != "attachment"]


class _Collect(logging.Handler):
    """WeasyPrint's own warnings (an image it cannot load, CSS it does not know), kept to
    report with the file's name; WeasyPrint alone would drop them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if message not in self.messages:
            self.messages.append(message)


def _run(job: Job, key: str, cache_dir: str) -> tuple[str, float, str | None, list[str]]:
    """Render one job into the cache and copy it to its place; errors come back as text,
    so a failure names its file and nothing unpicklable crosses between processes."""
    started = time.perf_counter()
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        data = render_pdf(job.html, job.css, job.base_url, bytes.fromhex(key[:32]), readable_files(job))
        cached = _store(Path(cache_dir), key, data, collect.messages)
        _place(cached, Path(job.output))
    except Exception as err:  # reported to the author with the file's name
        return job.name, time.perf_counter() - started, f"{type(err).__name__}: {err}", collect.messages
    finally:
        logger.removeHandler(collect)
        if len(job.html) >= LARGE_DOCUMENT:
            _release_memory()
    return job.name, time.perf_counter() - started, None, collect.messages


def _release_memory() -> None:
    """Hand back what a bound book used, so the worker does not keep that peak while it goes
    on with small handouts (two such workers at once would double the build's memory)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the allocator returns memory in its own time


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
    Raises PrintError naming the first file that failed; `warn` gets WeasyPrint's warnings."""
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
    # Jobs are plain data, so nothing else is needed; each worker imports WeasyPrint once.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method))
    try:
        futures = [pool.submit(_run, job, key, str(cache_dir)) for job, key in pending]
        for future in cf.as_completed(futures):
            yield future.result()
    finally:
        # On a failure (or Ctrl-C) the jobs not yet started are dropped.
        pool.shutdown(wait=True, cancel_futures=True)


def prune(cache_dir: Path, keep_days: int = 30) -> None:
    """Drop cached PDFs no build has used for a while, so the cache does not grow forever."""
    if not cache_dir.is_dir():
        return
    limit = time.time() - keep_days * 86400
    for path in cache_dir.iterdir():
        if path.suffix in (".pdf", ".tmp", ".warnings") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
