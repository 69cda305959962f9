"""The web page at ``/`` in a real browser: headless Chromium driven by Playwright against
the app served by uvicorn on 127.0.0.1.

Uses Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it) rather
than a browser downloaded by ``playwright install``. Skips when either is missing.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest

try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    pytest.skip(
        "the playwright package is not installed (pip install -e '.[dev]')",
        allow_module_level=True,
    )

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:  # pragma: no cover - depends on the environment
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

uvicorn = pytest.importorskip("uvicorn", reason="the api extra is not installed")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """The app on a free port of 127.0.0.1, served from a background thread."""
    from api.main import app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def requests() -> list[str]:
    """The URL of every request the page makes."""
    return []


@pytest.fixture
def page(browser: Browser, base_url: str, requests: list[str]) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", timezone_id="UTC")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    expect(page.locator("#chart-form[data-ready]")).to_be_attached()
    yield page
    context.close()
    # Birth data goes to the same-origin API and nowhere else.
    assert requests and all(url.startswith(base_url) for url in requests), requests


def fill_birth(page: Page, **fields: str) -> None:
    page.fill("#date", fields.get("date", "1990-05-17"))
    page.fill("#time", fields.get("time", "10:30"))
    page.fill("#tz", fields.get("tz", "Asia/Shanghai"))
    for name in ("gender", "lang"):
        if name in fields:
            page.select_option(f"#{name}", fields[name])


def chart_queries(requests: list[str]) -> list[dict[str, str]]:
    return [dict(parse_qsl(urlsplit(u).query)) for u in requests if urlsplit(u).path == "/v1/chart"]


def text(page: Page, selector: str) -> str:
    return page.locator(selector).inner_text().strip()


def test_chart_of_a_birth(page: Page, requests: list[str]) -> None:
    fill_birth(page, gender="male")
    page.click("#submit")
    expect(page.locator("#chart")).to_be_visible()

    pillars = [
        text(page, f".pillar-{p} .stem") + text(page, f".pillar-{p} .branch")
        for p in ("year", "month", "day", "hour")
    ]
    assert pillars == ["庚午", "辛巳", "壬午", "乙巳"]
    assert text(page, "#pillars-text") == "庚午 辛巳 壬午 乙巳"
    headers = page.locator("#chart thead th").all_inner_texts()
    assert [h.split()[0] for h in headers] == ["年柱", "月柱", "日柱", "时柱"]
    assert text(page, ".pillar-year .ten-god") == "偏印"
    assert text(page, ".pillar-day .ten-god") == "日主"
    assert text(page, ".pillar-hour .ten-god") == "伤官"
    assert page.locator(".pillar-year .hidden-stem").all_inner_texts() == ["丁", "己"]
    assert page.locator(".pillar-year .hidden-ten-god").all_inner_texts() == ["正财", "正官"]
    assert text(page, ".pillar-year .nayin") == "路旁土"
    assert text(page, ".pillar-year .stage") == "胎"
    assert text(page, ".pillar-year .self-stage") == "沐浴"
    assert text(page, ".pillar-year .void") == "戌 亥"
    assert text(page, ".palace-tai_yuan .pillar") == "壬申"
    assert text(page, ".palace-ming_gong .pillar") == "癸未"
    assert "天干五合" in text(page, "#relations")
    assert page.locator("#luck .luck-1 .pillar").inner_text() == "壬午"
    assert page.locator("#luck .luck-1 .start-year").inner_text() == "1997"
    assert "1997-01-01T12:05:04+08:00" in text(page, "#luck-start")

    conventions = text(page, "#conventions")
    for option in ("day_boundary=zi", "solar_time=standard", "luck_method=proportional"):
        assert option in conventions
    assert "solar_terms DE423" in text(page, "#versions")
    assert text(page, "#instant") == "1990-05-17T01:30:00.000Z"
    assert "Asia/Shanghai, UTC+09:00 (DST +01:00)" in text(page, "#zone-reading")
    # Only the parameters that are set are sent.
    assert chart_queries(requests) == [
        {
            "datetime": "1990-05-17T10:30",
            "tz": "Asia/Shanghai",
            "gender": "male",
            "lang": "zh",
        }
    ]


def test_every_declared_option_is_a_field_with_its_choices_and_default(page: Page) -> None:
    """The form is built from GET /v1/options: each option of ``bazi.OPTIONS`` is a field,
    a choice offers exactly its choices (and "default" where a preset may decide), and the
    field starts at the option's default."""
    import bazi

    for option in bazi.OPTIONS:
        field = page.locator(f"#{option.name}")
        expect(field).to_be_attached()
        if option.kind == "choice":
            values = field.locator("option").evaluate_all("(os) => os.map((o) => o.value)")
            blank = [""] if option.face_default is None else []
            assert values == blank + [str(c) for c in option.choices], option.name
            assert field.input_value() == (
                "" if option.face_default is None else str(option.default)
            )
        elif option.kind == "boolean":
            assert field.get_attribute("type") == "checkbox"
            assert field.is_checked() is bool(option.default)
        elif option.kind == "number":
            assert field.get_attribute("type") == "number"
            assert field.get_attribute("min") == f"{option.minimum:g}"
            assert field.get_attribute("max") == f"{option.maximum:g}"
        else:
            assert field.get_attribute("maxlength") == str(option.max_length)
        assert option.help in (page.locator(f"#{option.name}-hint").text_content() or "")
    langs = page.locator("#lang option").evaluate_all("(os) => os.map((o) => o.value)")
    assert langs == list(bazi.LANGS)


