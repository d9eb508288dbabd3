"""The answers of a stored registration in the shape RegistrationForm.cleaned_data has.

"Answers" are a dict: text answers as strings, multi-choice answers as lists of option values,
prefecture answers as lists of Prefecture. registry.questions shows them to people.
"""

from .questions import FLAG_ANSWERS, PREFECTURE_ANSWERS, TEXT_ANSWERS, options


def registration_answers(registration, prefectures=None):
    """A stored registration's answers.

    `prefectures` may give {"base_prefectures": [...], "dispatch_prefectures": [...]} when the
    caller has loaded them already; otherwise the two relations are read (prefetch them for lists).
    """
    answers = {name: getattr(registration, name) for name in TEXT_ANSWERS}
    for name, choices in FLAG_ANSWERS.items():
        answers[name] = [value for value, _ in options(choices) if getattr(registration, value)]
    for name in PREFECTURE_ANSWERS:
        answers[name] = (
            prefectures[name]
            if prefectures is not None
            else list(getattr(registration, name).all())
        )
    return answers


def registration_form_initial(registration):
    """A stored registration as the questionnaire's initial values (the admin and edit forms)."""
    initial = registration_answers(registration)
    for name in PREFECTURE_ANSWERS:
        initial[name] = [prefecture.pk for prefecture in initial[name]]
    return initial
