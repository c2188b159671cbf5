"""Edition selection works on the parsed tree, without MkDocs."""
import markdown
import pytest

from conftest import FIXTURES, MARKER
from iopcurriculum import edition as ed
from iopcurriculum import load, options, pages, web
from iopcurriculum.structure import walk

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.tasklist"]


@pytest.fixture(scope="module")
def curriculum():
    return load.load(FIXTURES / "basic" / "curriculum")


def render(nodes, edition):
    """One edition's Markdown: the tree filtered for it, then rendered for the screen."""
    return web.render(ed.select(nodes, (edition,)), edition)


def test_selected_editions():
    assert options.read({}).audiences == ("facilitator", "participant")
    assert options.read({"CURRICULUM_EDITION": " Participant "}).audiences == ("participant",)
    # The participant editions in each language curriculum.yml lists; English always.
    assert ed.for_build(("facilitator", "participant"), ()) == ("facilitator", "participant")
    assert ed.for_build(("participant",), ("es",)) == ("participant", "participant-es")
    assert ed.for_build(("facilitator",), ("es",)) == ("facilitator",)
    with pytest.raises(options.OptionError, match="CURRICULUM_EDITION='staff' is not an edition: use all, "
                                                  "facilitator or participant"):
        options.read({"CURRICULUM_EDITION": "staff"})


def test_every_bad_option_is_named_at_once():
    with pytest.raises(options.OptionError) as err:
        options.read({"CURRICULUM_EDITION": "staff", "CURRICULUM_TODAY": "soon", "CURRICULUM_PDF": "maybe"})
    assert str(err.value) == ("CURRICULUM_EDITION='staff' is not an edition: use all, facilitator or participant; "
                              "CURRICULUM_PDF='maybe' is not a yes or no: use 1 or 0; "
                              "CURRICULUM_TODAY='soon' is not a date written YYYY-MM-DD")


def test_select_drops_what_an_edition_does_not_see_and_keeps_the_source(curriculum):
    module = curriculum.module("coping")
    kept = ed.select(module.body, (ed.PARTICIPANT,))
    types = lambda nodes: [b.type for b in walk(nodes)]
    assert "facilitator" not in types(kept) and "script" not in types(kept) and "participant" in types(kept)
    assert "facilitator" in types(module.body)  # the source tree is unchanged


def test_participant_edition_drops_facilitator_blocks_and_timing(curriculum):
    module = curriculum.module("coping")
    text = render(module.body, ed.PARTICIPANT)
    assert MARKER not in text
    assert "PARTICIPANT-ONLY-SENTENCE" in text
    assert "minutes" not in text
    assert "Breathe in slowly" in text and "When do you feel stress" in text


def test_facilitator_edition_keeps_every_facilitator_block(curriculum):
    module = curriculum.module("coping")
    text = render(module.body, ed.FACILITATOR)
    source = module.path.read_text()
    assert text.count(MARKER) == source.count(MARKER) == 4
    assert "PARTICIPANT-ONLY-SENTENCE" not in text
    assert '<p class="cur-timing">35 min · starts 0:10</p>' in text


def test_worksheet_write_in_spaces(curriculum):
    html = markdown.markdown(render(curriculum.module("coping").body, ed.PARTICIPANT), extensions=EXTENSIONS)
    assert 'aria-label="Your answer: What helps you calm down?"' in html
    assert 'style="--cur-lines: 2"' in html and 'style="--cur-lines: 1"' in html
    assert "<p>2. Who can you call?</p>" in html  # numbering kept, not restarted
    staff = markdown.markdown(render(curriculum.module("coping").body, ed.FACILITATOR), extensions=EXTENSIONS)
    assert "<textarea" not in staff


def test_worksheet_without_write_in_lines_still_has_room(tmp_path):
    from iopcurriculum.blocks import parse_body
    from iopcurriculum.problems import Problems

    nodes = parse_body(["::: worksheet", "List three people.", ":::"], 1, Problems("x"))
    assert 'aria-label="Your answer: Notes"' in render(nodes, ed.PARTICIPANT)


def test_session_plan_table(curriculum):
    plan = pages.session_plan(curriculum.module("coping"))
    assert "| 1 | [Check-in](#check-in) | 10 | 0:00 |" in plan
    assert "| 2 | [Calm breathing](#calm-breathing) | 35 | 0:10 |" in plan
    assert "| 3 | [Check-out](#check-out) | 15 | 0:45 |" in plan
    assert "| | **Total** | **60** | 1:00 end |" in plan


def test_pages_per_edition(curriculum):
    uris = [p.src_uri for p in pages.build_pages(curriculum, ("participant",))]
    assert uris == ["participant/index.md", "participant/coping.md", "participant/sleep.md"]
    both = pages.build_pages(curriculum, ed.EDITIONS)
    staff = next(p for p in both if p.src_uri == "facilitator/coping.md").markdown
    assert "(../participant/coping.md)" in staff
    alone = next(p for p in pages.build_pages(curriculum, ("facilitator",)) if p.src_uri == "facilitator/coping.md")
    assert "../participant/" not in alone.markdown  # no link to pages that are not built


def test_html_comments_never_reach_an_edition():
    from iopcurriculum.blocks import parse_body
    from iopcurriculum.problems import Problems

    source = ['Some people say "addict". <!-- allow "addict": SECRET-REASON -->', "<!-- STAFF-NOTE",
              "still STAFF-NOTE -->", "Visible after.", "```html", "<!-- shown as code -->", "```"]
    nodes = parse_body(source, 1, Problems("x"))
    for edition in ed.EDITIONS:
        text = render(nodes, edition)
        assert "SECRET-REASON" not in text and "STAFF-NOTE" not in text
        assert 'Some people say "addict".' in text and "Visible after." in text
        assert "<!-- shown as code -->" in text  # code examples keep their comments


def test_script_block_is_staff_only_and_set_apart(curriculum):
    module = curriculum.module("coping")
    staff = render(module.body, ed.FACILITATOR)
    assert 'class="admonition quote cur-script"' in staff and "Read aloud" in staff
    assert "read aloud from a script block" in staff
    handout = render(module.body, ed.PARTICIPANT)
    assert "cur-script" not in handout and "read aloud from a script block" not in handout
