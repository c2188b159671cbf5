"""The PDFs (issue 3): real builds of the basic fixture with CURRICULUM_PDF=1, built once per
session, read back with pypdf; plus the print HTML and the renderer on their own."""
from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, MARKER, make_project, run_build
from pypdf import PdfReader

from iopcurriculum import document, load, options, printing
from iopcurriculum.blocks import parse_body
from iopcurriculum.printing import book, html as print_html, render
from iopcurriculum.problems import Problems

CURRICULUM_LINE = "Fixture Curriculum · curriculum version 2.3.4"
MODULES = {  # id: (facilitator title, participant title, version, draft)
    "coping": ("Coping with stress (fixture)", "Ways to cope with stress", "1.4.0", True),
    "sleep": ("Sleep and recovery (fixture)", "Sleep and recovery (fixture)", "0.2.0", False),
}
PARTICIPANT_PDFS = {"pdf/participant/coping.pdf", "pdf/participant/sleep.pdf", "pdf/participant-workbook.pdf"}
FACILITATOR_PDFS = {"pdf/facilitator/coping.pdf", "pdf/facilitator/sleep.pdf", "pdf/facilitator-guide.pdf"}
BOOKS = {"pdf/participant-workbook.pdf", "pdf/facilitator-guide.pdf"}
DRAFT = "Draft: not yet clinically reviewed"
RENDERED = re.compile(r"PDF \d+/\d+: (\S+\.pdf)")
PDF_ON = {"CURRICULUM_PDF": "1"}


class Built:
    def __init__(self, project: Path, log: str):
        self.project, self.site, self.log = project, project / "site", log
        self.bytes = {name: (self.site / name).read_bytes() for name in pdfs_in(self.site)}

    def reader(self, name: str) -> PdfReader:
        return PdfReader(self.site / name)


def pdfs_in(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.pdf")}


def texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def rendered(log: str) -> set[str]:
    return set(RENDERED.findall(log))


def build(project: Path, edition: str = "all", **env) -> Built:
    result = run_build(project, edition, extra_env={**PDF_ON, **env})
    assert result.returncode == 0, result.stderr
    return Built(project, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def pdf_all(tmp_path_factory) -> Built:
    return build(make_project(tmp_path_factory.mktemp("pdf-all")))


@pytest.fixture(scope="session")
def pdf_participant(tmp_path_factory) -> Built:
    return build(make_project(tmp_path_factory.mktemp("pdf-participant")), "participant")


def copy_of(built: Built, tmp_path: Path) -> Path:
    """A copy of a built project, site and PDF cache included, to change and rebuild."""
    project = tmp_path / "project"
    shutil.copytree(built.project, project, symlinks=True)
    return project


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))
    walk(reader.outline, 0)
    return found


# ---------- What a build writes ----------

def test_every_expected_pdf_exists_and_opens(pdf_all):
    assert pdfs_in(pdf_all.site) == PARTICIPANT_PDFS | FACILITATOR_PDFS
    for name in PARTICIPANT_PDFS | FACILITATOR_PDFS:
        reader = pdf_all.reader(name)
        assert len(reader.pages) >= 1, name
        assert reader.metadata.title, name
    assert "6 rendered, 0 unchanged" in pdf_all.log  # progress and the summary are in MkDocs' log
    assert rendered(pdf_all.log) == PARTICIPANT_PDFS | FACILITATOR_PDFS


def test_edition_only_build_writes_only_its_pdfs(pdf_participant):
    assert pdfs_in(pdf_participant.site) == PARTICIPANT_PDFS


def test_no_pdfs_and_no_print_links_when_turned_off(basic_builds):
    # conftest builds with CURRICULUM_PDF=0
    site = basic_builds["all"]
    assert not (site / "pdf").exists()
    assert "cur-print-link" not in (site / "participant/coping/index.html").read_text(encoding="utf-8")


def test_paper_is_us_letter_by_default(pdf_all):
    for name in ("pdf/participant/coping.pdf", "pdf/facilitator-guide.pdf"):
        box = pdf_all.reader(name).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792), name


# ---------- Every page ----------

def module_pages(built: Built, name: str) -> dict[int, str]:
    """Page index -> id of the module on that page; for bound PDFs from the bookmarks."""
    reader = built.reader(name)
    if name not in BOOKS:
        return {i: Path(name).stem for i in range(len(reader.pages))}
    edition = "facilitator" if "facilitator" in name else "participant"
    titles = {MODULES[m][0 if edition == "facilitator" else 1]: m for m in MODULES}
    starts = sorted((page, titles[title]) for depth, title, page in outline(reader) if depth == 0 and title in titles)
    owner = {}
    for (start, module), following in zip(starts, starts[1:] + [(len(reader.pages), None)]):
        for page in range(start, following[0]):
            owner[page] = module
    return owner


