"""Driving the index page in a real browser: headless Chromium from Debian's packages,
through Debian's chromedriver (a browser download by a test tool fails here), against a
`calfeed serve` process or a built folder opened from disk.

The browser tests of each module start these in fixtures of their own. A visitor's zone is
the browser's TZ, as on a real machine, and every test runs in two: Pacific/Apia (UTC+13,
past the date line from most events) and Europe/Paris. The tests are skipped, with the
reason, where Chromium is not installed, unless the environment variable CI is set: in CI
a missing browser is a failure. Screenshots go to `test-artefacts/` at the repository root.
Every wait has a timeout.
"""

from __future__ import annotations

import io
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from tests.shipped import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTEFACTS = ROOT / "test-artefacts"
AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT = 10.0
"""Seconds for any one wait: the server starting, a page loading, a script running."""
ZONES = ("Pacific/Apia", "Europe/Paris")
PHONE = (360, 800)
DESKTOP = (1280, 900)


def require_chromium() -> None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if not missing:
        return
    reason = (
        "the browser tests need Debian's chromium and chromium-driver packages; missing: "
        f"{', '.join(missing)} (apt-get install chromium chromium-driver)"
    )
    _missing(reason)


def require_axe() -> None:
    if not AXE.is_file():
        _missing("the accessibility tests need axe-core: npm ci --prefix tests/a11y")


def _missing(reason: str) -> None:
    """Skip and say why; under CI (the CI variable set), where every tool is installed by
    .ci/run, a missing one is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, where the browser tests must run")
    pytest.skip(reason)


@dataclass(frozen=True)
class Served:
    url: str
    catalogue: Path
    output: Path


@contextmanager
def serving(catalogue: Path, output: Path, *options: str, port: int = 0) -> Iterator[Served]:
    """`calfeed serve` as a user starts it, on `port` (0: one the system picks), stopped
    by Ctrl-C, which must end it cleanly."""
    folder = catalogue.parent
    log = (folder / "serve.log").open("wb")
    command = [sys.executable, "-m", "calfeed", "serve", str(catalogue), "-o", str(output)]
    process = subprocess.Popen(
        [*command, "--port", str(port), *options], cwd=folder, stdout=subprocess.PIPE, stderr=log
    )
    lines: queue.Queue[bytes] = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(process, lines), daemon=True)
    reader.start()  # ends when calfeed serve exits
    try:
        yield Served(_served_url(lines), catalogue, output)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=TIMEOUT)
        log.close()
        reader.join(timeout=TIMEOUT)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == 0, (folder / "serve.log").read_text(encoding="utf-8")


def _read_lines(process: subprocess.Popen[bytes], lines: queue.Queue[bytes]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line)


def _served_url(lines: queue.Queue[bytes]) -> str:
    """The URL `calfeed serve` prints once it listens."""
    try:
        first = lines.get(timeout=TIMEOUT).decode()
    except queue.Empty:
        pytest.fail(f"calfeed serve printed no URL within {TIMEOUT}s")
    found = re.search(r"http://127\.0\.0\.1:\d+/", first)
    assert found, first
    return found.group()


@contextmanager
def chromium(zone: str, profile: Path) -> Iterator[webdriver.Chrome]:
    """Headless Chromium whose clock runs in `zone` (its TZ), as a visitor's there."""
    require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--allow-file-access-from-files",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER), env={**os.environ, "TZ": zone})
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(TIMEOUT)
    driver.set_script_timeout(TIMEOUT * 3)  # axe-core reads the whole page
    try:
        yield driver
    finally:
        driver.quit()


def visitor(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[webdriver.Chrome]:
    """A browser in the zone `request.param`: a browser test module makes this its
    module-scoped fixture over `ZONES` (`browser = visitors()`)."""
    zone: str = request.param
    with chromium(zone, tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def visitors() -> Callable[..., Iterator[webdriver.Chrome]]:
    """The module's `browser` fixture: one browser per visitor zone, kept for the module."""
    return pytest.fixture(scope="module", params=ZONES, name="browser")(visitor)


def open_page(
    driver: webdriver.Chrome, url: str, size: tuple[int, int] = DESKTOP, *, scripts: bool = True
) -> None:
    """Load `url` as a visitor with a `size` viewport (a phone below 600px wide) sees it,
    once the page has loaded and its scripts have run (or with scripts off)."""
    width, height = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not scripts})
    driver.get(url)
    WebDriverWait(driver, TIMEOUT).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    assert driver.execute_script("return [innerWidth, innerHeight]") == [width, height]


def browser_zone(driver: webdriver.Chrome) -> str:
    zone: str = driver.execute_script("return Intl.DateTimeFormat().resolvedOptions().timeZone")
    return zone


def console_problems(driver: webdriver.Chrome) -> list[str]:
    """Warnings and errors in the browser's console since it was last read: a script
    error, or anything the Content-Security-Policy refused (an inline style or handler a
    script added, a resource the page tried to load)."""
    entries: list[dict[str, str]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return [e["message"] for e in entries if e["level"] in {"WARNING", "SEVERE"}]


def screenshot(driver: webdriver.Chrome, name: str) -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    path = ARTEFACTS / name
    assert driver.save_screenshot(str(path)), path
    assert path.stat().st_size > 0
    return path


def read_qr_codes(driver: webdriver.Chrome, element: WebElement, name: str) -> list[str]:
    """What a real decoder (zxing-cpp) reads in a screenshot of `element` as the browser
    draws it; the screenshot is kept under `name`."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    png = element.screenshot_as_png
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / name).write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("L")
    return [code.text for code in zxingcpp.read_barcodes(image)]


def serious_accessibility_violations(driver: webdriver.Chrome) -> list[str]:
    """axe-core's violations of impact serious or critical on the page as it is now, one
    line each: the rule, its impact and the elements it names."""
    require_axe()
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, object]] = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]}).then(
          (results) => done(results.violations.map((v) => ({
            id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")),
          }))),
          (error) => done([{id: "axe failed", impact: "critical", nodes: [String(error)]}]),
        );
        """
    )
    return [
        f"{v['id']} ({v['impact']}): {v['nodes']}"
        for v in found
        if v["impact"] in {"serious", "critical"}
    ]
