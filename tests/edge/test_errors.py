"""A service's ValidationError in a view: the rest of the block (success message, redirect) is skipped."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from edge.errors import errors_as_messages, errors_on


class TitleForm(forms.Form):
    title = forms.CharField()


def _service(error: ValidationError | None = None) -> None:
    if error is not None:
        raise error


def test_errors_on_puts_field_errors_at_the_field_and_skips_the_rest():
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    done = []
    with errors_on(form):
        _service(ValidationError({"title": "Zu kurz.", "phase": "Geschlossen."}))
        done.append("success")
    assert done == []
    assert form.errors["title"] == ["Zu kurz."]
    assert form.non_field_errors() == ["Geschlossen."]


def test_errors_on_leaves_the_form_alone_without_an_error():
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    done = []
    with errors_on(form):
        _service()
        done.append("success")
    assert done == ["success"]
    assert not form.errors


def test_errors_as_messages_gives_each_message():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    with errors_as_messages(request):
        _service(ValidationError(["Erstens.", "Zweitens."]))
    assert [m.message for m in get_messages(request)] == ["Erstens.", "Zweitens."]


def test_errors_on_takes_the_app_s_own_placement():
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    placed = []
    with errors_on(form, lambda form_, error: placed.append((form_, error.messages))):
        _service(ValidationError({"title": "Zu kurz."}))
    assert placed == [(form, ["Zu kurz."])]
    assert not form.errors


def test_other_errors_go_through_both_untouched():
    """Only a ValidationError is the caller's error: a refused permission (a service's require) stays a 403, not
    a form error or a message."""
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    with pytest.raises(PermissionDenied), errors_on(form):
        raise PermissionDenied
    assert not form.errors
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    with pytest.raises(PermissionDenied), errors_as_messages(request):
        raise PermissionDenied
    assert list(get_messages(request)) == []
