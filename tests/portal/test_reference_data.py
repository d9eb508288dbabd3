import pytest

from portal.models import Prefecture


@pytest.mark.django_db
def test_migrate_seeds_the_47_prefectures_in_jis_order():
    prefectures = list(Prefecture.objects.all())

    assert len(prefectures) == 47
    assert [p.code for p in prefectures] == [f"{n:02d}" for n in range(1, 48)]
    assert (prefectures[0].name, prefectures[0].name_kana, prefectures[0].name_en) == (
        "北海道",
        "ほっかいどう",
        "Hokkaido",
    )
    assert prefectures[12].name == "東京都"
    assert prefectures[46].get_region_display() == "九州・沖縄"


@pytest.mark.django_db
def test_every_region_has_prefectures():
    counts = {
        region: Prefecture.objects.filter(region=region).count() for region in Prefecture.Region
    }

    assert counts == {
        Prefecture.Region.HOKKAIDO: 1,
        Prefecture.Region.TOHOKU: 6,
        Prefecture.Region.KANTO: 7,
        Prefecture.Region.CHUBU: 9,
        Prefecture.Region.KINKI: 7,
        Prefecture.Region.CHUGOKU: 5,
        Prefecture.Region.SHIKOKU: 4,
        Prefecture.Region.KYUSHU_OKINAWA: 8,
    }