def test_the_seed_birth_by_place(page: Page, requests: list[str]) -> None:
    """seeds/: 1995-03-08 23:40 in 深圳, female → 乙亥 己卯 己亥 甲子 (derived by hand in
    tests/test_mcp.py::test_the_seed_birth_by_place)."""
    fill_birth(page, date="1995-03-08", time="23:40", tz="", gender="female")
    page.fill("#place", "深圳")
    page.click("#submit")
    expect(page.locator("#chart")).to_be_visible()
    assert text(page, "#pillars-text") == "乙亥 己卯 己亥 甲子"
    assert "Shenzhen" in text(page, "#place-used")
    assert chart_queries(requests)[-1]["place"] == "深圳"


def test_english_names(page: Page) -> None:
    fill_birth(page, lang="en")
    page.click("#submit")
    expect(page.locator("#chart")).to_be_visible()
    assert text(page, ".pillar-year .stem") == "庚"
    assert text(page, ".pillar-year .ten-god") == "Indirect Resource"
    assert text(page, ".pillar-day .ten-god") == "Day Master"
    assert page.locator("#luck").count() == 0  # no gender, no luck pillars


def test_unknown_zone_is_shown_next_to_the_form(page: Page) -> None:
    fill_birth(page, tz="Mars/Olympus")
    page.click("#submit")
    errors = page.locator("#errors")
    expect(errors).to_be_visible()
    item = errors.locator('li[data-field="tz"]')
    expect(item).to_contain_text("unknown time zone 'Mars/Olympus'")
    expect(item).to_contain_text("(tz)")
    expect(page.locator("#tz")).to_have_attribute("aria-invalid", "true")
    expect(page.locator('.field-error[data-field="tz"]')).to_be_visible()
    expect(page.locator("#result")).to_be_hidden()

    # Fixing the field clears the error and draws the chart.
    page.fill("#tz", "+08:00")
    page.click("#submit")
    expect(page.locator("#chart")).to_be_visible()
    expect(errors).to_be_hidden()
    assert page.locator("[aria-invalid]").count() == 0


def test_api_docs_work_offline_under_the_security_policy(
    browser: Browser, base_url: str, requests: list[str]
) -> None:
    """/docs is Swagger UI served by this server: it lists the endpoints, fetches nothing
    from elsewhere, and breaks no rule of the Content-Security-Policy header."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + "docs")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/v1/chart" in "".join(paths) and "/v1/options" in "".join(paths)
    context.close()
    assert not violations, violations
    assert requests and all(url.startswith(base_url) for url in requests), requests
