"""An error summary that form-page.js focuses is said once: the focus reads it, so it carries no
role=alert (focus and an alert together make a screen reader say it twice; GOV.UK's error summary
dropped the role for the same reason)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TAG = re.compile(r"<[a-z]+\b[^>]*>", re.DOTALL)


def test_no_focused_error_summary_is_also_an_alert():
    both = [
        f"{path.relative_to(TEMPLATES)}"
        for path in TEMPLATES.rglob("*.html")
        for tag in TAG.findall(path.read_text(encoding="utf-8"))
        if 'id="error-summary"' in tag and 'role="alert"' in tag
    ]
    assert both == []


def test_the_scan_finds_a_focused_alert(tmp_path):
    tag = '<div class="error-summary" role="alert" tabindex="-1" id="error-summary">'
    assert any('id="error-summary"' in t and 'role="alert"' in t for t in TAG.findall(tag))
