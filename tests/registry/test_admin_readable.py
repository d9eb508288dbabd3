"""The registration admin reads well: each choice question names its group, flags are words."""

import re

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Prefecture
from registry.models import Registration
from registry.questions import question_for
from tests.factories import make_registration

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:registry_registration_changelist")


def _group(html, legend):
    """The fieldset whose legend reads `legend` (an lxml element)."""
    groups = [
        fieldset
        for fieldset in lxml.html.fromstring(html).xpath("//fieldset[@class='choice-group']")
        if fieldset.find("legend") is not None and fieldset.find("legend").text_content() == legend
    ]
    assert len(groups) == 1, f"no group named {legend!r}"
    return groups[0]


@pytest.mark.parametrize(
    ("field", "options"),
    [
        ("secondment", 2),
        ("work_styles", 3),
        ("work_days", 4),
        ("periods", 3),
        ("retiree_outreach", 2),
        ("schemes", 4),
        ("dispatch_scope", 2),
        ("base_prefectures", 47),
    ],
)
def test_each_choice_question_is_a_group_named_by_its_number_and_text(mic_client, field, options):
    registration = make_registration()
    question = question_for(field)

    html = mic_client.get(
        reverse("admin:registry_registration_change", args=[registration.pk])
    ).content.decode()

    group = _group(html, f"問{question.number} {question.label(field)}")
    assert len(group.xpath(f".//input[@name='{field}']")) == options


@pytest.mark.parametrize("field", ["base_prefectures", "dispatch_prefectures"])
def test_the_prefecture_questions_are_laid_out_by_region(mic_client, field):
    chosen = list(Prefecture.objects.filter(code__in=["01", "13", "47"]))
    registration = make_registration(**{field: chosen})
    question = question_for(field)

    html = mic_client.get(
        reverse("admin:registry_registration_change", args=[registration.pk])
    ).content.decode()

    group = _group(html, f"問{question.number} {question.label(field)}")
    regions = group.xpath(".//fieldset[@class='prefecture-region']")
    assert [region.find("legend").text_content() for region in regions] == list(
        dict.fromkeys(p.get_region_display() for p in Prefecture.objects.order_by("code"))
    )
    kanto = next(region for region in regions if region.find("legend").text_content() == "関東")
    assert len(kanto.xpath(".//input[@type='checkbox']")) == 7
    checked = {box.get("value") for box in group.xpath(".//input[@checked]")}
    assert checked == {"01", "13", "47"}
    for box in group.xpath(".//input[@type='checkbox']"):  # each box has its own label
        assert len(group.xpath(f".//label[@for='{box.get('id')}']")) == 1


def test_the_text_answers_carry_their_question_number_too(mic_client):
    registration = make_registration()

    html = mic_client.get(
        reverse("admin:registry_registration_change", args=[registration.pk])
    ).content.decode()

    assert re.search(r'<label[^>]*for="id_company_name"[^>]*>問1 企業名・団体名', html)
    assert re.search(r'<label[^>]*for="id_scheme_other_text"[^>]*>問13 その他の制度名', html)


def test_the_list_shows_flags_in_words_and_dates_without_times(mic_client):
    flagged = make_registration(company_name="重複株式会社", email="same@example.jp")
    make_registration(company_name="重複株式会社", email="other@example.jp")
    make_registration(company_name="単独株式会社", email="alone@example.jp")
    Registration.objects.filter(pk=flagged.pk).update(changed_by_company=True)

    response = mic_client.get(CHANGELIST)
    html = response.content.decode()
    rows = {r.company_name: r.created_at for r in response.context["cl"].result_list}

    assert "icon-yes.svg" not in html and "icon-no.svg" not in html
    assert re.search(r'<td class="field-company_change_flag">要確認</td>', html)
    assert html.count('<td class="field-duplicate_flag">あり</td>') == 2
    assert html.count('<td class="field-duplicate_flag">―</td>') == 1
    registered_on = timezone.localdate(rows["単独株式会社"])
    assert f'<td class="field-registered_on">{registered_on:%Y/%m/%d}</td>' in html
