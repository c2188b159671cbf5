"""Stage 4: print. Every module becomes a PDF per edition, and each edition a bound book.

html.py turns a module into print HTML, book.py lays out whole documents from the templates
folder (cover, contents, overview, modules), render.py turns them into PDFs with WeasyPrint,
in parallel and through a content-keyed cache. Nothing here imports MkDocs.
"""
from __future__ import annotations


class PrintError(Exception):
    """A PDF could not be made; the message names the file."""
