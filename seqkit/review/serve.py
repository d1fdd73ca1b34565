"""`seqkit review DIR`: serve the review page on this machine and open it.

Every grade is in results.sqlite the moment it is saved.  When the server
stops (Ctrl-C), gradebook.csv, the feedback files and report.html are
written again with the points given by hand.
"""
import socket
import threading
import webbrowser

import uvicorn

from seqkit.review.app import create_app
from seqkit.review.folder import ReviewFolder

HOST = "127.0.0.1"  # this machine only


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rewrite_outputs(review):
    """gradebook.csv, feedback and report.html, with the points given so far."""
    from seqkit import i18n
    from seqkit.grading.outputs import graded_languages, write_outputs
    rows = review.store.latest(review.assignment.name)
    # in the language the folder was graded in, as seqkit merge does
    languages = graded_languages(rows)
    lang = languages.pop() if len(languages) == 1 else i18n.SOURCE
    write_outputs(review.assignment, rows, review.folder, lang)


def serve(folder, port=None, open_browser=True):
    """Blocks until Ctrl-C; raises ReviewError (one line) for a folder it cannot review."""
    review = ReviewFolder(folder)
    port = port or free_port()
    url = f"http://{HOST}:{port}/"
    print(f"{review.assignment.name}: reviewing {folder} at {url}  (Ctrl-C to stop; every grade is "
          "saved in results.sqlite as it is entered)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    try:
        uvicorn.run(create_app(review), host=HOST, port=port, log_level="warning")
    finally:
        # the files are rewritten under the folder's lock: a `seqkit grade` running on
        # the folder writes them itself when it ends, reviews included
        from seqkit.grading.locks import Busy, output_folder
        try:
            with output_folder(review.folder):
                rewrite_outputs(review)
            print(f"wrote {review.folder / 'gradebook.csv'}, feedback/ and report.html "
                  "with the points given by hand")
        except Busy as exc:
            print(f"{exc}: that run writes gradebook.csv with the points given by hand")
