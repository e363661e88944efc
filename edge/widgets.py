"""A select box whose options are written in Python, byte for byte the HTML of Django's templates.

Django renders every option through `select_option.html` and `attrs.html`: two template renders and a context
per option, which made the ~250 options of the dashboard's filter form about a third of `/auswertung/dichte/`'s
CPU. The options, groups, selection and attributes still come from Django's own `Select.get_context`, so only
the templates are left out.
"""

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # (not in django-stubs)

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """As `django/forms/widgets/attrs.html`: False left out, True as a bare name, None written as "None"."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value) -> str:
    """As a template's `{{ value }}`: in local time, localized, then escaped unless safe."""
    return conditional_escape(localize(template_localtime(value)))


class LeanSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        if self.template_name != SELECT_TEMPLATE or self.option_template_name != OPTION_TEMPLATE:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            parts += [
                # stringformat:'s' in the template: str(), not localized
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
                for option in options
            ]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts).strip())  # noqa: S308 (every value escaped above)