@pytest.mark.parametrize("name", sorted(PARTICIPANT_PDFS | FACILITATOR_PDFS))
def test_footer_and_draft_mark_on_every_page(pdf_all, name):
    reader = pdf_all.reader(name)
    pages = texts(reader)
    owner = module_pages(pdf_all, name)
    edition = "facilitator" if "facilitator" in name else "participant"
    for number, text in enumerate(pages, 1):
        assert CURRICULUM_LINE in text, (name, number)
        assert f"Page {number} of {len(pages)}" in text, (name, number)
        module = owner.get(number - 1)
        if module is None:
            continue  # cover, contents, overview: no module on them
        title, handout, version, draft = MODULES[module]
        shown = title if edition == "facilitator" else handout
        assert f"{shown} · module version {version}" in text, (name, number)
        assert (DRAFT in text) == draft, (name, number)


# ---------- Bound books ----------

@pytest.mark.parametrize("name", ["pdf/participant-workbook.pdf", "pdf/facilitator-guide.pdf"])
def test_bound_pdf_has_cover_contents_and_bookmarks(pdf_all, name):
    reader = pdf_all.reader(name)
    pages = texts(reader)
    edition = "facilitator" if "facilitator" in name else "participant"
    assert "Fixture Curriculum" in pages[0] and "2.3.4" in pages[0]
    assert ("Facilitator guide" if edition == "facilitator" else "Participant workbook") in pages[0]
    assert pages[1].lstrip().startswith("Contents")
    marks = outline(reader)
    top = {title: page for depth, title, page in marks if depth == 0}
    for module, (title, handout, _, _) in MODULES.items():
        shown = title if edition == "facilitator" else handout
        assert shown in top, (name, shown)
        start = top[shown]
        # The contents give the page each module starts on, and each module starts a page.
        assert re.search(re.escape(shown) + r"[ .]*(?:\(draft\)[ .]*)?" + f"{start + 1}\\b", pages[1]), (shown, pages[1])
        assert pages[start].lstrip().startswith(("Participant handout", "PARTICIPANT HANDOUT", "SESSION GUIDE")), shown
        assert shown in pages[start].split("\n")[1]
    if edition == "facilitator":
        assert top["Program overview"] < min(top[MODULES[m][0]] for m in MODULES)
        assert "Program overview" in pages[1]


# ---------- Facilitator text never reaches a participant PDF ----------

def test_no_facilitator_text_in_participant_pdfs(pdf_participant, pdf_all):
    for built in (pdf_participant, pdf_all):
        for name in PARTICIPANT_PDFS:
            text = "\n".join(texts(built.reader(name)))
            assert MARKER not in text, name
            assert "Facilitator note" not in text and "Listen for" not in text, name
            assert MARKER.encode() not in built.bytes[name], name
            assert "PARTICIPANT-ONLY-SENTENCE" in text or "sleep" in name, name


def test_facilitator_pdfs_hold_every_facilitator_block(pdf_all):
    assert "\n".join(texts(pdf_all.reader("pdf/facilitator/coping.pdf"))).count(MARKER) == 4
    assert "\n".join(texts(pdf_all.reader("pdf/facilitator/sleep.pdf"))).count(MARKER) == 1
    guide = "\n".join(texts(pdf_all.reader("pdf/facilitator-guide.pdf")))
    assert guide.count(MARKER) == 5 and "PARTICIPANT-ONLY-SENTENCE" not in guide


# ---------- Layout for paper ----------

def test_handout_layout(pdf_all):
    pages = texts(pdf_all.reader("pdf/participant/coping.pdf"))
    text = "\n".join(pages)
    assert "Ways to cope with stress" in text and "Get help now" in text  # real, searchable text
    assert "cur-timing" not in text and "35 min" not in text
    # The worksheet starts a page, and the sleep module is referred to by its title.
    assert any(page.lstrip().startswith("Worksheet") for page in pages[1:])
    assert "(see “Sleep and recovery (fixture)”)" in text


def test_handout_body_text_is_at_least_12pt(pdf_all):
    sizes = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[round(size * tm[0] * cm[0], 1)] += len(text)

    for page in pdf_all.reader("pdf/participant/coping.pdf").pages:
        page.extract_text(visitor_text=visit)
    body = sizes.most_common(1)[0][0]
    assert body >= 12, sizes


