"""Where the build's files sit in a site, for the pages that link to them, the print stage that
writes them and the leak gate that reads them back. Folders and book names are the editions'
(data/editions.yml); a large-print PDF sits beside the standard one, its folder or name ending
in "-large"."""
from __future__ import annotations

from .editions import EDITION

PDF_DIR = "pdf"
LARGE = "large"


def _suffix(fmt: str) -> str:
    return "" if fmt == "standard" else f"-{fmt}"


def page_dir(edition: str) -> str:
    """The folder of an edition's pages."""
    return EDITION[edition].folder


def module_pdf(edition: str, module_id: str, fmt: str = "standard") -> str:
    """Where a module's PDF sits in the site."""
    return f"{PDF_DIR}/{EDITION[edition].folder}{_suffix(fmt)}/{module_id}.pdf"


def book_pdf(edition: str, fmt: str = "standard") -> str:
    return f"{PDF_DIR}/{EDITION[edition].book}{_suffix(fmt)}.pdf"


def edition_files(edition: str) -> list[str]:
    """The site paths (folders end in /) holding an edition's pages and PDFs, in every format."""
    e = EDITION[edition]
    out = [f"{e.folder}/"]
    for fmt in e.formats:
        out += [f"{PDF_DIR}/{e.folder}{_suffix(fmt)}/", book_pdf(edition, fmt)]
    return out
