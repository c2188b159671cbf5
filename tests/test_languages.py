"""Editions in other languages: the strings tables, the Spanish participant edition built from
translations (pages, search, language links, crisis resources, PDFs), stale translations, and
the leak gate over every participant edition."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import FIXTURES, MARKER, make_project, run_build
from iopcurriculum import document as doc
from iopcurriculum import edition as ed
from iopcurriculum import load, pages, quality, strings, translations
from iopcurriculum.printing import documents, paper, render
from iopcurriculum.quality import report as quality_report
from iopcurriculum.release import notes, status
from iopcurriculum.release import validate
from test_schedule import BLOCKS, DAYS

SPANISH_CRISIS = [{"name": "Línea 988", "how": "Llame al [988](tel:988) y oprima 2 para hablar en español."}]
# The participant text of the basic fixture's coping module, in Spanish (blocks as in English).
COPING_ES = """\
El estrés es parte de la vida. Podemos aprender a dejarlo pasar.

::: activity minutes=10 title="Para empezar"

Cuente al grupo cómo le fue en la semana.

:::

::: activity minutes=35 title="Respirar con calma"

Respire despacio. Suelte el aire despacio. PALABRA-SOLO-EN-ESPAÑOL.

::: discussion

¿Cuándo siente el estrés en el cuerpo?

:::

{worksheet}

:::

::: activity minutes=15 title="Para terminar"

Elija una forma de calmarse para esta semana.

