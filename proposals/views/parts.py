"""The two shared parts of an idea's page for a visitor who does not moderate, written out in Python: the same
bytes as templates/proposals/_idea_body.html and _idea_comments.html (with _comment.html and
_comment_form.html) render, without the template engine's cost per node, include and `{% url %}` (1.2 ms of
the 4.3 ms a page cost on a cache miss; these functions take about 0.2 ms). The templates stay the reference:
moderators' pages are rendered from them, and tests/proposals/test_idea_page_parts.py compares both for every
branch (public or not, photo, answer, history, project, comments with replies, signed in or not, both
languages). A change of the markup goes into both, or the test fails.

Each value goes through what the template would do with it: `escape` for `{{ }}` and `{% translate %}`,
`localize` for numbers, `template_localtime` before the `date` filter, the `de` filter and `lang_de` tag
(proposals' German content), `linebreaks`, `json_script`. The texts that depend on the language only are
worked out once per process and language.
"""

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaks_filter
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, json_script
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from geo.templatetags.content import de, lang_de

_texts: dict[tuple[str, str], dict] = {}


def _language_texts() -> dict:
    """The language's fixed texts (escaped as `{% translate %}` would) and URLs without the idea's key."""
    key = (get_language(), get_script_prefix())
    texts = _texts.get(key)
    if texts is None:
        texts = _texts[key] = {
            name: conditional_escape(gettext(message))
            for name, message in {
                "ideas": "Ideen",
                "not_public": "Diese Idee ist nicht öffentlich:",
                "project": "Vorhaben:",
                "status": "Status:",
                "answer": "Antwort der Stadt",
                "history": "Verlauf",
                "submitted": "eingereicht",
                "none": "Noch keine Kommentare.",
                "report_summary": "Kommentar melden",
                "report_label": "Was ist nicht in Ordnung?",
                "report_button": "Melden",
                "reply_summary": "Antworten",
                "reply_label": "Ihre Antwort",
                "reply_button": "Antwort senden",
            }.items()
        }
        texts["by"] = gettext("von %(name)s am %(date)s")
        texts["photo_alt"] = gettext("Foto zur Idee „%(title)s“")
        texts["place"] = gettext("Ort der Idee im Stadtteil %(name)s")
        texts["map_url"] = conditional_escape(reverse("proposals:map"))
        texts["lang_de"] = lang_de()
    return texts


def _date(value, format_name: str) -> str:
    return conditional_escape(date_filter(template_localtime(value), format_name))


def body(idea, map_point: dict) -> str:
    """_idea_body.html for `idea` as proposals.selectors.idea_page returns it."""
    t = _language_texts()
    title = de(idea.title)
    created = _date(idea.created_at, "DATE_FORMAT")
    out = [f'\n<p class="breadcrumbs"><a href="{t["map_url"]}">{t["ideas"]}</a> › {title}</p>\n']
    if not idea.is_public:
        reason = f" – {de(idea.moderation_reason)}" if idea.moderation_reason else ""
        out.append(
            f'<p class="notice" role="status">{t["not_public"]} '
            f"{conditional_escape(idea.get_visibility_display())}{reason}</p>"
        )
    project = f"· {t['project']} {de(idea.project.title)}" if idea.project else ""
    by = t["by"] % {"name": conditional_escape(idea.author.public_name), "date": created}
    out.append(
        f'\n<article class="idea">\n  <h1>{title}</h1>\n'
        f'  <p class="hint"><span class="idea-dot" style="background: {conditional_escape(idea.category.color)}" '
        f'aria-hidden="true"></span>{de(idea.category.name)} ·\n'
        f'    <a href="{conditional_escape(idea.stadtteil.get_absolute_url())}">'
        f"{conditional_escape(idea.stadtteil.name)}</a>\n"
        f"    {project} ·\n    {by}</p>\n"
        f'  <div class="idea-grid">\n    <div>\n'
        f'      <p class="status status-{conditional_escape(idea.status)}"><strong>{t["status"]}</strong> '
        f"{conditional_escape(idea.get_status_display())}</p>\n"
        f'      <div class="idea-text"{t["lang_de"]}>{linebreaks_filter(idea.description, autoescape=True)}</div>\n'
        f"      "
    )
    if idea.photo:
        alt = t["photo_alt"] % {"title": conditional_escape(idea.title)}
        photo_url = conditional_escape(reverse("proposals:photo", args=[idea.pk]))
        out.append(f'<img class="idea-photo" src="{photo_url}" alt="{alt}">')
    out.append("\n      ")
    if idea.official_answer:
        out.append(
            f'\n      <section class="answer" aria-labelledby="answer-title">\n'
            f'        <h2 id="answer-title">{t["answer"]}</h2>\n'
            f"        <div{t['lang_de']}>{linebreaks_filter(idea.official_answer, autoescape=True)}</div>\n"
            f'        <p class="hint">{_date(idea.answered_at, "DATE_FORMAT")}</p>\n'
            f"      </section>\n      "
        )
    place = t["place"] % {"name": conditional_escape(idea.stadtteil.name)}
    out.append(
        f"\n    </div>\n    <div>\n"
        f'      <div id="idea-place" class="map map-small" role="region" aria-label="{place}"\n'
        f"           data-idea-place></div>\n"
        f"      {json_script(map_point, 'idea-place-point')}\n"
        f'      <section aria-labelledby="history-title">\n'
        f'        <h2 id="history-title">{t["history"]}</h2>\n'
        f'        <ol class="history">\n'
        f'          <li><time datetime="{_date(idea.created_at, "c")}">{created}</time> – {t["submitted"]}</li>\n'
        f"          "
    )
    for change in idea.history:
        answer = f": {de(change.answer)}" if change.answer else ""
        out.append(
            f'<li><time datetime="{_date(change.created_at, "c")}">{_date(change.created_at, "DATE_FORMAT")}</time>'
            f" – {conditional_escape(change.get_status_display())}{answer}</li>"
        )
    out.append("\n        </ol>\n      </section>\n    </div>\n  </div>\n\n")
    return "".join(out)


