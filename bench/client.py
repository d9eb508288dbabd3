"""A minimal browser for the load and fault scripts: cookies, CSRF token, the form's flow."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request

ANSWERS = [
    ("department", "DX推進部"),
    ("contact_name", "負荷　太郎"),
    ("contact_name_kana", "ふか　たろう"),
    ("phone", "03-1234-5678"),
    ("secondment", "yes"),
    ("base_prefectures", "13"),
    ("dispatch_prefectures", "13"),
    ("dispatch_prefectures", "14"),
    ("work_styles", "work_full_time"),
    ("periods", "period_1_to_3_years"),
    ("retiree_outreach", "possible"),
    ("website", "https://example.jp/"),
    ("privacy_consent", "on"),
]


class Browser:
    def __init__(self, base, timeout=30):
        self.base = base
        self.timeout = timeout
        self.timings = []  # (step, seconds) of each step of register(), redirects included
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path, data=None):
        """(status, final URL, body); HTTP errors are returned, not raised."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode(errors="replace")

    @staticmethod
    def csrf(html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""

    def _step(self, name, path, data=None):
        started = time.perf_counter()
        result = self.request(path, data)
        self.timings.append((name, time.perf_counter() - started))
        return result

    def register(self, company):
        """GET form → POST → confirm → complete. Returns (statuses, receipt number or None)."""
        statuses = []
        status, _, html = self._step("入力", "/register/")
        statuses.append(status)
        if status != 200:
            return statuses, None
        answers = [("csrfmiddlewaretoken", self.csrf(html)), ("company_name", company)]
        answers += [("email", f"{abs(hash(company))}@example.jp"), *ANSWERS]
        status, url, html = self._step("入力 → 確認", "/register/", answers)
        statuses.append(status)
        # The confirmation page's address carries the draft's token (?draft=...).
        if status != 200 or urllib.parse.urlsplit(url).path != "/register/confirm/":
            return statuses, None
        draft = re.search(r'name="draft" value="([^"]+)"', html)
        status, url, html = self._step(
            "確認 → 完了",
            "/register/confirm/",
            [("csrfmiddlewaretoken", self.csrf(html)), ("draft", draft.group(1) if draft else "")],
        )
        statuses.append(status)
        match = re.search(r'id="receipt-number">([^<]+)<', html)
        return statuses, match.group(1) if match else None
