"""The web page at ``/`` in a real browser: headless Chromium driven by Playwright against
the app served by uvicorn on 127.0.0.1, the real engine end to end (nothing is stubbed).

Uses Debian's ``chromium`` (``apt-get install chromium``; ``.ci/run`` installs it) rather
than a browser downloaded by ``playwright install``. Skips when either is missing.
Screenshots of the seed chart go to the system's temporary folder (``bazi-page-*.png``),
to look at; they are not checked.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

try:
    from playwright.sync_api import (
        Browser,
        ConsoleMessage,
        Page,
        Request,
        expect,
        sync_playwright,
    )
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
HEIGHT = 800
SCREENSHOTS = Path(tempfile.gettempdir())

# The seed birth (seeds/, issue 13): 1995-03-08 23:40 in 深圳, female → 乙亥 己卯 己亥 甲子,
# born after 23:00, where the schools of the day boundary differ.
SEED = {"datetime": "1995-03-08 23:40", "place": "深圳", "gender": "female"}
SEED_PILLARS = "乙亥 己卯 己亥 甲子"
POSITIONS = ("year", "month", "day", "hour")


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
def requests() -> list[Request]:
    """Every request the page makes."""
    return []


@pytest.fixture
def width() -> int:
    """The viewport's width; parametrized by the tests that look at the layout."""
    return 1280


@pytest.fixture
def page(browser: Browser, base_url: str, requests: list[Request], width: int) -> Iterator[Page]:
    context = browser.new_context(
        locale="zh-CN", timezone_id="UTC", viewport={"width": width, "height": HEIGHT}
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        # A refused request is logged by the browser itself ("Failed to load resource: 422").
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", console)
    page.on("request", lambda request: requests.append(request))
    yield page
    context.close()
    # Birth data goes to the same-origin API and nowhere else; the page runs without error.
    urls = [r.url for r in requests]
    assert urls and all(url.startswith(base_url) for url in urls), urls
    assert not errors, errors


def open_page(page: Page, base_url: str, **query: str) -> None:
    """Open the page (with ``query`` in its address) and wait for its form; with a birth in
    the address, wait for its chart."""
    page.goto(base_url + ("?" + urlencode(query) if query else ""))
    expect(page.locator("#chart-form[data-ready]")).to_be_attached()
    if "datetime" in query:
        expect(page.locator("#chart")).to_be_visible()


def fill_birth(page: Page, datetime: str, place: str = "", gender: str = "") -> None:
    page.fill("#datetime", datetime)
    page.fill("#place", place)
    page.select_option("#gender", gender)


def chart_queries(requests: list[Request]) -> list[dict[str, str]]:
    return [
        dict(parse_qsl(urlsplit(r.url).query))
        for r in requests
        if urlsplit(r.url).path == "/v1/chart"
    ]


def address(page: Page) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query))


def text(page: Page, selector: str) -> str:
    return page.locator(selector).first.inner_text().strip()


def pillars_in_table(page: Page) -> list[str]:
    return [
        text(page, f"#chart td.pillar-{p} .stem") + text(page, f"#chart td.pillar-{p} .branch")
        for p in POSITIONS
    ]


def assert_pillars_fit(page: Page, width: int) -> None:
    """Every cell of the four pillars lies inside the viewport: no sideways scrolling."""
    for cell in page.locator("#chart th[class^=pillar-], #chart td[data-pillar]").all():
        box = cell.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 390])