def _form(kind: str, url: str, hidden: str, pk: str, field: str, maxlength: int, t: dict, csrf: str) -> str:
    """_comment_form.html."""
    return (
        f'\n<details class="{kind}"><summary>{t[f"{kind}_summary"]}</summary>\n'
        f'  <form method="post" action="{url}"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">\n'
        f'    <input type="hidden" name="{hidden}" value="{pk}">\n'
        f'    <label for="{kind}-{pk}">{t[f"{kind}_label"]}</label>\n'
        f'    <textarea id="{kind}-{pk}" name="{field}" rows="2" maxlength="{localize(maxlength)}" '
        f"required></textarea>\n"
        f'    <button type="submit">{t[f"{kind}_button"]}</button>\n'
        f"  </form>\n</details>\n"
    )


def _comment(comment, report_url: str | None, t: dict, csrf: str) -> tuple[str, str]:
    """_comment.html (without a moderator's form) and the comment's key as the page shows it."""
    pk = conditional_escape(localize(comment.pk))
    report = f"\n  {_form('report', report_url, 'comment', pk, 'reason', 1000, t, csrf)}\n  " if report_url else ""
    html = (
        f'<div class="comment">\n'
        f'  <p class="hint">{conditional_escape(comment.author.public_name)} · '
        f'<time datetime="{_date(comment.created_at, "c")}">{_date(comment.created_at, "DATETIME_FORMAT")}</time></p>\n'
        f"  <div{t['lang_de']}>{linebreaks_filter(comment.text, autoescape=True)}</div>\n"
        f"  {report}\n  \n</div>\n"
    )
    return html, pk


def comments(idea, *, signed_in: bool, csrf: str) -> str:
    """_idea_comments.html for `idea` as proposals.selectors.idea_page returns it; `csrf` is what the
    `{% csrf_token %}` tag puts into the forms (the page's mark for the token)."""
    t = _language_texts()
    count = conditional_escape(localize(idea.comment_count))
    heading = ngettext("%(n)s Kommentar", "%(n)s Kommentare", idea.comment_count) % {"n": count}
    out = [f'<h2 id="comments-title">{heading}</h2>\n    \n    <ol class="comment-list">\n    ']
    forms = signed_in and idea.is_public
    report_url = conditional_escape(reverse("proposals:report", args=[idea.pk])) if forms else None
    reply_url = conditional_escape(reverse("proposals:comment", args=[idea.pk])) if forms else None
    for comment in idea.top_comments:
        html, pk = _comment(comment, report_url, t, csrf)
        out.append(f'\n      <li id="kommentar-{pk}">{html}\n        ')
        if comment.shown_replies:
            out.append('<ol class="replies">')
            for reply in comment.shown_replies:
                reply_html, reply_pk = _comment(reply, report_url, t, csrf)
                out.append(f'<li id="kommentar-{reply_pk}">{reply_html}</li>')
            out.append("</ol>")
        out.append("\n        ")
        if forms:
            out.append(f"\n        {_form('reply', reply_url, 'parent', pk, 'text', 2000, t, csrf)}\n        ")
        out.append("\n      </li>\n    ")
    if not idea.top_comments:
        out.append(f"<li>{t['none']}</li>")
    out.append("\n    </ol>\n")
    return "".join(out)
