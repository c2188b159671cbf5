"""Quality checks of the Spanish translations (modules/es/<id>.md): reading level with the
Spanish formulas (Fernández-Huerta, Szigriszt-Pazos) and the Spanish word list
(hooks/iopcurriculum/data/language-es.yml), reported at the translation's own path:line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import textstat
import yaml
from textstat.textstat import textstatistics
from conftest import REPO
from test_quality import make_curriculum

from iopcurriculum import cli, load, quality
from iopcurriculum.problems import ERROR, WARNING, Problems
from iopcurriculum.quality import language, readability
from iopcurriculum.quality import report as quality_report
from iopcurriculum.translations import source_hash

PATH = "curriculum/modules/es/good.md"
EASY = """
::: activity minutes=10 title="Para empezar"

Diga su nombre. Diga cómo se siente hoy. Si quiere, puede pasar.

Hoy vamos a hablar de su plan. Cada día es un paso. Usted no está solo.

:::
"""
HARD = """
::: activity minutes=10 title="Para empezar"

La neuroadaptación progresiva compromete considerablemente las capacidades regulatorias inhibitorias.

Consecuentemente, la autorregulación conductual subsiguiente experimenta modificaciones extraordinariamente significativas.

Usted puede pedir ayuda.

:::
"""


def spanish(tmp: Path, body: str, limits: str = "") -> Path:
    """The quality fixture with a Spanish translation of its good module, whose body is `body`
    (the body starts at line 14). `limits`: languages.es.quality lines of curriculum.yml."""
    root = make_curriculum(tmp)
    yml = root / "curriculum.yml"
    yml.write_text(yml.read_text() + "languages:\n  es:\n    crisis_resources:\n"
                   "      - name: Línea 988\n        how: Llame al 988.\n" + limits)
    module = load.load(root).modules[0]
    front = {"id": "good", "language": "es", "status": "draft", "version": "0.1.0",
             "translates": {"version": module.version, "hash": source_hash(module)},
             "title": "Calma", "summary": "Practicamos dos formas de estar en calma.", "objectives": ["Una."]}
    (root / "modules" / "es").mkdir()
    (root / "modules" / "es" / "good.md").write_text(
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")
    return root


def findings(report, level: str | None = None) -> list[str]:
    return [f"{p.line}: {p.message}" for p in report.problems
            if p.path == PATH and (level is None or p.level == level)]


# --- reading level --------------------------------------------------------------------------

def test_easy_translation_passes(tmp_path):
    report = quality.run(load.load(spanish(tmp_path, EASY)))
    assert report.problems == []
    [row] = report.translation_rows()
    assert row["id"] == "good" and row["language"] == "es" and row["path"] == PATH
    assert row["fernandez_huerta"] >= 70 and row["szigriszt_pazos"] >= 65, row


def test_hard_translation_warns_with_its_hardest_sentences(tmp_path):
    report = quality.run(load.load(spanish(tmp_path, HARD)))
    [warning] = findings(report, WARNING)
    assert warning.startswith("None: translation 'es/good': the participant handout reads below the limit: "
                              "Fernández-Huerta ")
    assert "(limit 70) and Szigriszt-Pazos " in warning and "(limit 65)" in warning
    # The two long sentences first, at their own lines, scored on the Spanish scale.
    hardest = warning.split("Hardest sentences: ")[1]
    assert hardest.startswith('line 19: "Consecuentemente, la autorregulación')
    assert '; line 17: "La neuroadaptación progresiva' in hardest and "(Fernández-Huerta " in hardest
    [row] = report.translation_rows()
    assert row["fernandez_huerta"] < 70 and row["szigriszt_pazos"] < 65 and row["warnings"] == 1
    # A release refuses it, as it refuses an English handout over the limit.
    released = quality.run(load.load(spanish(tmp_path / "release", HARD)), release=True)
    assert [p.level for p in released.problems if p.path == PATH] == [ERROR]


def test_thresholds_come_from_languages_in_curriculum_yml(tmp_path):
    root = spanish(tmp_path, EASY, "    quality:\n      min_fernandez_huerta: 120\n")
    [warning] = findings(quality.run(load.load(root)))
    assert "Fernández-Huerta" in warning and "(limit 120)" in warning and "Szigriszt-Pazos" not in warning
    root = spanish(tmp_path / "sp", EASY, "    quality:\n      min_szigriszt_pazos: 120\n")
    [warning] = findings(quality.run(load.load(root)))
    assert "Szigriszt-Pazos" in warning and "(limit 120)" in warning and "reads below the limit: Fernández" not in warning


def test_spanish_measure_leaves_english_measured_in_english():
    english = "Neuroadaptation progressively compromises inhibitory regulatory capabilities."
    before = textstat.flesch_kincaid_grade(english)
    spanish_score = readability.FERNANDEZ_HUERTA.formula("La neuroadaptación progresiva compromete las capacidades.")
    assert textstat.flesch_kincaid_grade(english) == before
    assert readability.FK.formula(english) == before
    # The Spanish instance really counts Spanish syllables: English rules give another score.
    assert textstat.fernandez_huerta("La neuroadaptación progresiva compromete las capacidades.") != spanish_score


def test_english_checks_unchanged_beside_a_translation(tmp_path):
    report = quality.run(load.load(spanish(tmp_path, HARD)))
    alone = quality.run(load.load(make_curriculum(tmp_path / "alone")))
    [module] = report.modules
    joined = " ".join(s.text for s in readability.prose_sentences(module.module))
    english = textstatistics()  # a new instance is English, whatever the shared one was set to
    assert module.reading.scores == {"fk_grade": round(english.flesch_kincaid_grade(joined), 1),
                                     "smog": round(english.smog_index(joined), 1)}
    assert [m.reading.scores for m in alone.modules] == [module.reading.scores]
    assert [p for p in report.problems if p.path != PATH] == alone.problems == []
    # After a run that measured Spanish, the shared instance still counts English syllables
    # (a text not measured before: textstat caches its results).
    probe = "Everybody remembers unbelievable opportunities differently."
    assert textstat.flesch_kincaid_grade(probe) == english.flesch_kincaid_grade(probe)


# --- person-first language ------------------------------------------------------------------

@pytest.fixture(scope="module")
def spanish_words(tmp_path_factory):
    root = spanish(tmp_path_factory.mktemp("es-words"), EASY)
    words = language.load_list(load.load(root), lambda path: Problems(path), "es")
    assert words.source == "the built-in list (es)"
    return words


def check_text(text: str, words: language.LanguageList) -> list[str]:
    problems = Problems("x.md")
    found = language._check_lines(list(enumerate(text.splitlines(), 1)), words, problems, allow=True)
    assert problems.items == []
    return [f"{f.line}:{f.found}:{f.term.term}" for f in found]


FLAGGED = [
    ("Mi hermano es un adicto.", "adicto:adicto"),
    ("Las ADICTAS merecen respeto.", "ADICTAS:adicto"),
    ("Era drogadicto.", "drogadicto:drogadicto"),
    ("Lo llamaban toxicómano.", "toxicómano:toxicómano"),
    ("Es un ex adicto.", "ex adicto:ex adicto"),  # one finding, not two
    ("Él es alcohólico.", "alcohólico:alcohólico"),
    ("Su madre era alcoholica.", "alcoholica:alcohólico"),  # without its accent
    ("Le decían yonqui.", "yonqui:yonqui"),
    ("Hablamos del abuso de sustancias.", "abuso de sustancias:abuso de sustancias"),
    ("El abuso del alcohol daña el hígado.", "abuso del alcohol:abuso de sustancias"),
    ("Lo llamaba abusador de drogas.", "abusador de drogas:abusador de drogas"),
    ("La drogadicción es una enfermedad.", "drogadicción:drogadicción"),
    ("Para él era un vicio.", "vicio:vicio"),
    ("Tenía un hábito de drogas.", "hábito de drogas:hábito de drogas"),
    ("Tiene problemas con el alcohol.", "problemas con el alcohol:problema de drogas"),
    ("Llevo seis meses limpio.", "meses limpio:limpio (sin consumir)"),
    ("Quiero estar limpia.", "estar limpia:limpio (sin consumir)"),
    ("Volví a estar sucio.", "Volví a estar sucio:sucio (consumiendo)"),
    ("Tuvo una prueba limpia.", "prueba limpia:limpio (resultado de una prueba)"),
    ("Su prueba de orina salió limpia.", "salió limpia:limpio (resultado de una prueba)"),
    ("Una prueba sucia no es un fracaso.", "prueba sucia:sucio (resultado de una prueba)"),
    ("La terapia de reemplazo ayuda.", "terapia de reemplazo:terapia de reemplazo"),
]


@pytest.mark.parametrize("text, flagged", FLAGGED)
def test_spanish_word_list_flags(spanish_words, text, flagged):
    assert check_text(text, spanish_words) == [f"1:{flagged}"]


@pytest.mark.parametrize("text", [
    "Evite las bebidas alcohólicas.",
    "Elija una bebida no alcohólica.",
    "Va a Alcohólicos Anónimos los lunes.",
    "Va a Alcoholicos Anonimos los lunes.",  # the name without its accents
    "Va a Alcoholics Anonymous (AA).",
    "El Instituto Nacional sobre el Abuso de Drogas tiene una guía.",
    "La nicotina es adictiva.",
    "Es un círculo vicioso.",
    "Habló de violencia o abuso sexual.",
    "La cocina está limpia.",
    "Es un hábito, y los hábitos pueden cambiar.",
    'Él dijo: "yo era un adicto".',  # a quotation
])
def test_spanish_word_list_allows(spanish_words, text):
    assert check_text(text, spanish_words) == []


def test_every_spanish_term_has_an_example(spanish_words):
    assert {f.split(":")[1] for _, f in FLAGGED} == {t.term for t in spanish_words.terms}


def test_words_to_avoid_in_a_translation_are_errors_at_their_lines(tmp_path):
    body = ("\n::: activity minutes=10 title=\"Para empezar\"\n\n"
            "Usted no es un adicto.\n"  # line 17
            "Evite las bebidas alcohólicas. Vaya a Alcohólicos Anónimos.\n"
            "Su prueba salió limpia.\n"  # line 19
            "Un alcohólico puede cambiar. <!-- allow \"alcohólico\": la palabra que la persona usa -->\n\n:::\n")
    report = quality.run(load.load(spanish(tmp_path, body)))
    assert findings(report, ERROR) == [
        '17: person-first language: "adicto"; write instead: persona con un trastorno por consumo de sustancias; '
        'persona que consume drogas',
        '19: person-first language: "salió limpia" (listed as "limpio (resultado de una prueba)"); write instead: '
        'negativo (resultado de una prueba)',
    ]
    assert report.translation_rows()[0]["language_findings"] == 2


def test_curriculum_language_es_yml_replaces_the_built_in_list(tmp_path):
    root = spanish(tmp_path, "\nUsted no es un adicto, ni un borracho.\n")
    (root / "language-es.yml").write_text("terms:\n  - term: borracho\n    use: persona que bebe\n")
    report = quality.run(load.load(root))
    assert report.language_lists == {"es": "curriculum/language-es.yml"}
    assert findings(report, ERROR) == ['15: person-first language: "borracho"; write instead: persona que bebe']


# --- the report: command line, JSON, health page --------------------------------------------

def test_check_command_and_health_page_list_translations(tmp_path, capsys):
    root = spanish(tmp_path, HARD)
    assert cli.main(["check", "--root", str(root)]) == 0  # a warning only
    out = capsys.readouterr().out
    assert "Translation  Status  Stale  Fernández-Huerta  Szigriszt-Pazos  Language  Errors  Warnings" in out
    assert any(line.startswith("good         draft   -      ") for line in out.splitlines()), out
    assert "Translations (es): reading level limits Fernández-Huerta at least 70, Szigriszt-Pazos at least 65" in out
    assert f"warning: {PATH}: translation 'es/good': the participant handout reads below the limit" in out
    assert cli.main(["check", "--root", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["translation_thresholds"] == {"es": {"min_fernandez_huerta": 70, "min_szigriszt_pazos": 65}}
    assert [(t["id"], t["language"], t["warnings"]) for t in data["translations"]] == [("good", "es", 1)]
    page = quality_report.health_markdown(quality.run(load.load(root)), __import__("datetime").date(2026, 11, 23))
    assert "## Translations (es)" in page and "| Calma (good) | draft | - |" in page
    assert f"- **warning** `{PATH}`: translation 'es/good'" in page


# --- the curriculum's own translations ------------------------------------------------------

def test_every_spanish_translation_of_the_curriculum_is_measured_and_checked():
    report = quality.run(load.load(REPO / "curriculum"))
    ids = {p.stem for p in (REPO / "curriculum" / "modules" / "es").glob("*.md")}
    assert {t["id"] for t in report.translation_rows()} == ids and ids
    limits = report.language_thresholds["es"]
    for row in report.translation_rows():
        assert row["fernandez_huerta"] >= limits["min_fernandez_huerta"], row
        assert row["szigriszt_pazos"] >= limits["min_szigriszt_pazos"], row
        assert row["language_findings"] == 0 and row["errors"] == row["warnings"] == 0, row


def test_a_language_without_formulas_is_not_measured(tmp_path, monkeypatch, capsys):
    monkeypatch.delitem(readability.MEASURES, "es")
    root = spanish(tmp_path, HARD)
    report = quality.run(load.load(root))
    assert report.problems == [] and report.language_thresholds == {}
    [row] = report.translation_rows()
    assert "fernandez_huerta" not in row and row["warnings"] == 0
    assert cli.main(["check", "--root", str(root)]) == 0
    assert "Translations (es): reading level limits not measured" in capsys.readouterr().out


def test_build_logs_a_translation_finding_as_a_warning(tmp_path):
    import shutil

    from conftest import make_project, run_build
    from test_quality import QUALITY

    project = make_project(tmp_path, spanish(tmp_path / "src", HARD))
    shutil.copytree(QUALITY / "docs" / "images", project / "docs" / "images")
    result = run_build(project)
    assert f"WARNING -  {PATH}: translation 'es/good': the participant handout reads below the limit" in result.stderr
    assert result.returncode != 0 and "Traceback" not in result.stderr  # mkdocs.yml: strict: true
