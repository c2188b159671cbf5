"""Each edition is its own site: the participant edition for public hosting, the facilitator
edition for staff only. curriculum.yml's `publish` settings say where each goes (a branch for
mike) and at which address it is served (its sitemap's entries, the staff site's links to the
handouts)."""
from __future__ import annotations

from .. import edition as ed
from ..structure import Curriculum

# Where `make preview` (mike serve) shows a release: the stand-in address of a site whose
# address curriculum.yml does not give, so its sitemap still has entries to switch versions by.
PREVIEW_URL = "http://127.0.0.1:8000/"


def _publish(curriculum: Curriculum) -> dict:
    return curriculum.settings.get("publish") or {}


def branch(curriculum: Curriculum, edition: str) -> str:
    return _publish(curriculum).get(f"{edition}_branch") or ("gh-pages" if edition == ed.PARTICIPANT
                                                             else "gh-pages-staff")


def address(curriculum: Curriculum, edition: str) -> str | None:
    return _publish(curriculum).get(f"{edition}_url")


def site_url(curriculum: Curriculum, editions: tuple[str, ...], version: str | None) -> str | None:
    """MkDocs' site_url for a build of one edition: its address, in a release (`version`) with the
    version's folder. MkDocs writes sitemap entries only with a site_url, and Material's version
    selector keeps the reader's page only when the other version's sitemap lists it."""
    audiences = {ed.audience(e) for e in editions}
    if len(audiences) != 1:
        return None  # a build of both audiences is a preview, never published by a release
    base = address(curriculum, audiences.pop())
    if version is None:
        return base
    return f"{base or PREVIEW_URL}{version}/"


def handouts_url(curriculum: Curriculum, editions: tuple[str, ...], version: str | None) -> str | None:
    """Where a staff-only site's session guides link to their handouts: the public site, at the
    same version in a release; None when the public address is not configured."""
    if ed.PARTICIPANT in editions:
        return None
    return handouts_address(curriculum, version)


def handouts_address(curriculum: Curriculum, version: str | None) -> str | None:
    """The public handouts site's address (in a release, the version's folder), or None when
    curriculum.yml does not give it: what a printed handout's QR code leads to."""
    base = address(curriculum, ed.PARTICIPANT)
    if base is None:
        return None
    return f"{base}{version}/" if version else base
