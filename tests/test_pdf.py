"""The PDFs (issues 3 and 15): real builds of the basic fixture with CURRICULUM_PDF=1, built once
per session, read back with pypdf and pdfplumber; plus the print renderer (Typst) on its own."""
from __future__ import annotations

import dataclasses
import io
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES, MARKER, make_project, run_build
from pypdf import PdfReader

from iopcurriculum import document, load, options
from iopcurriculum.blocks import parse_body
from iopcurriculum.printing import PrintError, documents, paper, render
from iopcurriculum.outputs import module_pdf
from iopcurriculum.problems import Problems

CURRICULUM_LINE = "Fixture Curriculum version 2.3.4"
MODULES = {  # id: (facilitator title, participant title, version, draft)
    "coping": ("Coping with stress (fixture)", "Ways to cope with stress", "1.4.0", True),
    "sleep": ("Sleep and recovery (fixture)", "Sleep and recovery (fixture)", "0.2.0", False),
}
STANDARD_PARTICIPANT_PDFS = {"pdf/participant/coping.pdf", "pdf/participant/sleep.pdf", "pdf/participant-workbook.pdf"}
LARGE_PRINT_PDFS = {"pdf/participant-large/coping.pdf", "pdf/participant-large/sleep.pdf",
                    "pdf/participant-workbook-large.pdf"}
PARTICIPANT_PDFS = STANDARD_PARTICIPANT_PDFS | LARGE_PRINT_PDFS
FACILITATOR_PDFS = {"pdf/facilitator/coping.pdf", "pdf/facilitator/sleep.pdf", "pdf/facilitator-guide.pdf"}
BOOKS = {"pdf/participant-workbook.pdf", "pdf/facilitator-guide.pdf", "pdf/participant-workbook-large.pdf"}
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


def body(page_text: str) -> str:
    """A page's text below its running header (the kind of document, and a draft mark)."""
    return page_text.split("\n", 1)[1] if "\n" in page_text else ""


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
    assert "9 rendered, 0 unchanged" in pdf_all.log  # progress and the summary are in MkDocs' log
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
        text = " ".join(text.split())  # large print wraps the footer
        assert CURRICULUM_LINE in text, (name, number)
        assert f"Page {number} of {len(pages)}" in text, (name, number)
        module = owner.get(number - 1)
        if module is None:
            continue  # cover, contents, overview: no module on them
        title, handout, version, draft = MODULES[module]
        shown = title if edition == "facilitator" else handout
        assert f"{shown} · Module version {version}" in text, (name, number)
        assert (DRAFT in text) == draft, (name, number)


# ---------- Bound books ----------

@pytest.mark.parametrize("name", ["pdf/participant-workbook.pdf", "pdf/facilitator-guide.pdf"])
def test_bound_pdf_has_cover_contents_and_bookmarks(pdf_all, name):
    reader = pdf_all.reader(name)
    pages = texts(reader)
    edition = "facilitator" if "facilitator" in name else "participant"
    assert "Fixture Curriculum" in pages[0] and "2.3.4" in pages[0]
    assert ("Facilitator guide" if edition == "facilitator" else "Participant workbook") in pages[0]
    assert body(pages[1]).lstrip().startswith("Contents")
    marks = outline(reader)
    assert [title for _, title, _ in marks if title != title.strip()] == []  # a segment's too
    assert any(depth > 0 for depth, _, _ in marks)
    top = {title: page for depth, title, page in marks if depth == 0}
    for module, (title, handout, _, _) in MODULES.items():
        shown = title if edition == "facilitator" else handout
        assert shown in top, (name, shown)
        start = top[shown]
        # The contents give the page each module starts on, and each module starts a page.
        assert re.search(re.escape(shown) + r"[ .]*(?:\(draft\)[ .]*)?" + f"{start + 1}\\b", pages[1]), (shown, pages[1])
        assert body(pages[start]).lstrip().startswith(("PARTICIPANT HANDOUT", "SESSION GUIDE")), shown
        assert shown in body(pages[start]).split("\n")[1]
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
    assert any(body(page).lstrip().startswith("Worksheet") for page in pages[1:])
    assert "(see “Sleep and recovery (fixture)”)" in text


