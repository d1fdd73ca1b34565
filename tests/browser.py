"""A real browser for the tests of pages: Debian's chromium, driven by selenium.

`bash run.sh test` installs chromium and chromium-driver when they are missing
and it runs as root (as CI does).  Elsewhere a test that needs them skips; CI
sets SEQKIT_REQUIRE_BROWSER=1 (.ci/run), where a skip would hide an untested
page, so it fails instead (the same rule as tests/isolation.py).
"""
import os
import shutil

import pytest

REQUIRED = os.environ.get("SEQKIT_REQUIRE_BROWSER") == "1"
CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")


def require():
    """Skip the running test without chromium and its driver; under SEQKIT_REQUIRE_BROWSER=1, fail."""
    if CHROMIUM and DRIVER:
        return
    message = ("needs Debian's chromium and chromium-driver (`apt-get install chromium "
               "chromium-driver`; `bash run.sh test` does it when run as root)")
    if REQUIRED:
        pytest.fail(f"{message}, and SEQKIT_REQUIRE_BROWSER=1 says this run must test the page")
    pytest.skip(message)


def chromium(width=1500, height=1000):
    """A fresh headless Chromium (its own empty profile) under selenium's control."""
    require()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}"):
        options.add_argument(arg)
    # the driver given by path: selenium must not go looking for one on the network
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
