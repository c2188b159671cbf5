"""The leak gate (iopcurriculum/leakgate.py): its normalisation and fingerprints, a scan of
every kind of file a participant site holds, and real builds: one with the edition filter
switched off, which the gate must stop."""
from __future__ import annotations

import concurrent.futures as cf
import gzip
import json
import logging
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, MARKER, make_project, run_build, site_snapshot
from pypdf import PdfWriter

from iopcurriculum import handwritten, leakgate, load
from iopcurriculum.handwritten import HandWrittenPage
from iopcurriculum.blocks import parse_body
from iopcurriculum.printing.paper import Markdown
from iopcurriculum.printing.markup import string
from iopcurriculum.problems import Problems
from iopcurriculum.worker import Worker

COPING = "curriculum/modules/coping.md"
# The fixture's facilitator sentences of six words or more, by line in coping.md.
TOP_NOTE = "FACILITATOR-MARKER-SENTENCE top level note."  # line 28
LISTEN = "FACILITATOR-MARKER-SENTENCE listen for signs of stress."  # line 38
NESTED = "FACILITATOR-MARKER-SENTENCE nested inside a discussion block."  # line 54


def docs_page(path: Path, text: str, edition: str = "all") -> HandWrittenPage:
    """A hand-written page as the gate takes it (path, edition, nodes, body_line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    lines = text.splitlines()
    return HandWrittenPage(path.name, path, edition, parse_body(lines, 1, Problems(path)), 1, text)


@pytest.fixture(scope="module")
def basic():
    return load.load(FIXTURES / "basic" / "curriculum")


@pytest.fixture(scope="module")
def prints(basic):
    return leakgate.fingerprints(basic, [])


def lines_of(prints: leakgate.Fingerprints) -> set[str]:
    return {str(p) for p in prints.passages.values()}


# ---------- Normalisation ----------

def test_words_drop_markup_and_fold_case_and_compatibility_forms():
    assert leakgate.words("<p>Stay <strong>with</strong> the&nbsp;FEELING&#33;</p>") == ["stay", "with", "the", "feeling"]
    assert leakgate.words("<strong>re</strong>lapse") == ["relapse"]  # a tag joins, as a reader sees it
    assert leakgate.words("a \ufb01ne re\u00adlapse \uff21\uff22") == ["a", "fine", "relapse", "ab"]  # ligature, soft hyphen
    assert leakgate.words("<!-- a note among authors --> Text") == ["text"]
    assert leakgate.words("snake_case and don’t") == ["snake", "case", "and", "don", "t"]


def test_markdown_and_its_html_give_the_same_words():
    md = Markdown()
    for text in [
        "Ask each person to **name** one *trigger* and one [coping skill](coping.md) out loud.",
        "Say: \"You don't have to share more than you want, and that is fine.\"",
        "Watch for signs of &amp; withdrawal &mdash; sweating, shaking, or a fast heartbeat.",
        "Write `urge surfing` on the board and ask who has **re**lapse stories.",
        "## Opening script for the group today {#opening}",
        "Call <https://988lifeline.org> or the number on the board if someone needs help.",
        "| Ask who slept well last night | Note who is tired and check in |",
        "If x < 5 and y > 3 then the group moves on to the next step.",
        '[Open the guide](guide.md){ .md-button } and read the "Listen for" notes first.',
    ]:
        assert leakgate.markdown_words(text) == leakgate.words(leakgate.html_text(md.convert(text))), text


def test_html_text_adds_what_attributes_show():
    text = leakgate.html_text('<img alt="Staff only picture of the group room" src="x.png"><a title=\'Hover text\'>x</a>')
    assert leakgate.words(text) == ["x", "staff", "only", "picture", "of", "the", "group", "room", "hover", "text"]


def test_sentences_keep_their_lines():
    lines = ["Intro line that is short.",
             "A sentence that runs over",
             "two lines of the file. Then a second one of six words here!",
             "",
             "- A list item with enough words to count",
             "  continued on the next line.",
             "<!-- an author's comment",
             "over two lines with many words in it -->",
             "| First cell with six words in it | second |",
             "```",
             "code line with six words in it",
             "```",
             "Too short here."]
    found = [(line, " ".join(words)) for line, words in leakgate.sentences(lines, 10)]
    assert found == [
        (11, "a sentence that runs over two lines of the file"),
        (12, "then a second one of six words here"),
        (14, "a list item with enough words to count continued on the next line"),
        (18, "first cell with six words in it"),
        (20, "code line with six words in it"),
    ]


def test_shingles_and_runs_of_numbers():
    words = "call 1 800 662 4357 any time of day".split()
    assert list(leakgate.shingles(words[:7])) == [tuple(words[:6]), tuple(words[1:7])]
    kept = list(leakgate.telling(words))
    assert ("1", "800", "662", "4357", "any", "time") not in kept  # four numbers tell nothing
    assert ("4357", "any", "time", "of", "day") not in kept and ("662", "4357", "any", "time", "of", "day") in kept


# ---------- Fingerprints ----------

def test_fingerprints_of_the_fixture(prints):
    # Line 102 is the text of a `::: script` block: read-aloud words are staff text too.
    assert lines_of(prints) == {f"{COPING}:28", f"{COPING}:38", f"{COPING}:54", f"{COPING}:102"}


def test_a_facilitator_note_quoting_the_handout_is_subtracted(basic, tmp_path):
    curriculum = load.load(copy_curriculum(tmp_path, {
        "Welcome people by name.":
            "Welcome people by name. Read aloud: Tell the group how your week went.\n"
            "You will learn three simple ways to calm down when stress builds up.\n"
            "Stress rises and falls, and calm breathing helps most people feel better."}))
    prints = leakgate.fingerprints(curriculum, [])
    # Shingles of the handout's own sentences are gone; the note's own words around them stay.
    assert [s for s in prints.passages if "group" in s] == [("read", "aloud", "tell", "the", "group", "how"),
                                                           ("aloud", "tell", "the", "group", "how", "your")]
    assert not [s for s in prints.passages if "simple" in s]
    assert any(p.quote.startswith("stress rises and falls and calm breathing") for p in prints.passages.values())


def copy_curriculum(tmp_path: Path, replace: dict[str, str]) -> Path:
    root = tmp_path / "curriculum"
    shutil.copytree(FIXTURES / "basic" / "curriculum", root)
    module = root / "modules" / "coping.md"
    text = module.read_text()
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    module.write_text(text)
    return root


def test_fingerprints_of_hand_written_pages(basic, tmp_path):
    staff = docs_page(tmp_path / "docs/guide.md", "# Guide\n\nEvery sentence of a staff page is staff text.\n", "facilitator")
    home = docs_page(tmp_path / "docs/index.md",
                     "Welcome to the handouts for your group sessions today.\n\n"
                     "::: facilitator title=\"For the staff of the program only\"\n\n"
                     "Staff read the facilitator guide before each session.\n\n:::\n")
    typo = docs_page(tmp_path / "docs/odd.md", "A page whose edition nobody could read at all.\n", "facilitater")
    prints = leakgate.fingerprints(basic, [staff, home, typo], root=tmp_path)
    assert {"docs/guide.md:3", "docs/index.md:3", "docs/index.md:5", "docs/odd.md:1"} <= lines_of(prints)
    assert not any("welcome" in s for s in prints.passages)
    # The staff page quotes the home page: subtracted.
    quoting = docs_page(tmp_path / "docs/quote.md", "They read: Welcome to the handouts for your group sessions today.\n",
                        "facilitator")
    prints = leakgate.fingerprints(basic, [quoting, home], root=tmp_path)
    assert [s for s in prints.passages if s[0] == "they"] == [("they", "read", "welcome", "to", "the", "handouts")]


def test_staff_pages_reach_the_gate_in_a_participant_build(tmp_path):
    """The gate fingerprints staff pages that a participant build leaves out, byte-order mark or not."""
    (tmp_path / "a.md").write_bytes("\ufeff---\ntitle: A\nedition: facilitator\n---\n\nStaff.\n".encode())
    (tmp_path / "c.md").write_text("No front matter.\n\n::: facilitator\n\nNote.\n\n:::\n")
    found = []
    pages = {p.path.name: p for p in handwritten.load_docs(tmp_path, ("participant",), found).values()}
    assert [p for group in found for p in group.items] == []
    assert pages["a.md"].edition == "facilitator" and pages["a.md"].body_line == 5
    assert pages["c.md"].edition == "all" and pages["c.md"].nodes[1].type == "facilitator"
    assert sorted(handwritten.for_build(handwritten.load_docs(tmp_path, ("participant",), []), ("participant",))) \
        == ["c.md"]


def test_fingerprints_made_in_a_second_process(basic, prints, tmp_path):
    side = Worker()
    made = side.submit(leakgate.fingerprints, basic, []).result(timeout=120)
    side.close()
    assert made.passages == prints.passages
    broken: cf.Future = cf.Future()
    broken.set_exception(OSError("disk gone"))
    with pytest.raises(leakgate.GateError, match="the leak gate could not fingerprint the facilitator text: "
                                                 "OSError: disk gone"):
        leakgate.gate(tmp_path, ("participant",), broken)


def test_a_site_the_gate_cannot_read_fails_cleanly(tmp_path, prints, monkeypatch):
    (tmp_path / "index.html").write_text("<p>Hello</p>")

    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(leakgate, "_scan_bytes", broken)
    with pytest.raises(leakgate.GateError, match="the leak gate could not read the site: MemoryError: out of memory"):
        leakgate.gate(tmp_path, ("participant",), prints)


# ---------- Scanning each kind of file ----------

LEAK = f"<p>Intro. {LISTEN} More.</p>"


def scan_one(tmp_path: Path, name: str, data: bytes, prints) -> list[str]:
    site = tmp_path / "site"
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return [str(hit) for hit in leakgate.scan(site, [path], prints)]


def expected(name: str, line: int = 38) -> str:
    quote = {28: "facilitator marker sentence top level note",
             38: "facilitator marker sentence listen for signs of stress"}[line]
    return f'{name}: facilitator text from {COPING}:{line}: "{quote}"'


@pytest.mark.parametrize("name,data", [
    ("participant/coping/index.html", LEAK.encode()),
    ("participant/img.html", f'<img alt="{LISTEN}" src="x.png">'.encode()),
    ("search/search_index.json", json.dumps({"docs": [{"text": LEAK}]}, ensure_ascii=True).replace("F", "\\u0046").encode()),
    ("sitemap.xml", f"<urlset><url><loc>{LISTEN}</loc></url></urlset>".encode()),
    ("search/search_index.js", ("var __index = " + json.dumps({"text": LEAK}).replace(" ", "\\u0020")).encode()),
    ("sitemap.xml.gz", gzip.compress(LEAK.encode())),
    ("notes.unknown", LISTEN.encode()),  # any UTF-8 text, whatever its suffix
])
def test_scan_finds_a_leak_in_each_kind_of_file(tmp_path, prints, name, data):
    assert scan_one(tmp_path, name, data, prints) == [expected(name)]


def test_scan_passes_clean_files_and_skips_binary_ones(tmp_path, prints):
    assert scan_one(tmp_path, "index.html", b"<p>Stress is part of life. We can learn to ride it out.</p>", prints) == []
    assert scan_one(tmp_path, "font.woff", b"wOFF\0\x01\x02" + LISTEN.encode(), prints) == []  # not text: not read
    assert scan_one(tmp_path, "bad.json", b'{"text": "' + LISTEN.encode() + b'"', prints) == [expected("bad.json")]


def test_scan_refuses_what_it_cannot_read(tmp_path, prints, monkeypatch):
    assert scan_one(tmp_path, "x.xml.gz", b"not gzip", prints)[0].startswith("x.xml.gz: cannot be unpacked for the leak gate")
    monkeypatch.setattr(leakgate, "GZIP_LIMIT", 1000)
    assert scan_one(tmp_path, "big.xml.gz", gzip.compress(b" " * 2000), prints) == [
        "big.xml.gz: cannot be unpacked for the leak gate: it unpacks to more than 0 MiB"]
    assert scan_one(tmp_path, "two.xml.gz", gzip.compress(b"<p>Hello</p>") + gzip.compress(LEAK.encode()), prints) == [
        expected("two.xml.gz")]  # every member of the file is read
    assert scan_one(tmp_path, "broken.pdf", b"%PDF-1.7 nothing else", prints)[0].startswith(
        "broken.pdf: cannot be read as a PDF for the leak gate")


def pdf(body: str, title: str = "A handout") -> bytes:
    """A small tagged PDF made by the print engine (Typst); `body` is text, not markup."""
    import typst

    source = f'#set document(title: {string(title)})\n#set text(lang: "en")\n= Calm\n\n#{string(body)}\n'
    return typst.compile(source.encode(), format="pdf", pdf_standards=["ua-1"])


def with_writer(data: bytes, change) -> bytes:
    import io

    writer = PdfWriter(clone_from=io.BytesIO(data))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_scan_reads_pdf_text_metadata_outline_and_attachments(tmp_path, prints):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    clean = pdf("Stress is part of life.")
    assert scan_one(tmp_path, "clean.pdf", clean, prints) == []
    assert scan_one(tmp_path, "text.pdf", pdf(LEAK), prints) == [expected("text.pdf")]
    in_metadata = pdf("Hello", title=f"{TOP_NOTE} Welcome")
    assert scan_one(tmp_path, "meta.pdf", in_metadata, prints) == [expected("meta.pdf", 28)]
    in_outline = with_writer(clean, lambda w: w.add_outline_item(title=LISTEN, page_number=0))
    assert scan_one(tmp_path, "outline.pdf", in_outline, prints) == [expected("outline.pdf")]

    attached = with_writer(clean, lambda w: w.add_attachment("notes.md", f"{LISTEN}\n".encode()))
    assert scan_one(tmp_path, "attached.pdf", attached, prints) == [
        "attached.pdf: has an attachment, 'notes.md': a participant PDF carries none", expected("attached.pdf")]
    # A file attachment annotation on a page.
    annotation = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                                   NameObject("/Subtype"): NameObject("/FileAttachment"),
                                   NameObject("/Rect"): __import__("pypdf").generic.ArrayObject(
                                       [__import__("pypdf").generic.FloatObject(v) for v in (10, 10, 30, 30)]),
                                   NameObject("/Contents"): TextStringObject("notes")})
    annotated = with_writer(clean, lambda w: w.add_annotation(0, annotation))
    assert scan_one(tmp_path, "annotated.pdf", annotated, prints) == [
        "annotated.pdf: has a file attachment on page 1: a participant PDF carries none"]


def test_a_pdf_read_at_an_earlier_gate_is_matched_against_todays_fingerprints(tmp_path, prints, monkeypatch):
    # `mkdocs serve` gates after every save; a PDF whose bytes have not changed is not read again,
    # but always matched against the fingerprints of the build at hand.
    monkeypatch.setattr(leakgate, "_pdf_words", {})  # nothing read by other tests
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.pdf").write_bytes(pdf(LEAK))
    (site / "new.pdf").write_bytes(pdf("Stress is part of life."))
    none_yet = leakgate.Fingerprints({})  # a build before the facilitator note was written
    report = leakgate.Report()
    assert leakgate.scan(site, [site / "old.pdf", site / "new.pdf"], none_yet, report, remember=True) == []
    assert (report.pdfs, report.pdfs_remembered) == (2, 0)

    read, real_read = [], leakgate._read_pdf
    monkeypatch.setattr(leakgate, "_read_pdf", lambda *args: read.append(args[0]) or real_read(*args))
    (site / "new.pdf").write_bytes(pdf(f"Stress is part of life. {LISTEN}"))  # changed: read again
    report = leakgate.Report()
    hits = [str(h) for h in leakgate.scan(site, [site / "old.pdf", site / "new.pdf"], prints, report, remember=True)]
    assert sorted(hits) == [expected("new.pdf"), expected("old.pdf")]
    assert read == ["new.pdf"] and (report.pdfs, report.pdfs_remembered) == (2, 1)
    # A scan of some files forgets nothing (a preview's books are read apart from the site)...
    read.clear()
    leakgate.scan(site, [site / "new.pdf"], prints, remember=True)
    assert leakgate.scan(site, [site / "old.pdf"], prints, remember=True) and read == []
    # ...a gate keeps only the PDFs it met: old.pdf, gone from the site, is read afresh next time.
    (site / "old.pdf").rename(tmp_path / "old.pdf")
    with pytest.raises(leakgate.LeakError):
        leakgate.gate(site, ("participant",), prints, remember=True)  # new.pdf leaks
    assert [str(h) for h in leakgate.scan(tmp_path, [tmp_path / "old.pdf"], prints, remember=True)] == [
        expected("old.pdf")]
    assert read == ["old.pdf"]
    # A build gates once: it reads every PDF, and keeps nothing.
    read.clear()
    leakgate.scan(tmp_path, [tmp_path / "old.pdf"], prints)
    assert read == ["old.pdf"] and leakgate.scan(tmp_path, [tmp_path / "old.pdf"], prints) and read == ["old.pdf"] * 2


def test_a_previews_books_are_put_in_place_only_after_the_gate(tmp_path, prints, caplog):
    """`mkdocs serve` makes the books after the pages (printing/later.py): a book with staff text
    is never put in the site, and one made for a build that a newer one replaced neither."""
    from iopcurriculum.printing import later
    from iopcurriculum.printing.render import Job

    def book(name: str, text: str) -> Job:
        source = f'#set document(title: "Workbook")\n#set text(lang: "en")\n= Calm\n\n#{string(text)}\n'
        return Job(f"pdf/{name}", str(tmp_path / "site" / "pdf" / name), source, book=True)

    caplog.set_level(logging.INFO)
    log = logging.getLogger("test.later")
    clean = book("participant-workbook.pdf", "Stress is part of life.")
    later.new_build()
    later.make_later([clean], tmp_path / "cache", 1, ("facilitator", "participant"), prints, log).join()
    assert (tmp_path / "site/pdf/participant-workbook.pdf").is_file()
    assert "Books ready: pdf/participant-workbook.pdf (1 rendered" in caplog.text

    leaking = book("participant-workbook-large.pdf", f"Stress is part of life. {LISTEN}")
    staff = book("facilitator-guide.pdf", f"Stress is part of life. {LISTEN}")
    later.new_build()
    later.make_later([staff, leaking], tmp_path / "cache", 1, ("facilitator", "participant"), prints, log).join()
    assert not (tmp_path / "site/pdf/participant-workbook-large.pdf").exists()
    assert not (tmp_path / "site/pdf/facilitator-guide.pdf").exists()  # the books go in together, or none
    assert "Books not updated: the leak gate found staff text in them" in caplog.text
    assert f"\n  {expected('pdf/participant-workbook-large.pdf')}" in caplog.text

    (tmp_path / "site/pdf/participant-workbook.pdf").unlink()
    later.new_build()
    thread = later.make_later([clean], tmp_path / "cache", 1, ("participant",), prints, log)
    later.new_build()  # the next save: MkDocs empties the site folder for it
    thread.join()
    assert not (tmp_path / "site/pdf/participant-workbook.pdf").exists()


def paged_pdf(header: str, pages: list[str]) -> bytes:
    """A tagged PDF with a running header and a page-number footer, as the print templates
    make them (artifacts), and one text per page."""
    import typst

    body = "\n#pagebreak()\n".join(f"#{string(text)}" for text in pages)
    source = (f'#set document(title: "Handout")\n#set text(lang: "en")\n'
              f'#set page(header: [#{string(header)}], footer: context counter(page).display("1 of 1", both: true))\n'
              f"{body}\n")
    return typst.compile(source.encode(), format="pdf", pdf_standards=["ua-1"])


def test_a_pdf_page_header_does_not_run_on_into_the_page(tmp_path, basic):
    """A staff guide quoting the draft mark before an everyday word, and a handout whose second
    page starts with that word under the same mark: no leak (the header is read on its own).
    A staff sentence that a page break cuts in two is still found, and so is one in a header."""
    guide = docs_page(tmp_path / "docs" / "printing.md",
                      'Pages of draft modules say "Draft: not yet clinically reviewed" at the top.\n',
                      edition="facilitator")
    prints = leakgate.fingerprints(basic, [guide])
    (quoted,) = {str(p) for p in prints.passages.values() if p.path.endswith("printing.md")}
    handout = paged_pdf("Draft: not yet clinically reviewed", ["Stress is part of life and", "at times it is hard."])
    assert scan_one(tmp_path, "handout.pdf", handout, prints) == []
    # Read as one text, page after page with its header, the same PDF was a hit.
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(handout)
    whole = leakgate.words("\n".join(document[i].get_textpage().get_text_range() for i in range(len(document))))
    assert quoted in {str(p) for p in prints.found_in(whole)}

    cut = paged_pdf("Draft: not yet clinically reviewed", [LISTEN.split(" listen")[0] + " listen for",
                                                           "signs of stress. More."])
    assert scan_one(tmp_path, "cut.pdf", cut, prints) == [expected("cut.pdf")]
    in_header = paged_pdf(LISTEN, ["Stress is part of life.", "It passes."])
    assert scan_one(tmp_path, "header.pdf", in_header, prints) == [expected("header.pdf")]


def test_participant_files_of_each_kind_of_build(tmp_path):
    site = tmp_path / "site"
    for name in ("index.html", "search/search_index.json", "participant/index.html", "participant/coping/index.html",
                 "facilitator/coping/index.html", "pdf/participant/coping.pdf", "pdf/facilitator/coping.pdf",
                 "pdf/participant-workbook.pdf", "pdf/facilitator-guide.pdf", "assets/app.js"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x")
    names = lambda editions: sorted(p.relative_to(site).as_posix() for p in leakgate.participant_files(site, editions))
    assert names(("participant",)) == sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert names(("facilitator", "participant")) == [
        "participant/coping/index.html", "participant/index.html", "pdf/participant-workbook.pdf",
        "pdf/participant/coping.pdf"]


def test_leak_error_lists_every_hit_sorted(prints):
    passage = next(iter(sorted(set(prints.passages.values()))))
    error = leakgate.LeakError([leakgate.Hit("b.html", passage), leakgate.Hit("a.pdf", problem="has an attachment"),
                                leakgate.Hit("b.html", passage)])
    assert str(error).splitlines()[1:] == [
        "  a.pdf: has an attachment",
        f'  b.html: facilitator text from {COPING}:28: "facilitator marker sentence top level note"']


# ---------- Real builds ----------

DISABLE_FILTER = '''"""Test only: the edition filter keeps every block for every edition (the checks before the
build, which ask edition.visible what each edition shows, stay as they are)."""
import iopcurriculum.edition as ed

_select = ed.select
ed.select = lambda nodes, shown: _select(nodes, ed.EDITIONS)
'''


def without_filter(project: Path) -> None:
    """Switch the edition filter off for this project's builds, with a hook of its own loaded
    before the curriculum's: production code has no such switch."""
    (project / "hooks" / "disable_filter.py").write_text(DISABLE_FILTER)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("hooks:\n", "hooks:\n  - hooks/disable_filter.py\n", 1))