def char_sizes(path: Path) -> Counter:
    """Characters of real text by font size, read back from the PDF."""
    import pdfplumber

    sizes = Counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                if char["text"].strip():
                    sizes[round(char["size"], 1)] += 1
    return sizes


@pytest.mark.parametrize("name", sorted(PARTICIPANT_PDFS | FACILITATOR_PDFS))
def test_nothing_is_printed_under_12pt_and_handouts_are_13pt(pdf_all, name):
    sizes = char_sizes(pdf_all.site / name)
    assert min(sizes) >= 12, (name, sizes)
    if "participant" in name:
        assert sizes.most_common(1)[0][0] >= 13, (name, sizes)


@pytest.mark.parametrize("name", sorted(LARGE_PRINT_PDFS))
def test_large_print_is_18pt_or_more_everywhere(pdf_all, name):
    sizes = char_sizes(pdf_all.site / name)  # headers, footers, covers and contents included
    assert min(sizes) >= 18, (name, sizes)
    if name in BOOKS:  # the same text, bigger
        assert len(pdf_all.reader(name).pages) > len(pdf_all.reader(name.replace("-large", "")).pages)


def test_large_print_write_in_lines_are_taller(tmp_path):
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    jobs = {j.name: j for j in documents.jobs(curriculum, ("participant",), tmp_path, paper.Markdown())}
    assert "#writein(1)" in jobs["pdf/participant/sleep.pdf"].source
    assert "#writein(1, height: 2.6em)" in jobs["pdf/participant-large/sleep.pdf"].source


def test_session_guide_opens_with_its_plan_and_times_each_segment(pdf_all):
    pages = texts(pdf_all.reader("pdf/facilitator/coping.pdf"))
    first = " ".join(pages[0].split())
    # The plan is on page 1: each segment, its minutes, the clock time it starts, its page.
    assert "Session plan" in first
    row = re.search(r"1 Check-in 10 0:00 (\d+)\b", first)
    assert row, first
    assert re.search(r"2 Calm breathing 35 0:10 \d+\b", first), first
    assert "Total 60 1:00 end" in first
    whole = " ".join(" ".join(pages).split())
    # ... and each segment's heading carries its timing, on the page the plan gives: the
    # fixture's page 1 is full, so the heading goes to page 2 with its first lines, not
    # left alone at the foot of page 1.
    assert "Check-in 10 min · starts 0:00" in whole and "Calm breathing 35 min · starts 0:10" in whole
    heading_page = next(n for n, text in enumerate(pages, 1) if "Check-in 10 min" in " ".join(text.split()))
    assert int(row.group(1)) == heading_page == 2
    assert "Tell the group how your week went." in " ".join(pages[1].split())


def fonts_of(path: Path, words: str) -> set[str]:
    """The fonts the characters of `words` are set in, wherever they appear."""
    import pdfplumber

    found = set()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            line = "".join(c["text"] for c in page.chars)
            at = line.find(words)
            if at >= 0:
                found |= {c["fontname"].split("+")[-1] for c in page.chars[at:at + len(words)]}
    return found


def test_read_aloud_scripts_are_set_apart_from_notes(tmp_path):
    project = make_project(tmp_path)
    module = project / "curriculum/modules/sleep.md"
    module.write_text(module.read_text().replace(
        "::: facilitator", "::: script\n\nSCRIPTWORDS read these words aloud.\n\n:::\n\n::: facilitator", 1))
    result = run_build(project, "facilitator", extra_env=PDF_ON)
    assert result.returncode == 0, result.stderr
    pdf = project / "site/pdf/facilitator/sleep.pdf"
    text = " ".join(" ".join(texts(PdfReader(pdf))).split())
    assert "Read aloud SCRIPTWORDS read these words aloud." in text
    script, note = fonts_of(pdf, "SCRIPTWORDS"), fonts_of(pdf, "FACILITATOR-MARKER")
    assert script and note and not script & note, (script, note)  # another typeface than notes


