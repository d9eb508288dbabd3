"""The import previewed on one app server and confirmed on another, as production runs it.

    .venv/bin/python bench/import_two_servers.py [rows]

Two gunicorn instances share one PostgreSQL database (and nothing else, as two machines would):
a 総務省 user signs in with password and TOTP on server A, uploads a file there, and opens the
preview and confirms it on server B. Each server gets a temporary folder of its own, which must
be empty at the end. A confirm naming another id imports nothing. 127.0.0.1 only, bounded.
"""

import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg2
from client import Browser
from common import django_setup
from import_registrations import answers_file
from server import PG, PYTHON, ROOT, gunicorn, prepared

DATABASE = "portal_import_two_servers"
PORTS = (8781, 8782)
PASSWORD = "two-servers-" + secrets.token_urlsafe(8)
CREATE_USER = """
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
user = User.objects.create_superuser("bench-mic", password={password!r})
print(TOTPDevice.objects.create(user=user, name="bench", confirmed=True).bin_key.hex())
"""


def multipart(fields, file_field, file_name, content):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def post_file(browser, path, content):
    import urllib.error
    import urllib.request

    _, _, page = browser.request(path)
    body, boundary = multipart(
        {"csrfmiddlewaretoken": Browser.csrf(page)}, "file", "two.xlsx", content
    )
    request = urllib.request.Request(browser.base + path, data=body)
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Referer", browser.base + path)
    try:
        with browser.opener.open(request, timeout=browser.timeout) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.url, error.read().decode(errors="replace")


def sign_in(browser, key):
    from django_otp.oath import totp

    _, _, page = browser.request("/admin/login/?next=/admin/")
    data = {
        "csrfmiddlewaretoken": Browser.csrf(page),
        "username": "bench-mic",
        "password": PASSWORD,
    }
    status, url, page = browser.request("/admin/login/?next=/admin/", data)
    assert "/accounts/2fa/" in url, (status, url)
    token = f"{totp(bytes.fromhex(key)):06d}"
    status, url, page = browser.request(
        url.removeprefix(browser.base), {"csrfmiddlewaretoken": Browser.csrf(page), "token": token}
    )
    assert url.endswith("/admin/"), (status, url)


def count(sql):
    connection = psycopg2.connect(dbname=DATABASE, **PG)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        value = cursor.fetchone()[0]
    connection.close()
    return value


def main(rows):
    django_setup()  # a throw-away SQLite, only to build the file with the catalogue's headers
    env = prepared(DATABASE, PORTS[0], SECRET_KEY=secrets.token_urlsafe(50))
    key = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", CREATE_USER.format(password=PASSWORD)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    folders = [tempfile.mkdtemp(prefix=f"portal-server-{port}-") for port in PORTS]
    path = "/admin/registry/registration/import/"
    with (
        gunicorn({**env, "TMPDIR": folders[0]}, PORTS[0]) as server_a,
        gunicorn({**env, "TMPDIR": folders[1]}, PORTS[1]) as server_b,
    ):
        browser = Browser(server_a, timeout=60)
        sign_in(browser, key)
        start = time.perf_counter()
        status, url, _ = post_file(browser, path, answers_file(rows))
        uploaded = time.perf_counter() - start
        assert status == 200 and re.search(r"/import/[0-9a-f-]{36}/$", url), (status, url)
        preview_path = url.removeprefix(server_a)

        browser.base = server_b  # the same session cookie, the other server
        start = time.perf_counter()
        status, _, page = browser.request(preview_path)
        shown = time.perf_counter() - start
        assert status == 200 and f"の{rows}行を読み込みました。" in page, status
        wrong = re.sub(r"[0-9a-f-]{36}", str(uuid.uuid4()), preview_path)
        browser.request(wrong, {"csrfmiddlewaretoken": Browser.csrf(page), "action": "confirm"})
        after_tampering = count("SELECT count(*) FROM registry_registration")
        start = time.perf_counter()
        status, url, page = browser.request(
            preview_path, {"csrfmiddlewaretoken": Browser.csrf(page), "action": "confirm"}
        )
        confirmed = time.perf_counter() - start
        assert status == 200 and f"{rows}件を取り込みました。" in page, (status, url)
    stored = count("SELECT count(*) FROM registry_registration")
    pending = count("SELECT count(*) FROM portal_pendingimport")
    left = [str(p) for folder in folders for p in Path(folder).iterdir()]
    for folder in folders:
        shutil.rmtree(folder)
    print(f"upload + check on A ({server_a}): {uploaded:5.2f} s for {rows} rows")
    print(f"preview page on B ({server_b}): {shown:5.2f} s")
    print(f"confirm on B:                    {confirmed:5.2f} s")
    print(f"a confirm naming another id imported {after_tampering} registrations")
    print(f"registrations stored: {stored}, pending imports left: {pending}")
    print(f"files left in the servers' temporary folders: {len(left)} {left}")
    assert after_tampering == 0 and stored == rows and pending == 0 and not left


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
