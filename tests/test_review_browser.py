"""`seqkit review` in Chromium, used as an instructor would: open, move with the
keys, give points and comments, reload, stop the server, a second grader resumes,
two graders on one answer."""
import csv
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest

import browser
from review_class import plot_png, with_answer
from seqkit import paths
from seqkit.assignment import Assignment
from seqkit.grading.manual_answers import manual_answers
from seqkit.grading.store import Store
from seqkit.grading.submissions import Submission
from seqkit.grading.worker import empty_result

NAMES = ["alice", "bob", "carol"]


@pytest.fixture
def folder(tmp_path):
    """A graded folder of three genz submissions.  Their autograded part is left
    at 0 (tests/test_review.py grades for real); the answers are read from the
    notebooks as `seqkit grade` reads them."""
    store = Store(tmp_path / "results.sqlite")
    placeholders = Assignment.load("genz").questions
    notebooks = [with_answer(png=plot_png("alice's errors")),
                 with_answer(text="Errors fall with n.", png=plot_png("bob's errors")),
                 with_answer(text="")]
    for name, content in zip(NAMES, notebooks):
        result = empty_result(placeholders, "graded", "")
        result["manual"] = manual_answers(content, ["experiment"])
        store.add("genz", Submission(name, f"{name}.ipynb", content), "test", result)
    return tmp_path


class Server:
    """`seqkit review DIR` in its own process, as the instructor starts it."""

    def __init__(self, folder):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "seqkit.cli", "review", str(folder), "--port",
             str(self.port), "--no-browser"], cwd=paths.ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                assert self.proc.poll() is None, self.proc.stdout.read()
                time.sleep(0.2)
        raise AssertionError("seqkit review did not start listening")

    def stop(self):
        """Ctrl-C: the server writes gradebook, feedback and report, then exits."""
        self.proc.send_signal(signal.SIGINT)
        out, _ = self.proc.communicate(timeout=120)
        assert self.proc.returncode == 0, out
        return out


def wait(driver, condition, what, timeout=15):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait
    try:
        return WebDriverWait(driver, timeout).until(lambda d: condition(d), message=what)
    except TimeoutException:
        raise AssertionError(f"{what}: not so after {timeout} s; the page shows "
                             f"{text(driver, 'subname')!r}, says {text(driver, 'notice')!r}, "
                             f"{text(driver, 'saved')!r}") from None


def text(driver, id_):
    return driver.find_element("id", id_).text


def keys(driver, *sequence):
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(driver).send_keys(*sequence).perform()


def saved(driver):
    wait(driver, lambda d: text(d, "saved").startswith("saved"), "the page says saved")


def showing(driver, name):
    wait(driver, lambda d: text(d, "subname") == name, f"the page shows {name}")


def open_page(driver, url, grader):
    driver.get(url)
    wait(driver, lambda d: text(d, "subname"), "the page shows a submission")
    field = driver.find_element("id", "grader")
    if field.get_attribute("value") != grader:
        if not field.get_attribute("value"):
            assert text(driver, "notice") == ("Type your name in the grader field: it is saved "
                                              "with every grade.")
        field.clear()
        field.send_keys(grader)
    driver.execute_script("document.activeElement.blur()")


def field(driver, id_):
    return driver.find_element("id", id_).get_attribute("value")