def test_the_gate_stops_a_participant_build_when_the_filter_leaks(tmp_path):
    project = make_project(tmp_path)
    first = run_build(project, "participant", extra_env={"CURRICULUM_PDF": "1"})
    assert first.returncode == 0, first.stderr
    assert "Leak gate: no facilitator text in" in first.stderr
    before = site_snapshot(project / "site")
    without_filter(project)
    result = run_build(project, "participant", extra_env={"CURRICULUM_PDF": "1"})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for name in ("participant/coping/index.html", "search/search_index.json", "pdf/participant/coping.pdf",
                 "pdf/participant-workbook.pdf"):
        for line in (28, 38, 54):
            assert f"{name}: facilitator text from {COPING}:{line}: " in output, (name, line)
    assert expected("participant/coping/index.html") in output
    assert 'index.html: facilitator text from docs/index.md:20: "the facilitator guide has a session plan' in output
    assert site_snapshot(project / "site") == before
    assert not (project / ".site.staging").exists()


def test_the_gate_checks_the_participant_edition_of_a_build_of_both(tmp_path):
    project = make_project(tmp_path)
    without_filter(project)
    result = run_build(project, "all")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"participant/coping/index.html: facilitator text from {COPING}:28: " in result.stderr
    assert "facilitator/coping" not in result.stderr  # the staff edition is staff text by design
    assert "search/search_index.json" not in result.stderr  # shared by both editions: a staff site
    assert not (project / "site").exists()


def test_the_gate_reads_the_search_index_of_an_offline_copy(tmp_path):
    """Material's offline plugin writes the index as a script, late in the build: read too."""
    project = make_project(tmp_path)
    without_filter(project)
    result = run_build(project, "participant", extra_env={"CURRICULUM_OFFLINE": "true"})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"search/search_index.js: facilitator text from {COPING}:28: " in result.stderr


@pytest.mark.parametrize("edition", ["participant", "all"])
def test_normal_builds_pass_the_gate_with_a_note_quoting_the_handout(tmp_path, edition):
    project = make_project(tmp_path)
    module = project / COPING
    module.write_text(module.read_text().replace(
        "Welcome people by name.",
        "Welcome people by name. Read aloud: Tell the group how your week went.\n"
        "You will learn three simple ways to calm down when stress builds up."))
    result = run_build(project, edition)
    assert result.returncode == 0, result.stderr
    files = "3" if edition == "all" else ""
    assert f"Leak gate: no facilitator text in {files}" in result.stderr
    assert MARKER not in (project / "site/participant/coping/index.html").read_text()
