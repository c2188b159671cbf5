"""Stage 4: print. Every module becomes a PDF per edition, and each edition a bound book.

paper.py writes a module's document (the tree the web page is made from) as Typst markup, in
which markup.py makes every piece of text a string literal; documents.py puts whole documents
together from the templates folder (handout, session guide, workbook, facilitator guide);
render.py turns them into PDFs with Typst, in parallel and through a content-keyed cache.
Nothing here imports MkDocs.
"""
from __future__ import annotations


class PrintError(Exception):
    """A PDF could not be made; the message names the file."""