:::
"""


def write_translation(project: Path, body: str, *, hash_: str | None = None, status: str = "draft") -> Path:
    curriculum = load.load(project / "curriculum")
    coping = curriculum.module("coping")
    meta = {"id": "coping", "language": "es", "status": status, "version": "0.1.0",
            "translates": {"version": coping.version, "hash": hash_ or translations.source_hash(coping)},
            "title": "Formas de manejar el estrés", "summary": "Aprenderá tres formas sencillas de calmarse.",
            "objectives": ["Nombrar dos señales de estrés en el cuerpo."]}
    path = project / "curriculum/modules/es/coping.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + body,
                    encoding="utf-8")
    return path


# A program schedule for the basic fixture (test_schedule's days and blocks), with staff notes
# (the leak tests' marker) on a block and on a session.
STAFF_NOTE = f"{MARKER} is a staff note about the process group, for the facilitator alone."
PROGRAM = (f'level_of_care: "2.1"\nweeks: 2\nstart_date: 2026-11-30\n{DAYS}'
           + BLOCKS.replace("NOTE-ONE watch for anyone who goes quiet after the session tonight.", STAFF_NOTE)
           + "rotation:\n  - week: 1\n    monday: coping\n    wednesday: sleep\n  - week: 2\n"
           + f"    monday: {{module: sleep, note: {MARKER} bring copies of the sleep diary for everyone.}}\n")


def spanish_project(tmp_path: Path, body: str | None = None, program: str | None = None) -> Path:
    """The basic fixture with coping translated into Spanish (`body`), and a program schedule."""
    project = make_project(tmp_path)
    if program is not None:
        (project / "curriculum/program.yml").write_text(program, encoding="utf-8")
    config = project / "curriculum/curriculum.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["languages"] = {"es": {"description": "Sesiones de prueba.", "crisis_resources": SPANISH_CRISIS}}
    settings["publish"] = {"participant_url": "https://handouts.example.org/"}  # for the handouts' QR codes
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    write_translation(project, body or COPING_ES.format(worksheet="::: worksheet\n\nMi plan:\n___\n\n:::"))
    return project


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    """The basic fixture with a Spanish translation of one of its two modules, and a program
    schedule with staff notes, built as the public site (participant editions) with PDFs."""
    project = spanish_project(tmp_path_factory.mktemp("spanish"), program=PROGRAM)
    result = run_build(project, "participant", extra_env={"CURRICULUM_PDF": "1"})
    assert result.returncode == 0, result.stderr
    return project, project / "site", result.stderr


# ---------- Strings tables ----------

def test_every_language_has_every_string_with_the_same_fields():
    assert set(strings.languages()) >= {"en", "es"}
    for language in strings.languages():
        assert strings.table(language).keys() == strings.table("en").keys(), language
    assert strings.text("es", "page.get_help") == "Pida ayuda ahora"
    assert strings.text("es", "paper.page_of", page=2, total=5) == "Página 2 de 5"


def test_a_strings_file_missing_a_key_is_refused_naming_it(tmp_path, monkeypatch):
    broken = {k: v for k, v in strings.table("es").items() if k != "page.sources"}
    (tmp_path / "en.yml").write_text(yaml.safe_dump(strings.table("en"), allow_unicode=True), encoding="utf-8")
    (tmp_path / "xx.yml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(strings, "DATA", tmp_path)
    strings.table.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"xx.yml: keys missing \['page.sources'\]"):
            strings.table("xx")
    finally:
        strings.table.cache_clear()


def test_an_edition_is_data():
    spanish = ed.EDITION["participant-es"]
    assert (spanish.audience, spanish.language, spanish.formats) == ("participant", "es", ("standard", "large"))
    assert spanish.title == "Hojas para participantes"
    assert ed.english("participant-es") == "participant"


# The staff words of the facilitator page, the session guide and the facilitator guide, in
# English: with the table's `staff` words replaced, none of them may be left.
ENGLISH_STAFF_WORDS = ["Session plan", "Session at a glance", "Participant handout", "Objectives", "Materials",
                       "Starts at", "Segment", "Group type", "Duration", "min · starts", "Skills", "Reviewed by",
                       "Program overview", "minutes in all", "Using this guide", "Crisis resources"]
# The same words from es.yml, as those three show them.
SPANISH_STAFF_WORDS = ["Plan de la sesión", "La sesión de un vistazo", "Hoja para participantes: ", "Objetivos",
                       "Materiales", "Empieza", "Parte", "Tipo de grupo", "Duración", "min · empieza a las",
                       "Habilidades"]


@pytest.fixture
def staff_words_from_es(tmp_path, monkeypatch):
    """The strings tables, with English's staff words (`staff.*`) taken from es.yml."""
    folder = tmp_path / "strings"
    folder.mkdir()
    for language in strings.languages():
        table = strings.table(language)
        if language == strings.BASE:
            table = {k: strings.table("es")[k] if k.startswith("staff.") else v for k, v in table.items()}
        (folder / f"{language}.yml").write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(strings, "DATA", folder)
    strings.table.cache_clear()
    yield
    strings.table.cache_clear()


def test_staff_words_on_the_web_and_on_paper_come_from_the_strings_table(staff_words_from_es, tmp_path):
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    coping = doc.make(curriculum.module("coping"), ed.FACILITATOR)
    page = pages.module_page(curriculum, coping, (ed.FACILITATOR, ed.PARTICIPANT))
    page += pages.edition_index(curriculum, ed.FACILITATOR)
    for words in SPANISH_STAFF_WORDS + ["Sesión | Minutos | Grupo | Versión | Estado"]:
        assert words in page, words
    for words in ENGLISH_STAFF_WORDS[:12] + ["Session | Minutes"]:
        assert words not in page, words
    jobs = {j.name: j for j in documents.jobs(curriculum, (ed.FACILITATOR,), tmp_path / "site", paper.Markdown())}
    guide, book = jobs["pdf/facilitator/coping.pdf"], jobs["pdf/facilitator-guide.pdf"]
    render.render_all([guide, book], tmp_path / "cache", 1)
    printed = {name: " ".join(" ".join(p.extract_text() for p in PdfReader(job.output).pages).split())
               for name, job in (("guide", guide), ("book", book))}
    for words in SPANISH_STAFF_WORDS:
        assert words.strip() in printed["guide"], words
    for words in ["Resumen del programa", "Esta guía tiene 2 sesiones", "Cómo usar esta guía",
                  "Recursos para crisis (impresos en cada hoja)"]:
        assert words in printed["book"], words
    for words in ENGLISH_STAFF_WORDS:
        assert words not in printed["guide"] and words not in printed["book"], words


