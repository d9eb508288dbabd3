"""What portal derives from an app's entry declarations: the mails of an entry, the reconfirmation's
names (salts and pages that sent links depend on), and 総務省's panel of an entry model."""

import pytest
from django.urls import reverse

from portal.home import review_parts
from portal.mail_texts import ENTRY_LINKS_REQUIRED, entry_mail_queue, mail_kinds
from portal.models import MailText
from portal.review import review_kind_of
from registry.models import OutgoingMail, ReconfirmationRequest, ReconfirmationRound, Registration
from registry.reconfirmation import RECONFIRMATION as REGISTRY_RECONFIRMATION
from talent.models import (
    Specialist,
    SpecialistMail,
    SpecialistReconfirmationRequest,
    SpecialistReconfirmationRound,
)
from talent.reconfirmation import RECONFIRMATION as TALENT_RECONFIRMATION
from tests.factories import make_registration, make_specialist, reviewed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "outbox", "field"),
    [
        (make_registration, OutgoingMail, "registration"),
        (make_specialist, SpecialistMail, "specialist"),
    ],
)
def test_an_entry_mail_is_the_apps_text_to_the_entrys_address_in_the_apps_outbox(
    make, outbox, field, django_capture_on_commit_callbacks
):
    entry = make()
    app = outbox._meta.app_label
    MailText.objects.filter(key=f"{app}.withdrawn").update(
        subject=f"取下げ {{{{ {field}.receipt_number }}}}", body="本文"
    )

    with django_capture_on_commit_callbacks() as queued:
        mail = entry_mail_queue(model=outbox, entry=entry, kind="withdrawn", context={field: entry})

    stored = outbox.objects.get(pk=mail.pk)
    assert getattr(stored, f"{field}_id") == entry.pk
    assert (stored.kind, stored.to) == ("withdrawn", entry.email)
    assert stored.subject == f"取下げ {entry.receipt_number}"
    assert len(queued) == 1  # sent after the commit


def test_an_entry_mail_not_to_deliver_waits_in_the_outbox(django_capture_on_commit_callbacks):
    registration = make_registration()
    with django_capture_on_commit_callbacks() as queued:
        entry_mail_queue(
            model=OutgoingMail,
            entry=registration,
            kind="withdrawn",
            context={"registration": registration},
            deliver=False,
        )
    assert queued == []
    assert OutgoingMail.objects.filter(registration=registration, kind="withdrawn").exists()


def test_every_entry_mail_that_hands_over_a_link_must_keep_it():
    kinds = mail_kinds()
    for app, outbox in (("registry", OutgoingMail), ("talent", SpecialistMail)):
        for kind in outbox.Kind:
            if kind.name in ENTRY_LINKS_REQUIRED:
                assert kinds[f"{app}.{kind.value}"].body_requires == ENTRY_LINKS_REQUIRED[kind.name]
                assert kinds[f"{app}.{kind.value}"].subject_requires[0][1] == "受付番号"


def test_the_reconfirmation_names_follow_the_apps_and_stay_as_sent_links_need_them():
    # A link mailed before the declaration shrank must still open: same salt, same page.
    assert (REGISTRY_RECONFIRMATION.salt, REGISTRY_RECONFIRMATION.url_name) == (
        "registry.reconfirm",
        "registry:reconfirm",
    )
    assert (TALENT_RECONFIRMATION.salt, TALENT_RECONFIRMATION.url_name) == (
        "talent.reconfirm",
        "talent:reconfirm",
    )
    assert REGISTRY_RECONFIRMATION.entry_field == "registration"
    assert TALENT_RECONFIRMATION.entry_field == "specialist"
    assert REGISTRY_RECONFIRMATION.round_model is ReconfirmationRound
    assert TALENT_RECONFIRMATION.round_model is SpecialistReconfirmationRound
    assert REGISTRY_RECONFIRMATION.request_model is ReconfirmationRequest
    assert TALENT_RECONFIRMATION.request_model is SpecialistReconfirmationRequest
    assert REGISTRY_RECONFIRMATION.closed == Registration.CLOSED_STATUSES
    assert TALENT_RECONFIRMATION.closed == Specialist.CLOSED_STATUSES


@pytest.mark.parametrize("model", [Registration, Specialist])
def test_the_review_panel_counts_each_status_in_one_query(model, django_assert_num_queries):
    if model is Registration:
        make_registration()
        reviewed(make_registration())
    else:
        make_specialist()
        make_specialist(status=Specialist.Status.CONFIRMED)
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    with django_assert_num_queries(1):
        figures, review = review_parts(model=model)

    counts = {figure.label: figure.count for figure in figures}
    assert counts[model.Status.RECEIVED.label] == 1
    assert counts[model.Status.CONFIRMED.label] == 1
    assert sum(counts.values()) == 2
    assert [figure.label for figure in figures] == list(model.Status.labels)
    # The way to the entries waiting for review is the review workspace's queue.
    assert review.url == reverse("portal:review-queue", args=[review_kind_of(model).slug])
    assert changelist in figures[0].url