def test_the_seed_birth(page: Page, base_url: str, requests: list[Request], width: int) -> None:
    """The birth of the issue typed in the form: the four pillars on screen (the day pillar
    too, at phone width), its warning, the result scrolled to, the address holding the
    input, and a reload showing the same chart."""
    open_page(page, base_url)
    fill_birth(page, **SEED)
    expect(page.locator("#tz")).to_have_value("")  # the zone comes from the place
    page.click("#submit")
    expect(page.locator("#chart")).to_be_visible()

    assert text(page, "#pillars-text") == SEED_PILLARS
    assert pillars_in_table(page) == SEED_PILLARS.split()
    assert text(page, "#chart td.pillar-day .ten-god") == "日主"
    assert_pillars_fit(page, width)
    assert "Shenzhen" in text(page, "#place-used")
    assert "1995-03-08 23:40 UTC+08:00" in text(page, "#birth-line")
    # True solar time beside clock time: Shenzhen is 114° E, 35 minutes behind Beijing time.
    assert "1995-03-08 23:05:23" in text(page, "#solar-time")
    assert text(page, "#born-after-jie") == "生于惊蛰后 2 天 14 时"

    # The day-boundary warning, near the pillars: another school gives another day.
    warnings = page.locator("#warnings")
    expect(warnings).to_be_visible()
    expect(warnings.locator('li[data-kind="day_boundary"]').first).to_contain_text(
        "乙亥 己卯 戊戌 甲子"
    )
    box = warnings.bounding_box()
    chart = page.locator("#chart").bounding_box()
    assert box is not None and chart is not None and box["y"] < chart["y"]

    # The result is scrolled into view.
    title = page.locator("#result-title").bounding_box()
    assert title is not None and 0 <= title["y"] < HEIGHT / 2
    if width < 600:
        assert page.evaluate("window.scrollY") > 300  # past the form

    # Only the parameters that are set are sent; the zone is the place's.
    query = chart_queries(requests)[-1]
    assert {k: query[k] for k in SEED} == SEED and "tz" not in query
    assert address(page) == {**SEED, "lang": "zh", "years": str(dt.date.today().year)}

    page.screenshot(path=str(SCREENSHOTS / f"bazi-page-{width}.png"), full_page=True)

    page.reload()
    expect(page.locator("#chart")).to_be_visible()
    assert text(page, "#pillars-text") == SEED_PILLARS
    expect(page.locator("#datetime")).to_have_value(SEED["datetime"])
    expect(page.locator("#place")).to_have_value(SEED["place"])
    expect(page.locator("#gender")).to_have_value("female")


@pytest.mark.parametrize("width", [360])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_four_pillars_fit_at_360_px(page: Page, base_url: str, width: int, lang: str) -> None:
    open_page(page, base_url, **SEED, lang=lang)
    assert pillars_in_table(page) == SEED_PILLARS.split()
    assert_pillars_fit(page, width)
    if lang == "en":
        page.screenshot(path=str(SCREENSHOTS / "bazi-page-360-en.png"), full_page=True)


def test_luck_pillars_with_integer_ages(page: Page, base_url: str) -> None:
    open_page(page, base_url, **SEED)
    headers = page.locator("#luck-table thead th").all_inner_texts()
    assert any("虚岁" in h for h in headers) and any("周岁" in h for h in headers)
    rows = page.locator("#luck-table tbody tr")
    expect(rows).to_have_count(10)
    first = rows.first
    assert first.locator(".pillar .zh").inner_text() == "庚辰"
    assert first.locator(".ten-god").inner_text() == "伤官"
    assert first.locator(".age-nominal").inner_text() == "10"
    assert first.locator(".age-full").inner_text() == "9"
    assert first.locator(".start").inner_text().split() == ["2004-05-20", "13:27", "UTC+08:00"]
    assert "太极贵人" in first.locator("td.stars").inner_text()
    for cell in page.locator("#luck-table .age-nominal, #luck-table .age-full").all_inner_texts():
        assert re.fullmatch(r"\d+", cell), cell  # whole years, never 9.2009
    assert "2004-05-20 13:27 UTC+08:00" in text(page, "#luck-start")
    assert "顺排" in text(page, "#luck-start")
    # 小运: the years before the first luck pillar.
    assert page.locator("#minor li").first.inner_text().split()[:2] == ["乙丑", "1995"]


