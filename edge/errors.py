"""A service's ValidationError as the caller's error: on a form (at its field), as messages on the next page, or
as an API's 400 body."""

from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms import Form
from rest_framework.exceptions import ValidationError


def add_service_errors(form: Form, error: DjangoValidationError) -> None:
    """Known fields get their messages at the field, the rest (phase, feature, project) on top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


def message_service_errors(request, error: DjangoValidationError) -> None:
    """Each message as an error on the page the view redirects to (a button without a form of its own)."""
    for message in error.messages:
        messages.error(request, message)


@contextmanager
def errors_on(form: Form, put: Callable[[Form, DjangoValidationError], None] = add_service_errors):
    """A view's service call with its success path (message, redirect) in the block: a ValidationError ends the
    block and goes onto the form by `put(form, error)`, and the view renders the form again."""
    try:
        yield
    except DjangoValidationError as error:
        put(form, error)


@contextmanager
def errors_as_messages(request):
    """The same for a button without a form of its own: a ValidationError ends the block as error messages, and
    the view redirects either way."""
    try:
        yield
    except DjangoValidationError as error:
        message_service_errors(request, error)


def api_error(error: DjangoValidationError) -> ValidationError:
    """The same error as DRF's 400 body keyed by field (or {"detail": [...]} without fields)."""
    detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    return ValidationError(detail)


def service_errors(fn):
    """For API methods: Django ValidationErrors of the services become 400 bodies keyed by field."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DjangoValidationError as error:
            raise api_error(error) from error

    return wrapper