@pytest.mark.quick
def test_an_instructor_grades_by_hand_in_the_browser(folder, tmp_path):
    from selenium.webdriver.common.keys import Keys
    browser.require()
    server = Server(folder)
    ada = browser.chromium()
    bob = None
    try:
        open_page(ada, server.url, "Ada")
        showing(ada, "alice")
        assert not ada.find_element("id", "notice").is_displayed()  # asked for the name, then gone
        image = ada.find_element("css selector", "#images img")
        wait(ada, lambda d: d.execute_script("return arguments[0].naturalWidth", image) > 0,
             "the student's plot is shown")
        assert "mean error" in ada.find_element("css selector", "#text strong").text
        assert "<script>" in text(ada, "text") and ada.title != "pwned"  # shown, never run
        assert "Rubric" in text(ada, "rubric")
        if os.environ.get("SEQKIT_REVIEW_SCREENSHOT"):
            ada.save_screenshot(os.environ["SEQKIT_REVIEW_SCREENSHOT"])

        keys(ada, "3")                                   # a digit gives that many points
        saved(ada)
        keys(ada, "c")                                   # c: to the comment
        keys(ada, "Clear plot, no numbers quoted.")
        saved(ada)
        keys(ada, Keys.ESCAPE, "j")                      # leave the field, next submission
        showing(ada, "bob")
        assert field(ada, "points") == "" and text(ada, "saved") == "not reviewed yet"
        keys(ada, "k")
        showing(ada, "alice")
        assert (field(ada, "points"), field(ada, "comment")) == (
            "3", "Clear plot, no numbers quoted.")

        # points over the maximum: one line, the field keeps what was typed, nothing saved
        keys(ada, "p", Keys.BACKSPACE, "5")
        wait(ada, lambda d: text(d, "saved") == "NOT SAVED", "the page says not saved")
        assert text(ada, "notice") == "alice, experiment: 5 points: this question is worth at most 4; not saved"
        keys(ada, Keys.ENTER)                            # cannot leave an answer that is not saved
        time.sleep(0.5)
        assert text(ada, "subname") == "alice" and field(ada, "points") == "5"
        keys(ada, Keys.BACKSPACE, "4")
        saved(ada)
        assert not ada.find_element("id", "notice").is_displayed()

        ada.refresh()                                    # the browser forgets; the server kept it
        showing(ada, "alice")
        assert (field(ada, "points"), field(ada, "comment")) == ("4", "Clear plot, no numbers quoted.")
        assert field(ada, "grader") == "Ada"

        out = server.stop()                              # the server stops ...
        assert "gradebook.csv" in out
        with open(folder / "gradebook.csv", newline="") as fh:
            row = {r["submission"]: r for r in csv.DictReader(fh)}
        assert (row["alice"]["experiment"], row["alice"]["total_with_manual"],
                row["bob"]["not_reviewed"]) == ("4", "4", "experiment")
        server = Server(folder)                          # ... and starts again: all there

        bob = browser.chromium()                         # a second grader resumes
        open_page(bob, server.url, "Bob")
        showing(bob, "bob")                              # the first one not yet reviewed
        keys(bob, "2")
        saved(bob)
        keys(bob, "u")                                   # next not yet reviewed
        showing(bob, "carol")
        assert text(bob, "text") == "" and text(bob, "images") == "(no plot in the notebook)"

        open_page(ada, server.url + "#experiment/alice", "Ada")  # Ada's page shows alice: 4 ...
        showing(ada, "alice")
        bob.find_element("xpath", "//nav//li[span[text()='alice']]").click()
        showing(bob, "alice")
        assert field(bob, "points") == "4"
        keys(bob, "1")                                   # ... Bob changes it to 1 meanwhile
        saved(bob)
        keys(ada, "c", " Good.")                         # Ada, not having seen that, saves
        saved(ada)
        notice = text(ada, "notice")
        assert re.fullmatch(r'Bob had saved 1 point\(s\) \("Clear plot, no numbers quoted\."\) '
                            r"for alice at \d\d:\d\d:\d\d, after this page showed it; your grade "
                            r"replaced theirs \(theirs stays in results.sqlite's history\)\.",
                            notice), notice
        bob.refresh()                                    # the later one counts
        showing(bob, "alice")
        assert (field(bob, "points"), field(bob, "comment")) == ("4", "Clear plot, no numbers quoted. Good.")
    finally:
        for driver in (ada, bob):
            if driver is not None:
                driver.quit()
        if server.proc.poll() is None:
            server.stop()
    history = Store(folder / "results.sqlite").review_history()
    assert [(r["grader"], r["points"]) for r in history if r["submission"] == "alice"][-2:] == [
        ("Bob", 1.0), ("Ada", 4.0)]
