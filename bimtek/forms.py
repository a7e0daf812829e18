"""The base form: CSRF from Flask-WTF, library messages in Bahasa Indonesia."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext, ngettext
from flask_wtf import FlaskForm


class _IndonesianTranslations:
    """Route WTForms' English messages through our catalogue (WTForms ships no Indonesian)."""

    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n)


class BimtekForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _IndonesianTranslations()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Flask-WTF raises its CSRF messages in English without translating them.
        if csrf_field := getattr(self, "csrf_token", None):
            csrf_field.errors = [gettext(message) for message in csrf_field.errors]
        return valid


def flash_form_errors(form: FlaskForm) -> None:
    """Flash every validation message of a form posted from a page that does not re-show it."""
    for errors in form.errors.values():
        for message in errors:
            flash(message, "error")