def test_the_staff_pages_words_come_from_the_strings_table(staff_words_from_es):
    """Curriculum health, Curriculum status and What's new."""
    curriculum = load.load(FIXTURES / "basic" / "curriculum")
    today = dt.date(2026, 11, 23)
    health = quality_report.health_markdown(quality.run(curriculum), today)
    assert "| Sesión | Versión, estado | Minutos: duración / tiempos |" in health and "Session |" not in health
    state = status.status_markdown(curriculum, today)
    assert "| Sesión | Versión | Estado | Revisado por |" in state and "sesiones publicadas" in state
    assert "Session |" not in state and "sessions published" not in state
    news = notes.whats_new_markdown(curriculum, notes.load_notes(curriculum))
    assert news.startswith("Los cambios del currículo") and "Changes to the curriculum" not in news


# ---------- The Spanish edition on the web ----------

def test_spanish_handout_is_in_spanish_with_help_first(spanish):
    _, site, _ = spanish
    html = (site / "participant-es/coping/index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    assert 'placeholder="Búsqueda"' in html  # Material's interface in Spanish
    article = html[html.index("<article"):]
    # "Get help now" first, then the handout; the version line after the content.
    order = [article.index(s) for s in ('href="#get-help"', "Aprenderá tres formas", "Respire despacio",
                                        'id="get-help"', "Traducción 0.1.0 del módulo, versión 1.4.0")]
    assert order == sorted(order), order
    assert "Pida ayuda ahora" in article and "oprima 2 para hablar en español" in article
    assert "Borrador: todavía sin revisión clínica" in article  # the English module is a draft
    assert "Hablemos" in article and "Hoja de trabajo" in article  # block titles from the strings table
    assert MARKER not in html


def test_english_and_spanish_handouts_link_to_each_other(spanish):
    _, site, _ = spanish
    english = (site / "participant/coping/index.html").read_text(encoding="utf-8")
    spanish_html = (site / "participant-es/coping/index.html").read_text(encoding="utf-8")
    to_spanish = re.search(r'<a href="([^"]+)" hreflang="es" lang="es">Leer en español</a>', english)
    to_english = re.search(r'<a href="([^"]+)" hreflang="en" lang="en">Read in English</a>', spanish_html)
    assert to_spanish and to_english
    assert (site / "participant/coping" / to_spanish.group(1) / "index.html").resolve() == \
        (site / "participant-es/coping/index.html").resolve()
    assert (site / "participant-es/coping" / to_english.group(1) / "index.html").resolve() == \
        (site / "participant/coping/index.html").resolve()
    index = (site / "participant/index.html").read_text(encoding="utf-8")
    assert '<a href="../participant-es/" hreflang="es" lang="es">Leer en español</a>' in index
    # The untranslated module has no Spanish page and no link to one.
    assert not (site / "participant-es/sleep").exists()
    assert "Leer en español" not in (site / "participant/sleep/index.html").read_text(encoding="utf-8")


def test_the_spanish_index_lists_what_is_not_translated_yet(spanish):
    _, site, _ = spanish
    html = (site / "participant-es/index.html").read_text(encoding="utf-8")
    assert "Formas de manejar el estrés" in html
    untranslated = html[html.index("Todavía no están en español"):]
    link = re.search(r'<a href="([^"]+)" hreflang="en" lang="en">Sleep and recovery \(fixture\)</a>', untranslated)
    assert link, untranslated[:600]
    assert (site / "participant-es" / link.group(1) / "index.html").resolve() == \
        (site / "participant/sleep/index.html").resolve()


def test_the_search_index_stems_spanish(spanish):
    _, site, _ = spanish
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en", "es"]
    assert any(doc["location"].startswith("participant-es/coping/") and "PALABRA-SOLO-EN-ESPAÑOL" in doc["text"]
               for doc in index["docs"])


# ---------- On paper ----------

def test_spanish_pdfs_in_both_sizes(spanish):
    _, site, _ = spanish
    for name in ("pdf/participant-es/coping.pdf", "pdf/participant-es-large/coping.pdf",
                 "pdf/participant-workbook-es.pdf", "pdf/participant-workbook-es-large.pdf"):
        reader = PdfReader(site / name)
        assert reader.trailer["/Root"]["/Lang"] == "es", name
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert "Pida ayuda ahora" in text and "oprima 2 para hablar en español" in text, name
        assert re.search(r"Página 1 de \d+", text), name
        assert MARKER not in text and "Sleep and recovery" not in text, name
    assert not (site / "pdf/participant-es/sleep.pdf").exists()


def test_printed_handouts_carry_a_qr_code_to_their_page_on_the_web(spanish):
    _, site, _ = spanish
    for name, url, words in (("pdf/participant-es/coping.pdf", "https://handouts.example.org/participant-es/coping/",
                              "Esta hoja en internet"),
                             ("pdf/participant-large/sleep.pdf", "https://handouts.example.org/participant/sleep/",
                              "This handout on the web")):
        reader = PdfReader(site / name)
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert f"{words} {url}" in text, name
        # The code is drawn from segno's matrix for that address (no QR decoder on this machine):
        # its alt text, in the PDF's structure tree, names the address.
        assert _alt_texts(reader, f"{words}: {url}"), name
    # Not in the workbook (each handout has its own page), nor without the site's address.
    workbook = " ".join(page.extract_text() for page in PdfReader(site / "pdf/participant-workbook.pdf").pages)
    assert "handouts.example.org" not in workbook


def _alt_texts(reader: PdfReader, wanted: str) -> bool:
    """Whether some structure element's /Alt is `wanted`."""
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "get"):
            if node.get("/Alt") == wanted:
                return True
            kids = node.get("/K")
            if kids is not None:
                stack.append(kids)
    return False