def test_a_heading_is_never_left_at_the_foot_of_a_page(tmp_path):
    # A segment that opens with a worksheet: the worksheet starts a page, and the segment's
    # heading goes with it instead of staying alone at the foot of the page before.
    project = make_project(tmp_path)
    module = project / "curriculum/modules/sleep.md"
    filler = "\n\n".join(f"Line {n} about sleep and rest." for n in range(28))
    text = module.read_text()
    text = text.replace("::: activity", f"::: activity minutes=5 title=\"Long reading\"\n\n{filler}\n\n:::\n\n"
                        "::: activity minutes=5 title=\"Sleep diary\"\n\n::: worksheet\n\nHow did you sleep?\n___\n\n:::\n\n"
                        ":::\n\n::: activity", 1)
    text = re.sub(r"^duration: (\d+)", lambda m: f"duration: {int(m.group(1)) + 10}", text, flags=re.M)
    module.write_text(text)
    result = run_build(project, "participant", extra_env=PDF_ON)
    assert result.returncode == 0, result.stderr
    pages = texts(PdfReader(project / "site/pdf/participant/sleep.pdf"))
    with_heading = [i for i, page in enumerate(pages) if "Sleep diary" in page]
    assert len(with_heading) == 1, pages
    page = body(pages[with_heading[0]]).split("\n")
    assert page[0].strip() == "Sleep diary" and page[1].strip() == "Worksheet", page
    assert "Line 27 about sleep" in pages[with_heading[0] - 1]


def test_pdfs_are_tagged_for_screen_readers(pdf_all):
    from pdfua import validate

    for name in sorted(PARTICIPANT_PDFS | FACILITATOR_PDFS):
        reader = pdf_all.reader(name)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root, name  # a structure tree
        assert root["/MarkInfo"]["/Marked"], name  # marked content
        assert root["/Lang"] == "en", name
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], name
        module, large = Path(name).stem, "-large" in name
        expected = (f"Fixture Curriculum: {'Facilitator guide' if 'facilitator' in name else 'Participant workbook'}"
                    f"{' · Large print' if large else ''}" if name in BOOKS else
                    f"{MODULES[module][0 if 'facilitator' in name else 1]} "
                    f"({'session guide' if 'facilitator' in name else 'participant handout'}"
                    f"{' · large print' if large else ''})")
        assert reader.metadata.title == expected, name
        assert b"pdfuaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data(), name
        report = validate(pdf_all.site / name)  # the machine-checkable subset of PDF/UA-1
        assert [f.rule_id for f in report.findings if f.severity.name == "ERROR"] == [], (name, report.findings)


def test_links_between_modules_give_title_and_page_in_the_books(pdf_all):
    pages = texts(pdf_all.reader("pdf/participant-workbook.pdf"))
    sleep_starts = next(i for i, page in enumerate(pages) if body(page).lstrip().startswith("PARTICIPANT HANDOUT")
                        and "Sleep and recovery" in body(page).split("\n")[1])
    whole = " ".join(" ".join(pages).split())
    assert f"sleep tips (see “Sleep and recovery (fixture)”, page {sleep_starts + 1}) too" in whole


def module_source(module_id: str, body_lines: list[str], tmp_path: Path, *, bound: bool = False,
                  edition: str = "participant", fmt: str = "standard") -> tuple:
    """A fixture module with `body_lines` as its body, as a Typst job (for a handout, or the
    book of its edition)."""
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    module = curriculum.module(module_id)
    module.body = parse_body(body_lines, 1, Problems(tmp_path / "x.md", tmp_path))
    jobs = documents.jobs(curriculum, (edition,), tmp_path / "site", paper.Markdown())
    name = "pdf/participant-workbook.pdf" if bound else module_pdf(edition, module_id, fmt)
    return next(j for j in jobs if j.name == name)