def test_years_and_months(page: Page, base_url: str, requests: list[Request]) -> None:
    """流年 of a decade around the chosen year, 流月 of that year; choosing another year asks
    the API for its decade and keeps it in the address."""
    open_page(page, base_url, **SEED, years="2026")
    assert chart_queries(requests)[-1]["years"] == "2022-2031"
    years = page.locator("#annual tbody tr")
    assert years.evaluate_all("(rows) => rows.map((r) => r.dataset.year)") == [
        str(y) for y in range(2022, 2032)
    ]
    chosen = page.locator("#annual tr.chosen")
    expect(chosen).to_have_attribute("data-year", "2026")
    assert chosen.locator("td.pillar").first.inner_text() == "丙午"
    assert chosen.locator(".age-nominal").inner_text() == "32"
    months = page.locator("#months tbody tr")
    expect(months).to_have_count(12)
    assert months.first.inner_text().split() == [
        "立春",
        "2026-02-04",
        "04:02",
        "UTC+08:00",
        "庚寅",
        "伤官",
    ]
    expect(page.locator("#luck-table tr.current")).to_have_attribute("data-start-year", "2024")

    page.focus("#year-select")
    page.select_option("#year-select", "2030")
    expect(page.locator("#annual tr.chosen")).to_have_attribute("data-year", "2030")
    assert chart_queries(requests)[-1]["years"] == "2026-2035"
    assert address(page)["years"] == "2030"
    expect(page.locator("#months tbody tr").first).to_contain_text("戊寅")
    expect(page.locator("#year-select")).to_be_focused()  # the control survives the redraw

    page.click("#year-next")
    expect(page.locator("#annual tr.chosen")).to_have_attribute("data-year", "2031")
    page.click('#annual button[data-year="2028"]')
    expect(page.locator("#annual tr.chosen")).to_have_attribute("data-year", "2028")
    assert address(page)["years"] == "2028"


def test_the_lichun_warning(page: Page, base_url: str, requests: list[Request]) -> None:
    """Born 7 minutes before 立春: the warning names the year and month on the other side.
    The zone is typed under "more conventions". The chart before it is a step back in the
    browser's history."""
    open_page(page, base_url, **SEED)
    fill_birth(page, "2024-02-04 16:20")
    page.click("#more summary")
    page.fill("#tz", "Asia/Shanghai")
    page.press("#datetime", "Enter")  # the keyboard submits the form
    expect(page.locator("#pillars-text")).to_have_text("癸卯 乙丑 戊戌 庚申")
    warning = page.locator('#warnings li[data-kind="jie"]')
    expect(warning).to_contain_text("立春")
    expect(warning).to_contain_text("7分钟")
    expect(warning).to_contain_text("甲辰 丙寅")
    assert chart_queries(requests)[-1]["tz"] == "Asia/Shanghai"
    assert "1995" not in page.url and address(page)["tz"] == "Asia/Shanghai"

    page.go_back()
    expect(page.locator("#pillars-text")).to_have_text(SEED_PILLARS)
    expect(page.locator("#datetime")).to_have_value(SEED["datetime"])
    expect(page.locator("#tz")).to_have_value("")


def test_true_solar_time(page: Page, base_url: str) -> None:
    """At 23:10 in Shenzhen the sun says 22:35, the hour of 亥: shown beside the clock time,
    and the warning says which pillars true solar time would give."""
    open_page(page, base_url, datetime="1995-03-08 23:10", place="深圳")
    assert "1995-03-08 22:35:22" in text(page, "#solar-time")
    warning = page.locator('#warnings li[data-kind="solar_time"]')
    expect(warning).to_contain_text("真太阳时为22:35")
    expect(warning).to_contain_text("乙亥 己卯 戊戌 癸亥")


