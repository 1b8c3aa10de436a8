"""Screenshots for docs/pages.md, taken with headless Chromium on a loopback server.

    python docs/img/take_screenshots.py      # writes docs/img/*.png

Needs what the browser tests need (chromium, chromedriver, selenium).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "tests"))

from test_server_support import start_server  # noqa: E402

SHOTS = [  # file, path, width, height, mobile
    ("landing.png", "/", 1000, 700, False),
    ("concept.png", "/csco/2022/2-02-38-01", 1000, 1080, False),
    ("phone-qianhai.png", "/qianhai/2020/d06", 390, 1200, True),
    ("search.png", "/search?q=%E7%A8%8B%E5%BA%8F%E5%91%98", 1000, 480, False),
]


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    running = start_server()
    profile = tempfile.mkdtemp(prefix="occlink-shots-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-color-profile=srgb",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        for name, path, width, height, mobile in SHOTS:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
            driver.get(running.url + path)
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
            import base64
            (HERE / name).write_bytes(base64.b64decode(shot["data"]))
            print(HERE / name)
    finally:
        driver.quit()
        running.stop()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
