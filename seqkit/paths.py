"""Where the kit's folders are, and the assignments it knows."""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
SOLUTIONS = ROOT / "solutions"
ASSIGNMENTS = ROOT / "assignments"
AUTOGRADER = ROOT / "autograder"
EXAMPLES = ROOT / "examples"
DATA = PACKAGE / "data"  # the data sets the notebooks read (shipped, never downloaded)

NAMES = ("genz", "rnn", "lstm", "attention", "forecast", "language")


def check_name(name):
    """The assignment name, or ValueError listing the known ones."""
    if name not in NAMES:
        raise ValueError(f"unknown assignment {name!r}; expected one of {', '.join(NAMES)}")
    return name
