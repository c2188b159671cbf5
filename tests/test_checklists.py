"""Checklist boxes get their item's text as their label (iopcurriculum.checklists)."""
import markdown

from iopcurriculum.checklists import label_checkboxes


def tasklist_html(text: str) -> str:
    return markdown.markdown(text, extensions=["pymdownx.tasklist"], extension_configs={
        "pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True}})


def test_item_text_moves_inside_the_label():
    html = label_checkboxes(tasklist_html("- [ ] I will **not** use alone.\n- [x] Done already\n"))
    assert ('<span class="task-list-indicator"></span> I will <strong>not</strong> use alone.</label></li>'
            in html)
    assert '<input type="checkbox" checked/><span class="task-list-indicator"></span> Done already</label>' in html
    assert "</label> " not in html


def test_nested_lists_and_loose_items_stay_outside_the_label():
    source = "- [ ] Call my sponsor\n\n    - their number is on my phone\n\n- [ ] Go to a meeting\n"
    html = label_checkboxes(tasklist_html(source))
    assert "Call my sponsor</label>" in html
    assert "Go to a meeting</label>" in html
    label = html[html.index("<label"):html.index("</label>")]
    assert "<ul" not in label and "their number" not in label


def test_other_html_is_left_alone():
    html = '<p>No checklist here.</p><label class="task-list-control"><input type="checkbox"/>' \
           '<span class="task-list-indicator"></span></label></li>'
    assert label_checkboxes("<p>No checklist here.</p>") == "<p>No checklist here.</p>"
    assert label_checkboxes(html) == html  # a box with no text keeps its empty label
