"""The 47 prefectures (JIS X 0401), so they exist after `migrate` with no extra step."""

from django.db import migrations

# (JIS code, name, kana, English name, region), copied from the programme's reference list.
PREFECTURES = [
    ("01", "北海道", "ほっかいどう", "Hokkaido", "hokkaido"),
    ("02", "青森県", "あおもりけん", "Aomori", "tohoku"),
    ("03", "岩手県", "いわてけん", "Iwate", "tohoku"),
    ("04", "宮城県", "みやぎけん", "Miyagi", "tohoku"),
    ("05", "秋田県", "あきたけん", "Akita", "tohoku"),
    ("06", "山形県", "やまがたけん", "Yamagata", "tohoku"),
    ("07", "福島県", "ふくしまけん", "Fukushima", "tohoku"),
    ("08", "茨城県", "いばらきけん", "Ibaraki", "kanto"),
    ("09", "栃木県", "とちぎけん", "Tochigi", "kanto"),
    ("10", "群馬県", "ぐんまけん", "Gunma", "kanto"),
    ("11", "埼玉県", "さいたまけん", "Saitama", "kanto"),
    ("12", "千葉県", "ちばけん", "Chiba", "kanto"),
    ("13", "東京都", "とうきょうと", "Tokyo", "kanto"),
    ("14", "神奈川県", "かながわけん", "Kanagawa", "kanto"),
    ("15", "新潟県", "にいがたけん", "Niigata", "chubu"),
    ("16", "富山県", "とやまけん", "Toyama", "chubu"),
    ("17", "石川県", "いしかわけん", "Ishikawa", "chubu"),
    ("18", "福井県", "ふくいけん", "Fukui", "chubu"),
    ("19", "山梨県", "やまなしけん", "Yamanashi", "chubu"),
    ("20", "長野県", "ながのけん", "Nagano", "chubu"),
    ("21", "岐阜県", "ぎふけん", "Gifu", "chubu"),
    ("22", "静岡県", "しずおかけん", "Shizuoka", "chubu"),
    ("23", "愛知県", "あいちけん", "Aichi", "chubu"),
    ("24", "三重県", "みえけん", "Mie", "kinki"),
    ("25", "滋賀県", "しがけん", "Shiga", "kinki"),
    ("26", "京都府", "きょうとふ", "Kyoto", "kinki"),
    ("27", "大阪府", "おおさかふ", "Osaka", "kinki"),
    ("28", "兵庫県", "ひょうごけん", "Hyogo", "kinki"),
    ("29", "奈良県", "ならけん", "Nara", "kinki"),
    ("30", "和歌山県", "わかやまけん", "Wakayama", "kinki"),
    ("31", "鳥取県", "とっとりけん", "Tottori", "chugoku"),
    ("32", "島根県", "しまねけん", "Shimane", "chugoku"),
    ("33", "岡山県", "おかやまけん", "Okayama", "chugoku"),
    ("34", "広島県", "ひろしまけん", "Hiroshima", "chugoku"),
    ("35", "山口県", "やまぐちけん", "Yamaguchi", "chugoku"),
    ("36", "徳島県", "とくしまけん", "Tokushima", "shikoku"),
    ("37", "香川県", "かがわけん", "Kagawa", "shikoku"),
    ("38", "愛媛県", "えひめけん", "Ehime", "shikoku"),
    ("39", "高知県", "こうちけん", "Kochi", "shikoku"),
    ("40", "福岡県", "ふくおかけん", "Fukuoka", "kyushu_okinawa"),
    ("41", "佐賀県", "さがけん", "Saga", "kyushu_okinawa"),
    ("42", "長崎県", "ながさきけん", "Nagasaki", "kyushu_okinawa"),
    ("43", "熊本県", "くまもとけん", "Kumamoto", "kyushu_okinawa"),
    ("44", "大分県", "おおいたけん", "Oita", "kyushu_okinawa"),
    ("45", "宮崎県", "みやざきけん", "Miyazaki", "kyushu_okinawa"),
    ("46", "鹿児島県", "かごしまけん", "Kagoshima", "kyushu_okinawa"),
    ("47", "沖縄県", "おきなわけん", "Okinawa", "kyushu_okinawa"),
]


def seed_prefectures(apps, schema_editor):
    Prefecture = apps.get_model("registry", "Prefecture")
    for code, name, name_kana, name_en, region in PREFECTURES:
        Prefecture.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_kana": name_kana, "name_en": name_en, "region": region},
        )


def unseed_prefectures(apps, schema_editor):
    Prefecture = apps.get_model("registry", "Prefecture")
    Prefecture.objects.filter(code__in=[row[0] for row in PREFECTURES]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed_prefectures, unseed_prefectures)]
