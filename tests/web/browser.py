"""Headless Debian Chromium driven by Selenium, for the web tests and the screenshots.

Only the system browser is used (``/usr/bin/chromium`` + ``/usr/bin/chromedriver`` from
the Debian packages ``chromium`` and ``chromium-driver``); Selenium's own driver
download is never reached because the driver path is given. ``missing()`` says why the
browser cannot run, so tests skip with that reason.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import os
import time
from pathlib import Path

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1366,900"]
# Screenshots go to a scratch folder unless MEETINGPACK_SCREENS names one (e.g. eval/results/screens
# to refresh the committed ones): a test run must not rewrite tracked files.
SCREENS = Path(os.environ.get("MEETINGPACK_SCREENS") or Path(tempfile.gettempdir()) / "meetingpack-screens")


def _first(paths) -> str | None:
    return next((p for p in paths if Path(p).exists()), None)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    if not _first(CHROMIUM):
        return "chromium is not installed (apt-get install -y chromium chromium-driver)"
    if not _first(DRIVER):
        return "chromedriver is not installed (apt-get install -y chromium-driver)"
    return None


def start_driver(downloads: Path | None = None):
    """A fresh headless Chromium with its own profile folder (removed on ``quit``);
    files it downloads land in ``downloads``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="meetingpack-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = _first(CHROMIUM)
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    if downloads:
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                  "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=_first(DRIVER)), options=options)
    driver.set_page_load_timeout(60)
    original_quit = driver.quit

    def quit_and_clean():
        try:
            original_quit()
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    driver.quit = quit_and_clean
    return driver


def screenshot(driver, name: str, folder: Path = SCREENS) -> Path:
    """The whole page (not only the window) as ``folder/name.png``."""
    folder.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    height = driver.execute_script("return Math.max(document.body.scrollHeight, 900)")
    driver.set_window_size(1366, min(int(height) + 40, 4000))
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1366, 900)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The app on uvicorn in a thread, on a free local port."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        end = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > end or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)