def printed(curriculum, module, md, *, bound, titles):
    """A module's participant print HTML with its links set, as a PDF holds it."""
    content = print_html.module_content(curriculum, document.make(module, "participant"), md)
    return print_html.set_links(content, module, titles, bound=bound)


def test_worksheet_has_ruled_lines_in_print_html():
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    md = print_html.Markdown.like_site()
    coping = curriculum.module("coping")
    out = printed(curriculum, coping, md, bound=False, titles={"coping": "C", "sleep": "S"})
    assert "<textarea" not in out
    assert out.count('<div class="cur-line"></div>') == 3  # two lines, then one
    # A prompt and its lines are kept together on one page.
    assert re.search(r'<div class="cur-prompt"><p>1\. What helps you calm down\?</p>\s*<div class="cur-writein">', out)
    assert 'id="mod-coping--calm-breathing"' in out  # ids unique per module in a bound book


def test_links_print_their_target_where_it_matters(tmp_path):
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    module = curriculum.module("sleep")
    body = ["Call [988](tel:988) or [the helpline](tel:18006624357).",
            "See [SAMHSA](https://www.samhsa.gov/find-help/) or <https://988lifeline.org>.",
            "Back to [coping](coping.md#calm-breathing) and [home](../index.md)."]
    module.body = parse_body(body, 1, Problems(tmp_path / "x.md", tmp_path))
    md = print_html.Markdown.like_site()
    titles = {"coping": "Ways to cope", "sleep": "Sleep"}
    single = printed(curriculum, module, md, bound=False, titles=titles)
    plain = re.sub(r"<[^>]+>", "", single)
    assert "Call 988 or the helpline (1-800-662-4357)." in plain
    assert "SAMHSA (samhsa.gov/find-help)" in plain
    assert "https://988lifeline.org." in plain  # the address is the text: not printed twice
    assert "coping (see “Ways to cope”) and home." in plain  # a web page's link: nothing to follow on paper
    bound = printed(curriculum, module, md, bound=True, titles=titles)
    assert 'class="cur-xref" href="#mod-coping--calm-breathing"' in bound