def test_language_switch(page: Page, base_url: str) -> None:
    open_page(page, base_url, **SEED)
    page.click('#langs button[data-lang="zh-Hant"]')
    expect(page.locator("#luck-title")).to_contain_text("大運")
    assert text(page, "#chart th.pillar-hour").startswith("時柱")
    assert text(page, "#chart td.pillar-year .ten-god") == "七殺"
    assert text(page, "#submit") == "排盤"
    assert address(page)["lang"] == "zh-Hant"
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")

    page.click('#langs button[data-lang="en"]')
    expect(page.locator("#submit")).to_have_text("Chart")
    expect(page.locator("#chart td.pillar-year .ten-god")).to_contain_text("Seven Killings")
    # Chinese beside English in the tables, and in the headings.
    assert text(page, "#chart td.pillar-year .ten-god").split("\n")[0] == "七杀"
    header = text(page, "#chart th.pillar-year")
    assert "Year" in header and "年柱" in header and "Yin Wood Pig" in header
    assert text(page, "#chart .row-stem td.pillar-year").split("\n") == ["乙", "Yin Wood"]
    luck = page.locator("#luck-table tbody tr").first
    assert luck.locator(".pillar").inner_text().split("\n") == ["庚辰", "Yang Metal Dragon"]
    assert "Nominal age" in text(page, "#luck-table thead") and "虚岁" in text(
        page, "#luck-table thead"
    )
    assert "Luck pillars" in text(page, "#luck-title") and "大运" in text(page, "#luck-title")
    expect(page.locator("label[for=datetime]")).to_have_text("Date and time of birth")
    expect(page.locator("label[for=gender]")).to_have_text("Gender")
    assert text(page, "#born-after-jie").startswith("生于惊蛰后 2 天 14 时")
    assert "born 2 days 14 hours after the Awakening of Insects" in text(page, "#born-after-jie")
    message = page.locator("#warnings li").first
    expect(message.locator(".message")).to_contain_text("born between 23:00 and 01:00")
    expect(message.locator(".message-zh")).to_contain_text("出生于23时至1时之间")

    page.click('#langs button[data-lang="pinyin"]')
    expect(page.locator("#chart td.pillar-year .ten-god")).to_contain_text("qī shā")
    assert text(page, "#chart td.pillar-year .ten-god").startswith("七杀")
    assert text(page, "#pillars-text") == SEED_PILLARS


def test_the_explanation(page: Page, base_url: str, requests: list[Request]) -> None:
    open_page(page, base_url, **SEED)
    assert "explain" not in chart_queries(requests)[-1]
    page.click("#why summary")
    explanation = page.locator("#explanation dd").nth(2)  # the day pillar
    expect(explanation).to_contain_text("子初换日")
    expect(explanation).to_contain_text("1995-03-08 23:00:00 UTC+08:00")
    assert chart_queries(requests)[-1]["explain"] == "true"
    assert address(page)["explain"] == "true"
    expect(page.locator("#alternatives")).to_contain_text("乙亥 己卯 戊戌 甲子")
    assert "《三命通会" in text(page, "#star-rules")

    page.reload()  # the open explanation is part of the address
    expect(page.locator("#explanation dd").nth(2)).to_contain_text("子初换日")


def test_check_a_claimed_chart(page: Page, base_url: str, requests: list[Request]) -> None:
    """A chart someone gave for the seed birth, with the day and hour wrong: the check says
    which pillars are wrong and the likely mistake."""
    open_page(page, base_url, **SEED)
    page.fill("#claim", "乙亥 己卯 庚子 丙子")
    page.click("#check-submit")
    expect(page.locator("#check-verdict")).to_contain_text("有误")
    verdicts = {
        p: page.locator(f'#check-table tr[data-pillar="{p}"] .verdict').inner_text()
        for p in POSITIONS
    }
    assert verdicts == {"year": "正确", "month": "正确", "day": "错误", "hour": "错误"}
    assert "己亥" in text(page, '#check-table tr[data-pillar="day"] .right')
    expect(page.locator("#check-diagnosis")).to_contain_text("日期差一天")
    posted = [r for r in requests if urlsplit(r.url).path == "/v1/check"]
    # The birth charted, without the reading options (gender) a check does not take.
    assert posted[-1].post_data_json == {
        "claim": "乙亥 己卯 庚子 丙子",
        "datetime": SEED["datetime"],
        "place": SEED["place"],
    }

    page.fill("#claim", "hello")
    page.click("#check-submit")
    expect(page.locator("#check-errors")).to_contain_text("found no pillar")
    expect(page.locator("#claim")).to_have_attribute("aria-invalid", "true")


