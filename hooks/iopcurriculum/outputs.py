"""Where the build's files sit in a site, for the pages that link to them, the print stage that
writes them and the leak gate that reads them back."""
from __future__ import annotations

from .editions import FACILITATOR, PARTICIPANT

PDF_DIR = "pdf"
BOOK_NAMES = {PARTICIPANT: "participant-workbook", FACILITATOR: "facilitator-guide"}


def module_pdf(edition: str, module_id: str) -> str:
    """Where a module's PDF sits in the site."""
    return f"{PDF_DIR}/{edition}/{module_id}.pdf"


def book_pdf(edition: str) -> str:
    return f"{PDF_DIR}/{BOOK_NAMES[edition]}.pdf"