def test_a4_paper_setting(tmp_path):
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    curriculum.settings["paper"] = "a4"
    jobs = [j for j in book.jobs(curriculum, ("participant",), tmp_path, print_html.Markdown.like_site())
            if j.name == "pdf/participant/sleep.pdf"]
    render.render_all(jobs, tmp_path / "cache", 1)
    box = PdfReader(tmp_path / "pdf/participant/sleep.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


# ---------- Web pages link to their PDFs ----------

def test_every_page_links_to_its_pdf(pdf_all):
    site = pdf_all.site
    for page, pdf in (("participant/coping/index.html", "pdf/participant/coping.pdf"),
                      ("facilitator/sleep/index.html", "pdf/facilitator/sleep.pdf"),
                      ("participant/index.html", "pdf/participant-workbook.pdf"),
                      ("facilitator/index.html", "pdf/facilitator-guide.pdf")):
        html = (site / page).read_text(encoding="utf-8")
        hrefs = re.findall(r'<a class="cur-print-link" href="([^"]+)"', html)
        assert len(hrefs) == 1, page
        assert ((site / page).parent / hrefs[0]).resolve() == (site / pdf).resolve(), page


# ---------- Reproducible, cached, failing cleanly ----------

def test_same_input_gives_byte_identical_pdfs(pdf_all, pdf_participant):
    # Rendered independently, in different folders with different caches.
    for name in PARTICIPANT_PDFS:
        assert pdf_all.bytes[name] == pdf_participant.bytes[name], name
    job = next(j for j in book.jobs(load.load(FIXTURES / "basic" / "curriculum"), ("facilitator",), Path("/nowhere"),
                                    print_html.Markdown.like_site()) if j.name == "pdf/facilitator/sleep.pdf")
    identifier = bytes.fromhex(job.key[:32])
    assert render.render_pdf(job.html, job.css, job.base_url, identifier) == render.render_pdf(
        job.html, job.css, job.base_url, identifier)


def test_rebuild_with_nothing_changed_renders_nothing(pdf_all, tmp_path):
    project = copy_of(pdf_all, tmp_path)
    again = build(project)
    assert rendered(again.log) == set()
    assert "0 rendered, 6 unchanged" in again.log
    assert again.bytes == pdf_all.bytes


def test_changed_module_rerenders_only_its_pdfs(pdf_participant, tmp_path):
    project = copy_of(pdf_participant, tmp_path)
    sleep = project / "curriculum/modules/sleep.md"
    sleep.write_text(sleep.read_text().replace("One thing you will try tonight.", "One thing to try tonight."))
    again = build(project, "participant")
    assert rendered(again.log) == {"pdf/participant/sleep.pdf", "pdf/participant-workbook.pdf"}
    assert again.bytes["pdf/participant/coping.pdf"] == pdf_participant.bytes["pdf/participant/coping.pdf"]
    assert "One thing to try tonight." in "\n".join(texts(again.reader("pdf/participant/sleep.pdf")))


def test_a_failed_pdf_fails_the_build_and_keeps_the_previous_site(pdf_participant, tmp_path):
    project = copy_of(pdf_participant, tmp_path)
    # A folder in docs/ where a PDF must go: MkDocs copies it into the site, so the PDF cannot be written.
    blocker = project / "docs/pdf/participant/sleep.pdf"
    blocker.mkdir(parents=True)
    (blocker / "note.txt").write_text("in the way\n")
    (project / "curriculum/modules/sleep.md").write_text(
        (project / "curriculum/modules/sleep.md").read_text().replace("tonight", "this evening"))
    result = run_build(project, "participant", extra_env=PDF_ON)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "PDF failed: pdf/participant/sleep.pdf" in output
    assert "Traceback" not in output
    assert (project / "site/pdf/participant/sleep.pdf").read_bytes() == pdf_participant.bytes["pdf/participant/sleep.pdf"]
    assert not (project / ".site.staging").exists()


# ---------- When PDFs are made ----------

def test_when_pdfs_are_built():
    unset = options.read({})
    assert unset.writes_pdfs("build") and unset.writes_pdfs("gh-deploy")
    assert not unset.writes_pdfs("serve")
    assert options.read({"CURRICULUM_PDF": "1"}).writes_pdfs("serve")
    assert not options.read({"CURRICULUM_PDF": "0"}).writes_pdfs("build")
    assert options.read({"CURRICULUM_PDF_WORKERS": "3"}).workers == 3
    assert unset.workers >= 1
    for value, problem in (("many", "is not a whole number"), ("0", "must be 1 or more"), ("３", "is not a whole number")):
        with pytest.raises(options.OptionError, match=f"CURRICULUM_PDF_WORKERS='{value}' {problem}"):
            options.read({"CURRICULUM_PDF_WORKERS": value})


def test_renderer_warnings_name_the_file_and_survive_the_cache(tmp_path):
    css = "@page { size: letter; }"
    job = render.Job("pdf/participant/x.pdf", str(tmp_path / "site/x.pdf"),
                     '<html lang="en"><p>Hello <img src="missing.png"></p></html>', css, (tmp_path / "site").as_uri() + "/")
    for attempt in ("rendered", "cached"):
        warnings: list[str] = []
        report = render.render_all([job], tmp_path / "cache", 1, warn=warnings.append)
        assert getattr(report, attempt) == ["pdf/participant/x.pdf"]
        assert any(w.startswith("pdf/participant/x.pdf: Failed to load image") for w in warnings), warnings


def test_cached_page_references_leave_the_pdf_bytes_unchanged(monkeypatch):
    import pydyf
    from iopcurriculum.printing import speedup

    job = next(j for j in book.jobs(load.load(FIXTURES / "basic" / "curriculum"), ("facilitator",), Path("/nowhere"),
                                    print_html.Markdown.like_site()) if j.name == "pdf/facilitator-guide.pdf")
    identifier = bytes.fromhex(job.key[:32])
    speedup.cache_page_references()
    cached = pydyf.PDF.page_references
    assert cached.fget.uncached is not cached.fget  # the cached getter is in place
    fast = render.render_pdf(job.html, job.css, job.base_url, identifier)
    monkeypatch.setattr(pydyf.PDF, "page_references", property(cached.fget.uncached))
    monkeypatch.setattr(speedup, "cache_page_references", lambda: None)
    assert render.render_pdf(job.html, job.css, job.base_url, identifier) == fast
    assert len(PdfReader(io.BytesIO(fast)).pages) > 5  # a book with many tagged pages


def test_cached_page_references_follow_added_pages():
    import pydyf
    from iopcurriculum.printing import speedup

    speedup.cache_page_references()
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first  # built once
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == tuple(f"{number} 0 R".encode("ascii") for number in pdf.pages["Kids"][::3])
    assert len(pdf.page_references) == 2


# ---------- The renderer reads only what it was handed ----------

def attachments_in(reader: PdfReader) -> list[str]:
    """Every embedded file: the document's list, and file attachment annotations on pages."""
    found = list(reader.attachments)
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                found.append(str(annotation["/FS"].get_object().get("/UF")))
    return found


def test_renderer_embeds_no_attachment_and_reads_no_file_outside_the_site(tmp_path):
    site = tmp_path / "site"
    (site / "images").mkdir(parents=True)
    shutil.copy(FIXTURES / "quality/docs/images/calm.png", site / "images/calm.png")
    secret = tmp_path / "curriculum/modules/coping.md"
    secret.parent.mkdir(parents=True)
    secret.write_text("---\nid: coping\n---\n::: facilitator\nSECRET-STAFF-NOTE from the module source.\n:::\n")
    (site / "notes.png").write_text("SECRET-STAFF-NOTE in a file named like an image\n")
    html = ('<html lang="en"><body><p>Handout text.</p>'
            '<link rel="attachment" href="../../curriculum/modules/coping.md">'
            '<p><a rel="attachment" href="../../curriculum/modules/coping.md">the source</a></p>'
            '<img src="../../curriculum/modules/coping.md" alt="">'
            '<p><img src="../images/calm.png" alt="A calm lake"></p>'
            f'<p><img src="{secret.as_uri()}" alt=""></p>'
            '<p style="background: url(../notes.png)">Background</p></body></html>')
    job = render.Job("pdf/participant/coping.pdf", str(site / "pdf/participant/coping.pdf"), html,
                     "@page { size: letter; }", (site / "participant").as_uri() + "/", root=str(site))
    assert render.readable_files(job) == {(site / "images/calm.png").resolve()}
    warnings: list[str] = []
    render.render_all([job], tmp_path / "cache", 1, warn=warnings.append)
    reader = PdfReader(site / "pdf/participant/coping.pdf")
    assert attachments_in(reader) == []
    assert b"SECRET-STAFF-NOTE" not in (site / "pdf/participant/coping.pdf").read_bytes()
    assert "SECRET-STAFF-NOTE" not in "\n".join(texts(reader))
    assert len(reader.pages[0].images) == 1  # the image inside the site is shown
    assert any(w.startswith('pdf/participant/coping.pdf: left out 1 <link rel="attachment">') for w in warnings), warnings
    assert any(w.startswith('pdf/participant/coping.pdf: left out <a rel="attachment"') for w in warnings), warnings
    refused = {w.split("'")[1] for w in warnings if "not read: a PDF reads only the images its page shows" in w}
    # The module source (named twice: WeasyPrint fetches a URL once), and the background.
    assert refused == {secret.as_uri(), (site / "notes.png").as_uri()}, warnings


def test_a_module_naming_its_source_as_an_attachment_gets_a_pdf_without_it(tmp_path):
    project = make_project(tmp_path)
    module = project / "curriculum/modules/coping.md"
    module.write_text(module.read_text().replace(
        "Stress is part of life.",
        '<link rel="attachment" href="../../curriculum/modules/coping.md">\n'
        '<a rel="attachment" href="../../curriculum/modules/coping.md">Notes</a>\n\nStress is part of life.'))
    strict = run_build(project, "participant", extra_env=PDF_ON)
    assert strict.returncode != 0 and "Traceback" not in strict.stderr
    # Refused where it is written, before anything is built (inert.py) ...
    assert "curriculum/modules/coping.md:24: <link> is not allowed" in strict.stderr
    assert not (project / "site").exists()  # nothing published
    # ... and an <a rel="attachment"> a page may hold becomes a link inside the document on
    # paper (printing/html.py), so nothing is attached. (The renderer's own refusal of
    # attachments is tested above, on print HTML that holds them.)
    module.write_text(module.read_text().replace(
        '<link rel="attachment" href="../../curriculum/modules/coping.md">\n', ""))
    result = run_build(project, "participant", extra_env=PDF_ON)
    assert result.returncode == 0, result.stderr
    for name in ("pdf/participant/coping.pdf", "pdf/participant-workbook.pdf"):
        reader = PdfReader(project / "site" / name)
        assert attachments_in(reader) == []
        text = "\n".join(texts(reader))
        assert "Stress is part of life." in text
        assert MARKER not in text and "changelog" not in text and "Added a breathing practice" not in text