def test_errors_next_to_the_form(page: Page, base_url: str) -> None:
    open_page(page, base_url)
    fill_birth(page, "2025-02-30 10:00", place="深圳")
    page.click("#submit")
    errors = page.locator("#errors")
    expect(errors).to_be_visible()
    expect(errors.locator('li[data-field="datetime"]')).to_contain_text("2025-02 has 28 days")
    expect(page.locator("#datetime")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#datetime")).to_be_focused()
    expect(page.locator("#result")).to_be_hidden()

    # A zone the server does not know, under "more conventions", which opens to show it.
    page.fill("#datetime", "1990-05-17 10:30")
    page.click("#more summary")
    page.fill("#tz", "Mars/Olympus")
    page.fill("#place", "")
    page.click("#submit")
    expect(page.locator('.field-error[data-field="tz"]')).to_contain_text("Mars/Olympus")

    # Nothing to read the time on: said before asking the server.
    page.fill("#tz", "")
    page.click("#submit")
    expect(errors.locator('li[data-field="place"]')).to_contain_text("请填写出生地")

    page.fill("#tz", "+08:00")
    page.click("#submit")
    expect(page.locator("#chart")).to_be_visible()
    expect(errors).to_be_hidden()
    assert page.locator("[aria-invalid]").count() == 0
    assert text(page, "#pillars-text") == "庚午 辛巳 壬午 乙巳"


def test_print_layout(page: Page, base_url: str) -> None:
    open_page(page, base_url, **SEED)
    page.emulate_media(media="print")
    expect(page.locator("#chart-form")).to_be_hidden()
    expect(page.locator("#langs")).to_be_hidden()
    expect(page.locator("#check-form")).to_be_hidden()
    expect(page.locator("#year-select")).to_be_hidden()
    expect(page.locator("#chart")).to_be_visible()
    expect(page.locator("#warnings")).to_be_visible()
    expect(page.locator("#luck-table")).to_be_visible()
    visible_buttons = page.locator("button:not(.year-button)").evaluate_all(
        "(bs) => bs.filter((b) => b.offsetParent !== null).length"
    )
    assert visible_buttons == 0


def test_every_declared_option_is_a_field_with_its_choices_and_default(
    page: Page, base_url: str
) -> None:
    """The form is built from GET /v1/options: each option of ``bazi.OPTIONS`` is a field,
    labelled and explained in the page's language, a choice offers exactly its choices
    (and a blank where the face sends nothing), and the field starts at the face default."""
    import bazi

    open_page(page, base_url)
    for option in bazi.OPTIONS:
        field = page.locator(f"#{option.name}")
        expect(field).to_be_attached()
        label = page.locator(f"label[for={option.name}]").text_content()
        assert label == option.to_dict()["label"]["zh"], option.name
        if option.kind == "choice":
            values = field.locator("option").evaluate_all("(os) => os.map((o) => o.value)")
            blank = [""] if option.face_default is None else []
            assert values == blank + [str(c) for c in option.choices], option.name
            assert field.input_value() == (
                "" if option.face_default is None else str(option.face_default)
            )
        elif option.kind == "boolean":
            assert field.get_attribute("type") == "checkbox"
            assert field.is_checked() is bool(option.face_default)
        elif option.kind == "number":
            assert field.get_attribute("type") == "number"
            assert field.get_attribute("min") == f"{option.minimum:g}"
            assert field.get_attribute("max") == f"{option.maximum:g}"
        else:
            assert field.get_attribute("maxlength") == str(option.max_length)
        hint = page.locator(f"#{option.name}-hint").text_content() or ""
        assert option.to_dict()["help"]["zh"] in hint
    langs = page.locator("#langs button").evaluate_all("(bs) => bs.map((b) => b.dataset.lang)")
    assert langs == list(bazi.LANGS)


def test_api_docs_work_offline_under_the_security_policy(
    browser: Browser, base_url: str, requests: list[Request]
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
    page.on("request", lambda request: requests.append(request))
    page.goto(base_url + "docs")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/v1/chart" in "".join(paths) and "/v1/options" in "".join(paths)
    context.close()
    assert not violations, violations
    urls = [r.url for r in requests]
    assert urls and all(url.startswith(base_url) for url in urls), urls