# ---------- The program schedule in Spanish ----------

def _resolves(site: Path, page: str, html: str, language: str, words: str, target: str) -> bool:
    """Whether `page` (a folder of the site) links, in `language`, to `target`'s page."""
    link = re.search(rf'<a href="([^"]+)" hreflang="{language}" lang="{language}">{words}</a>', html)
    return bool(link) and (site / page / link.group(1) / "index.html").resolve() == \
        (site / target / "index.html").resolve()


def test_the_spanish_schedule_page_is_in_spanish_linked_both_ways(spanish):
    _, site, _ = spanish
    html = (site / "participant-es/schedule/index.html").read_text(encoding="utf-8")
    english = (site / "participant/schedule/index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    article = html[html.index("<article"):]
    for words in ("Su semana en el programa", "El grupo se reúne 3 tardes a la semana: lunes, miércoles y jueves.",
                  "<strong>6:00 p. m.: Grupo de aprendizaje</strong> (90 minutos).", "Semana 2",
                  '<a href="../coping/">Formas de manejar el estrés</a>', "Pida ayuda ahora"):
        assert words in article, words
    for words in ("Your week in the program", "Group meets", "Learning group", "Get help now"):
        assert words not in article, words
    # The untranslated module: its English handout, marked.
    assert _resolves(site, "participant-es/schedule", article, "en", r"Sleep and recovery \(fixture\)",
                     "participant/sleep")
    assert "Sleep and recovery (fixture)</a> (en inglés)" in article
    # Linked from its index as the English one is from its own (the navigation's next page), and
    # the English and Spanish pages to each other.
    for folder in ("participant", "participant-es"):
        assert '<link rel="next" href="schedule/">' in (site / folder / "index.html").read_text(encoding="utf-8")
    assert _resolves(site, "participant/schedule", english, "es", "Leer en español", "participant-es/schedule")
    assert _resolves(site, "participant-es/schedule", html, "en", "Read in English", "participant/schedule")


def test_the_spanish_schedule_sheet_is_in_spanish(spanish):
    _, site, _ = spanish
    reader = PdfReader(site / "pdf/participant-es/schedule.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "es" and len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for words in ("Su semana en el programa", "El grupo se reúne 3 tardes a la semana: lunes, miércoles y jueves.",
                  "Grupo de aprendizaje (90 minutos)", "Semana Lunes Miércoles Jueves", "Formas de manejar el estrés",
                  "Sleep and recovery (fixture) (en inglés)", "Pida ayuda ahora", "oprima 2 para hablar en español",
                  "Página 1 de 1"):
        assert words in text, words
    for words in ("Your week", "Group meets", "Learning group", "Get help now", "Page 1"):
        assert words not in text, words
    # The formats the English schedule has: one standard sheet, no large print.
    assert (site / "pdf/participant/schedule.pdf").is_file()
    assert not list(site.glob("pdf/*-large/schedule.pdf"))


def test_the_program_s_staff_notes_never_reach_the_spanish_schedule(spanish):
    """program.yml's notes hold the marker; the build went through the leak gate, and neither
    the Spanish page nor its sheet holds a note."""
    project, site, _ = spanish
    assert MARKER in (project / "curriculum/program.yml").read_text(encoding="utf-8")
    page = (site / "participant-es/schedule/index.html").read_text(encoding="utf-8")
    sheet = " ".join(PdfReader(site / "pdf/participant-es/schedule.pdf").pages[0].extract_text().split())
    for text in (page, sheet):
        assert "Su semana en el programa" in text
        assert MARKER not in text and "staff note" not in text and "sleep diary" not in text


def test_the_leak_gate_reads_the_spanish_schedule(tmp_path):
    """A staff note of program.yml pasted into a block's Spanish title stops the public build,
    naming the Spanish schedule page and sheet."""
    program = PROGRAM.replace(f"    note: {STAFF_NOTE}\n",
                              f"    note: {STAFF_NOTE}\n    title: {{en: Talking group, es: \"{STAFF_NOTE}\"}}\n")
    assert program != PROGRAM
    result = run_build(spanish_project(tmp_path, program=program), "participant", extra_env={"CURRICULUM_PDF": "1"})
    assert result.returncode != 0
    assert "Leak gate" in result.stderr and "curriculum/program.yml" in result.stderr, result.stderr[-2000:]
    assert "participant-es/schedule/index.html" in result.stderr
    assert "pdf/participant-es/schedule.pdf" in result.stderr
    assert "search/search_index.json" in result.stderr  # the public site: its search index too
    assert "participant/schedule/index.html" not in result.stderr  # the English title is the English one


# ---------- Leaks and refusals ----------

@pytest.mark.parametrize("audiences", ["participant", "all"])
def test_the_leak_gate_reads_the_spanish_edition(tmp_path, audiences):
    """A facilitator sentence pasted into a translation is caught in the Spanish pages and PDFs,
    in the public site and in a build of both audiences (where only participant files are read)."""
    staff = f"{MARKER} nested inside a discussion block."
    project = spanish_project(tmp_path, COPING_ES.replace("PALABRA-SOLO-EN-ESPAÑOL.", staff)
                              .format(worksheet=""))
    result = run_build(project, audiences, extra_env={"CURRICULUM_PDF": "1"})
    assert result.returncode != 0
    assert "Leak gate" in result.stderr and "participant-es/coping/index.html" in result.stderr, result.stderr[-2000:]
    assert "pdf/participant-es/coping.pdf" in result.stderr
    assert "pdf/participant-es-large/coping.pdf" in result.stderr and "pdf/participant-workbook-es.pdf" in result.stderr
    if audiences == "participant":  # the public site: every file, the search index among them
        assert "search/search_index.json" in result.stderr
    assert not (project / "site").exists()


def test_a_staff_block_in_a_translation_is_refused_at_its_line(tmp_path):
    body = COPING_ES.format(worksheet="::: facilitator\n\nNota para el personal.\n\n:::")
    project = spanish_project(tmp_path, body)
    result = run_build(project, "participant")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = (project / "curriculum/modules/es/coping.md").read_text(encoding="utf-8").splitlines().index(
        "::: facilitator") + 1
    assert f"curriculum/modules/es/coping.md:{line}: '::: facilitator' is not participant text" in result.stderr


def test_a_stale_translation_is_flagged_noticed_and_refused_by_a_release(tmp_path):
    project = spanish_project(tmp_path)
    english = project / "curriculum/modules/coping.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Breathe in slowly.", "Breathe in slowly, like this."),
                       encoding="utf-8")
    result = run_build(project, "participant", extra_env={"CURRICULUM_TODAY": "2026-11-23",
                                                          "SOURCE_DATE_EPOCH": "1795392000"})  # 2026-11-23
    assert result.returncode == 0, result.stderr  # a warning: the build goes through
    assert "curriculum/modules/es/coping.md:" in result.stderr and "translation is stale" in result.stderr
    html = (project / "site/participant-es/coping/index.html").read_text(encoding="utf-8")
    assert re.search(r'class="cur-stale"[^>]*>Aviso \(2026-11-23\): la hoja original de esta traducción cambió', html)
    curriculum = load.load(project / "curriculum")
    assert curriculum.translation("es", "coping").stale
    errors = validate.validate_release(curriculum, project=project, today=curriculum.modules[0].changelog[0].date,
                                       allow_drafts=True, previous_tag=None)
    assert any("translation is stale" in str(p) and "es/coping.md" in str(p) for p in errors)
    allowed = validate.validate_release(curriculum, project=project, today=curriculum.modules[0].changelog[0].date,
                                        allow_drafts=True, previous_tag=None, allow_stale_translations=True)
    assert not any("stale" in str(p) for p in allowed)


