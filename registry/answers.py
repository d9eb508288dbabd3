"""The answers of a stored registration in the shape RegistrationForm.cleaned_data has.

"Answers" are a dict: text answers as strings, multi-choice answers as lists of option values,
prefecture answers as lists of Prefecture. registry.questions shows them to people.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .questions import FLAG_ANSWERS, PREFECTURE_ANSWERS, TEXT_ANSWERS, Answers, options

if TYPE_CHECKING:
    from portal.models import Prefecture

    from .models import Registration

__all__ = ["ANSWER_FIELDS", "Answers", "answers_from_values", "registration_answers"]

# The model fields the answers are read from (the prefectures are relations, read apart).
ANSWER_FIELDS = [
    *TEXT_ANSWERS,
    *(value for choices in FLAG_ANSWERS.values() for value, _ in options(choices)),
]


def registration_answers(
    registration: "Registration", prefectures: "Mapping[str, list[Prefecture]] | None" = None
) -> Answers:
    """A stored registration's answers.

    `prefectures` may give {"base_prefectures": [...], "dispatch_prefectures": [...]} when the
    caller has loaded them already; otherwise the two relations are read (prefetch them for lists).
    """
    if prefectures is None:
        prefectures = {name: list(getattr(registration, name).all()) for name in PREFECTURE_ANSWERS}
    values = {name: getattr(registration, name) for name in ANSWER_FIELDS}
    return answers_from_values(values, prefectures)


def answers_from_values(
    values: Mapping[str, Any], prefectures: "Mapping[str, list[Prefecture]]"
) -> Answers:
    """The same answers from a registration's field values (a `values(*ANSWER_FIELDS)` row) and
    its prefectures, for lists of thousands that need no model instances (the exports)."""
    answers = {name: values[name] for name in TEXT_ANSWERS}
    for name, choices in FLAG_ANSWERS.items():
        answers[name] = [value for value, _ in options(choices) if values[value]]
    answers.update(prefectures)
    return answers


def registration_form_initial(registration: "Registration") -> Answers:
    """A stored registration as the questionnaire's initial values (the admin and edit forms)."""
    initial = registration_answers(registration)
    for name in PREFECTURE_ANSWERS:
        initial[name] = [prefecture.pk for prefecture in initial[name]]
    return initial
