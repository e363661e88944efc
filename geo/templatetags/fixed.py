"""`{% fixed "name" %}…{% endfixed %}`: a part of a template that is the same on every page in one language (the
navigation, the footer, an empty form field), rendered once per process and language instead of on every
request. Only for parts whose output depends on nothing but the language, the settings and the URL
configuration: no user, no request, no object (docs/performance.md, "Signed in"). A changed setting (tests)
empties the memory.
"""

from django import template
from django.core.signals import setting_changed
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()
_rendered: dict[tuple[str, str | None], str] = {}


def forget(**_kwargs) -> None:
    _rendered.clear()


setting_changed.connect(forget, dispatch_uid="fixed-fragments-forget")


class FixedNode(template.Node):
    child_nodelists = ()  # {% extends %} looks for blocks on every render: none can be in here

    def __init__(self, name: str, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context) -> str:
        key = (self.name, get_language())
        text = _rendered.get(key)
        if text is None:
            text = _rendered[key] = self.nodelist.render(context)
        return mark_safe(text)  # noqa: S308 (the template's own output, escaped when it was rendered)


@register.tag
def fixed(parser, token):
    try:
        _tag, name = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError('{% fixed "name" %} takes one name') from error
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(name.strip("\"'"), nodelist)