def test_a_draft_translation_is_refused_by_a_release_without_allow_drafts(tmp_path):
    project = spanish_project(tmp_path)
    curriculum = load.load(project / "curriculum")
    errors = validate.validate_release(curriculum, project=project, today=curriculum.modules[0].changelog[0].date,
                                       allow_drafts=False, previous_tag=None)
    assert any("es/coping.md" in str(p) and "reviewed translations only" in str(p) for p in errors)


def test_the_shipped_translations_are_current_and_participant_only():
    from conftest import REPO

    curriculum = load.load(REPO / "curriculum")
    spanish = curriculum.languages["es"]
    assert set(spanish.translations) == {m.id for m in curriculum.modules}
    assert not [t.module_id for t in spanish.translations.values() if t.stale]
    assert all(t.status == "draft" and t.review is None for t in spanish.translations.values())



def test_a_staff_page_quoting_a_translation_fails_closed(tmp_path):
    """Translation text is not subtracted from the staff fingerprints (a translator could paste a
    staff note into one): a staff page quoting a translation stops the public build, naming it."""
    project = spanish_project(tmp_path)
    (project / "docs/staff-spanish.md").write_text(
        "---\nedition: facilitator\n---\n\n# Spanish handouts\n\nWhen a person asks, read this out: "
        "Cuente al grupo cómo le fue en la semana.\n", encoding="utf-8")
    result = run_build(project, "participant")
    assert result.returncode != 0
    assert "docs/staff-spanish.md:" in result.stderr and "participant-es/coping/index.html" in result.stderr
