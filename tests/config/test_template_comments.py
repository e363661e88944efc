"""A `{# … #}` comment ends on its own line in Django's templates: one spread over several lines is not a
comment but text, shown on the page (the idea page and every form showed theirs). Longer notes use
{% comment %}."""

from pathlib import Path

from django.conf import settings


def test_no_template_comment_spans_lines():
    root = Path(settings.BASE_DIR)
    spread = []
    for path in root.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            opened = line.rfind("{#")
            if opened >= 0 and "#}" not in line[opened:]:
                spread.append(f"{path.relative_to(root)}:{number}")
    assert spread == []
