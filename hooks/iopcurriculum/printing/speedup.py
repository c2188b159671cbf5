"""A slow spot in the PDF writer, worked around where the PDFs are rendered.

pydyf's `PDF.page_references` builds a tuple of every page's reference each time it is read,
and WeasyPrint reads it once for every element it tags (`pdf_tags=True`, for screen readers).
A bound book's time then grows with its pages times its elements: about a sixth of the
facilitator guide's time at 100 modules, and more at 200. Here the tuple is built once per page
count. The PDF's bytes do not change (tests/test_pdf.py compares them).
"""
from __future__ import annotations

_CACHE = "_iopcurriculum_page_references"


def cache_page_references() -> None:
    """Make pydyf's `PDF.page_references` build its tuple once per page count. Safe to call
    again; does nothing if pydyf no longer has that property."""
    import pydyf

    current = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(current, property) or hasattr(current.fget, "uncached"):  # done already
        return
    build = current.fget

    def page_references(pdf):
        pages = len(pdf.pages["Kids"])  # pages are only added, never replaced
        cached = pdf.__dict__.get(_CACHE)
        if cached is None or cached[0] != pages:
            cached = pdf.__dict__[_CACHE] = (pages, build(pdf))
        return cached[1]

    page_references.uncached = build  # marks the cached getter; the bytes test renders with both
    pydyf.PDF.page_references = property(page_references, doc=current.__doc__)
