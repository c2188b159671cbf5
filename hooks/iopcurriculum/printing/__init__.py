"""Stage 4: print. Every module becomes a PDF per edition, and each edition a bound book.

html.py turns a module into print HTML, book.py lays out whole documents from the templates
folder (cover, contents, overview, modules), render.py turns them into PDFs with WeasyPrint,
in parallel and through a content-keyed cache. Nothing here imports MkDocs.
"""
from __future__ import annotations

import os

ENV_VAR = "CURRICULUM_PDF"
WORKERS_VAR = "CURRICULUM_PDF_WORKERS"
PDF_DIR = "pdf"


class PrintError(Exception):
    """A PDF could not be made; the message names the file."""


def enabled(command: str | None, env: dict | None = None) -> bool:
    """Whether this run writes PDFs. CURRICULUM_PDF=0 turns them off, =1 on; unset, a build
    writes them and `mkdocs serve` does not, so live preview stays fast."""
    value = (os.environ if env is None else env).get(ENV_VAR, "").strip().lower()
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    return command != "serve"


def workers(env: dict | None = None) -> int:
    """Processes rendering PDFs side by side: one per core unless CURRICULUM_PDF_WORKERS says."""
    value = (os.environ if env is None else env).get(WORKERS_VAR, "").strip()
    if value:
        try:
            count = int(value)
        except ValueError:
            raise PrintError(f"{WORKERS_VAR}={value!r} is not a whole number") from None
        if count < 1:
            raise PrintError(f"{WORKERS_VAR}={value!r} must be 1 or more")
        return count
    return os.cpu_count() or 1


def module_pdf(edition: str, module_id: str) -> str:
    """Where a module's PDF sits in the site."""
    return f"{PDF_DIR}/{edition}/{module_id}.pdf"


BOOK_NAMES = {"participant": "participant-workbook", "facilitator": "facilitator-guide"}


def book_pdf(edition: str) -> str:
    return f"{PDF_DIR}/{BOOK_NAMES[edition]}.pdf"