@pytest.mark.parametrize("fmt", ["standard", "large"])
def test_the_longest_callout_kept_on_one_page_fits_on_it(tmp_path, fmt):
    """A callout of paper.KEEP_TOGETHER characters (bullet points, the tallest kind of text) is
    kept whole, and fits on a page: none of its words run into the footer's."""
    import pdfplumber

    item = "- If someone will not wake up or is not breathing well, call 911 and give naloxone."
    items = [item] * (paper.KEEP_TOGETHER[fmt] // len(item))
    job = module_source("coping", ["Before the box.", "", "::: safety", "", *items, "", ":::", "", "After the box."],
                        tmp_path, fmt=fmt)
    assert "keep: true" in job.source
    render.render_all([job], tmp_path / "cache", 1)
    with pdfplumber.open(job.output) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            words = page.extract_words()
            for i, a in enumerate(words):
                for b in words[i + 1:]:
                    overlap = (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 1
                               and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1)
                    assert not overlap, (fmt, number, a["text"], b["text"])


def printed_text(job, tmp_path: Path) -> str:
    render.render_all([job], tmp_path / "cache", 1)
    return " ".join(" ".join(texts(PdfReader(job.output))).split())


def test_worksheet_prints_ruled_lines_kept_with_their_prompt(tmp_path):
    job = next(j for j in documents.jobs(load.load(FIXTURES / "basic" / "curriculum"), ("participant",),
                                         tmp_path / "site", paper.Markdown()) if j.name == "pdf/participant/coping.pdf")
    assert "<textarea" not in job.source
    # Two lines, then one; each with its prompt in one unbreakable block.
    assert re.search(r'#block\(breakable: false\)\[#"1\. What helps you calm down\?"\n\n#writein\(2\)\]', job.source)
    assert re.search(r'#"2\. Who can you call\?"\n\n#writein\(1\)\]', job.source)
    assert "<mod-coping--calm-breathing>" in job.source  # labels unique per module in a bound book
    render.render_all([job], tmp_path / "cache", 1)
    import pdfplumber
    with pdfplumber.open(job.output) as pdf:  # the ruled lines are on paper
        ruled = [line for page in pdf.pages for line in page.lines if line["width"] > 300 and line["top"] < 700]
    assert len(ruled) >= 3


def test_links_print_their_target_where_it_matters(tmp_path):
    lines = ["Call [988](tel:988) or [the helpline](tel:18006624357).",
             "See [SAMHSA](https://www.samhsa.gov/find-help/) or <https://988lifeline.org>.",
             "Back to [coping](coping.md#calm-breathing) and [home](../index.md)."]
    single = printed_text(module_source("sleep", lines, tmp_path), tmp_path)
    assert "Call 988 or the helpline (1-800-662-4357)." in single
    assert "SAMHSA (samhsa.gov/find-help)" in single
    assert "https://988lifeline.org." in single  # the address is the text: not printed twice
    assert "coping (see “Ways to cope with stress”) and home." in single  # a web page's link: nothing to follow on paper
    bound = module_source("sleep", lines, tmp_path / "book", bound=True)
    assert 'xref("mod-coping--calm-breathing", "mod-coping", "see “Ways to cope with stress”, page {page}"' in bound.source
    assert re.search(r"coping \(see “Ways to cope with stress”, page 3\) and home\.", printed_text(bound, tmp_path / "book"))


def test_author_text_never_runs_as_typst_and_reads_no_file(tmp_path):
    """Typst syntax in every place an author writes text prints as written and reads nothing."""
    hostile = ['#read("/etc/passwd")', "#include \"/etc/hostname\"", "$x^2$", "@mod-coping", "<label>", "\\ back",
               '#image("/etc/passwd")', "]#panic(\"x\")[", '"#let a = 1"', "// not a comment", "/* nor this */",
               "#{ 1 + 1 }", "= not a heading", "*not bold* _nor emph_", "`raw`"]
    text = " ".join(hostile)
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    curriculum.title = curriculum.organization = text
    curriculum.settings["description"] = text
    for r in curriculum.crisis_resources:
        r.name, r.how = text, text
    for module in curriculum.modules:
        module.title = module.participant_title = module.summary = text
        module.objectives, module.materials, module.sources = [text], [text], [text]
        module.body = parse_body(["::: activity minutes=5 title=" + repr(text).replace("'", '"'),
                                  "", "\n\n".join(hostile), "", "::: worksheet title=\"" + text.replace('"', "'") + "\"",
                                  "", "| " + " | ".join(h.replace("|", "") for h in hostile[:4]) + " |", "|---|---|---|---|",
                                  "| a | b | c | d |", "", "Prompt " + hostile[0], "___", "", ":::", "", ":::"], 1,
                                 Problems(tmp_path / "m.md", tmp_path))
    jobs = documents.jobs(curriculum, ("facilitator", "participant"), tmp_path / "site", paper.Markdown())
    for job in jobs:
        assert job.images == {}  # nothing for Typst to read but the source
    render.render_all(jobs, tmp_path / "cache", 1)
    for job in jobs:
        printed = "".join(" ".join(texts(PdfReader(job.output))).split())
        for piece in hostile:
            assert "".join(piece.replace("\\\\", "\\").split()) in printed, (job.name, piece)
        assert "root:" not in printed  # /etc/passwd was not read


def test_a4_paper_setting(tmp_path):
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    curriculum.settings["paper"] = "a4"
    jobs = [j for j in documents.jobs(curriculum, ("participant",), tmp_path, paper.Markdown())
            if j.name == "pdf/participant/sleep.pdf"]
    render.render_all(jobs, tmp_path / "cache", 1)
    box = PdfReader(tmp_path / "pdf/participant/sleep.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


# ---------- Web pages link to their PDFs ----------

def test_every_page_links_to_its_pdf(pdf_all):
    site = pdf_all.site
    for page, pdfs in (("participant/coping/index.html", ["pdf/participant/coping.pdf", "pdf/participant-large/coping.pdf"]),
                       ("facilitator/sleep/index.html", ["pdf/facilitator/sleep.pdf"]),
                       ("participant/index.html", ["pdf/participant-workbook.pdf", "pdf/participant-workbook-large.pdf"]),
                       ("facilitator/index.html", ["pdf/facilitator-guide.pdf"])):
        html = (site / page).read_text(encoding="utf-8")
        hrefs = re.findall(r'<a class="cur-print-link" href="([^"]+)"', html)
        assert [((site / page).parent / href).resolve() for href in hrefs] == [(site / p).resolve() for p in pdfs], page


# ---------- Reproducible, cached, failing cleanly ----------

def test_same_input_gives_byte_identical_pdfs(pdf_all, pdf_participant):
    # Rendered independently, in different folders with different caches.
    for name in PARTICIPANT_PDFS:
        assert pdf_all.bytes[name] == pdf_participant.bytes[name], name
    job = next(j for j in documents.jobs(load.load(FIXTURES / "basic" / "curriculum"), ("facilitator",),
                                         Path("/nowhere"), paper.Markdown()) if j.name == "pdf/facilitator-guide.pdf")
    assert render.render_pdf(job)[0] == render.render_pdf(job)[0]


def test_rebuild_with_nothing_changed_renders_nothing(pdf_all, tmp_path):
    project = copy_of(pdf_all, tmp_path)
    again = build(project)
    assert rendered(again.log) == set()
    assert "0 rendered, 9 unchanged" in again.log
    assert again.bytes == pdf_all.bytes


def test_changed_module_rerenders_only_its_pdfs(pdf_participant, tmp_path):
    project = copy_of(pdf_participant, tmp_path)
    sleep = project / "curriculum/modules/sleep.md"
    sleep.write_text(sleep.read_text().replace("One thing you will try tonight.", "One thing to try tonight."))
    again = build(project, "participant")
    assert rendered(again.log) == {"pdf/participant/sleep.pdf", "pdf/participant-workbook.pdf",
                                   "pdf/participant-large/sleep.pdf", "pdf/participant-workbook-large.pdf"}
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


def test_books_render_one_at_a_time_beside_the_other_documents(tmp_path):
    """Two workers: the bound books go one after another to a process each, the rest to the pool;
    the PDFs are those one worker makes, and a broken book is named, not waited for."""
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    jobs = documents.jobs(curriculum, ("facilitator", "participant"), tmp_path / "two", paper.Markdown())
    assert [j.name for j in jobs if j.book] == ["pdf/facilitator-guide.pdf", "pdf/participant-workbook.pdf",
                                                "pdf/participant-workbook-large.pdf"]
    report = render.render_all(jobs, tmp_path / "cache-two", 2)
    assert sorted(report.rendered) == sorted(j.name for j in jobs)
    alone = documents.jobs(curriculum, ("facilitator", "participant"), tmp_path / "one", paper.Markdown())
    render.render_all(alone, tmp_path / "cache-one", 1)
    for two, one in zip(jobs, alone):
        assert Path(two.output).read_bytes() == Path(one.output).read_bytes(), two.name

    broken = dataclasses.replace(jobs[1], source=jobs[1].source + "\n#let broken = (\n")
    with pytest.raises(PrintError, match="PDF failed: pdf/participant-workbook.pdf: "):
        render.render_all([broken, *jobs[3:]], tmp_path / "cache-broken", 2)


def test_markup_kept_from_an_earlier_build_is_what_writing_it_again_gives(tmp_path, monkeypatch):
    """`mkdocs serve` keeps each module's markup between builds: after an edit, every job's
    source is the same as when all is written afresh, and only the edited module is written again."""
    root = tmp_path / "curriculum"
    shutil.copytree(FIXTURES / "basic" / "curriculum", root)
    site = tmp_path / "site"
    (site / "participant" / "images").mkdir(parents=True)
    editions = ("facilitator", "participant")

    def sources(fresh: bool) -> dict[str, str]:
        if fresh:
            documents._written.clear()
        jobs = documents.jobs(load.load(root), editions, site, paper.Markdown(), keep=True)
        return {j.name: j.source for j in jobs}

    first = sources(fresh=True)
    written = []
    real = paper.Paper.module
    monkeypatch.setattr(paper.Paper, "module", lambda self, d: written.append(d.module.id) or real(self, d))
    assert sources(fresh=False) == first and written == []
    path = root / "modules" / "sleep.md"
    path.write_text(path.read_text().replace("tonight", "this evening"))
    edited = sources(fresh=False)
    assert set(written) == {"sleep"}  # its handouts, session guide and the books' copies of it
    assert edited != first and edited == sources(fresh=True)
    # A new module title changes every module that may link to it.
    path.write_text(re.sub(r"(?m)^title: .*$", "title: Rest and sleep", path.read_text(), count=1))
    written.clear()
    assert sources(fresh=False) == sources(fresh=True) and len(set(written)) > 1

    # An image not there yet: written again each time, shown once it is there.
    path.write_text(path.read_text() + "\n![A calm lake](images/calm.png)\n")
    assert "/images/participant/images/calm.png" not in sources(fresh=False)["pdf/participant/sleep.pdf"]
    shutil.copy(FIXTURES / "quality/docs/images/calm.png", site / "participant" / "images" / "calm.png")
    assert "/images/participant/images/calm.png" in sources(fresh=False)["pdf/participant/sleep.pdf"]
    for attempt in ("written", "kept"):  # the kept markup brings its image into the job
        jobs = {j.name: j for j in documents.jobs(load.load(root), editions, site, paper.Markdown(), keep=True)}
        assert list(jobs["pdf/participant/sleep.pdf"].images) == ["images/participant/images/calm.png"], attempt
        assert "images/participant/images/calm.png" in jobs["pdf/participant-workbook.pdf"].images, attempt
    # A build writes each module once and keeps nothing.
    documents._written.clear()
    documents.jobs(load.load(root), editions, site, paper.Markdown())
    assert documents._written == {}


# ---------- When PDFs are made ----------

def test_a_live_preview_serves_the_edited_page_and_pdf_then_the_books(tmp_path):
    """`mkdocs serve`, PDFs on by default: after a save, the page and the module's own PDFs are
    served with the reload, and the books, made after it, once the leak gate has read them."""
    from support.serving import Serving

    project = make_project(tmp_path)
    path = project / "curriculum/modules/sleep.md"
    with Serving(project, env={"CURRICULUM_PDF_WORKERS": "2"}) as server:
        server.wait_for("Serving on")
        server.wait_for("Books ready")
        book = server.get("pdf/participant-workbook.pdf")
        assert "Sleep" in pdf_words(book) and "Pillows are soft tonight" not in pdf_words(book)
        path.write_text(path.read_text().replace("One thing you will try tonight.",
                                                 "One thing you will try tonight. Pillows are soft tonight."))
        server.wait_for("Reloading browsers")
        assert "Pillows are soft tonight" in server.get("participant/sleep/").decode()
        assert "Pillows are soft tonight" in pdf_words(server.get("pdf/participant/sleep.pdf"))
        server.wait_for("Books ready")
        for name in ("participant-workbook", "participant-workbook-large", "facilitator-guide"):
            assert "Pillows are soft tonight" in pdf_words(server.get(f"pdf/{name}.pdf")), name
    assert "Leak gate: no facilitator text" in "".join(server.log)


def pdf_words(data: bytes) -> str:
    return " ".join(" ".join(texts(PdfReader(io.BytesIO(data)))).split())


def test_when_pdfs_are_built():
    unset = options.read({})
    assert unset.pdf  # by every command, `mkdocs serve` too: a live print preview
    assert not options.read({"CURRICULUM_PDF": "0"}).pdf
    assert options.read({"CURRICULUM_PDF_WORKERS": "3"}).workers == 3
    assert unset.workers >= 1
    for value, problem in (("many", "is not a whole number"), ("0", "must be 1 or more"), ("３", "is not a whole number")):
        with pytest.raises(options.OptionError, match=f"CURRICULUM_PDF_WORKERS='{value}' {problem}"):
            options.read({"CURRICULUM_PDF_WORKERS": value})


def test_renderer_warnings_name_the_file_and_survive_the_cache(tmp_path):
    job = module_source("sleep", ["Hello ![a lake](../../../secret.png) and ![](https://example.org/x.png)"], tmp_path)
    assert job.refused == ("../../../secret.png", "https://example.org/x.png")
    for attempt in ("rendered", "cached"):
        warnings: list[str] = []
        report = render.render_all([job], tmp_path / "cache", 1, warn=warnings.append)
        assert getattr(report, attempt) == ["pdf/participant/sleep.pdf"]
        assert "pdf/participant/sleep.pdf: image not shown (a PDF shows only images inside the site): ../../../secret.png" in warnings
    assert "Hello [a lake] and" in printed_text(job, tmp_path)


def test_the_renderer_reads_only_the_images_inside_the_site(tmp_path):
    site = tmp_path / "site"
    (site / "images").mkdir(parents=True)
    shutil.copy(FIXTURES / "quality/docs/images/calm.png", site / "images/calm.png")
    (site / "notes.png").write_text("SECRET-STAFF-NOTE in a file named like an image\n")
    secret = tmp_path / "curriculum/modules/coping.md"
    secret.parent.mkdir(parents=True)
    secret.write_text("---\nid: coping\n---\n::: facilitator\nSECRET-STAFF-NOTE from the module source.\n:::\n")
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    curriculum.module("sleep").body = parse_body(
        ["![A calm lake](../images/calm.png)", "", "![](../../curriculum/modules/coping.md)", "",
         f"![]({secret.as_uri()})", "", "![](../notes.md)", "", "<img src=\"/etc/passwd\" alt=\"\">"], 1,
        Problems(tmp_path / "x.md", tmp_path))
    job = next(j for j in documents.jobs(curriculum, ("participant",), site, paper.Markdown())
               if j.name == "pdf/participant/sleep.pdf")
    assert job.images == {"images/images/calm.png": site / "images/calm.png"}
    render.render_all([job], tmp_path / "cache", 1)
    data = Path(job.output).read_bytes()
    assert b"SECRET-STAFF-NOTE" not in data
    assert len(PdfReader(job.output).pages[0].images) == 1  # the image inside the site is shown


def attachments_in(reader: PdfReader) -> list[str]:
    """Every embedded file: the document's list, and file attachment annotations on pages."""
    found = list(reader.attachments)
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                found.append(str(annotation["/FS"].get_object().get("/UF")))
    return found


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
    # paper (printing/paper.py): a link to a web page prints its text, so nothing is attached.
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
