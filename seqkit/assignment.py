"""An assignment, loaded once: its questions, their points and dependencies, the questions
graded by hand, its languages and its files.

The solution notebook (solutions/<name>.ipynb) is the single source of truth:
its `# BEGIN QUESTION` cells give each question's name, points and `uses`
(the contract functions its answer may call, for error carried forward), and
its config cell the data files.  `Assignment.load(name)` reads it once per
process; the build, the grader, the worker and the report are all handed the
object it returns.  The texts of the questions graded by hand (prompt and
rubric) stay out of it, read on demand: `manual_texts()`.

Loading is cheap and safe anywhere: it imports neither the hidden tests nor
the references nor TensorFlow, so the command line, the report, the review
page and the main grading process (which must never hold the references:
its workers fork from it) use it freely.  The hidden tests, with the
notebook's points and dependencies and the known mistakes' catalogues, are a
separate, explicit step: `hidden_questions()`, which only a grading worker
(after forking its spawner) and the kit's own tests call.
"""
import dataclasses
import functools
import json
from pathlib import Path

import yaml

from seqkit import i18n, paths


@dataclasses.dataclass(frozen=True)
class Question:
    """An autograded question.  uses: the names of the questions whose contract functions
    its answer is meant to call (error carried forward, seqkit/grading/carry.py)."""
    name: str
    points: float
    uses: tuple = ()


@dataclasses.dataclass(frozen=True)
class ManualQuestion:
    """A question graded by hand; its prompt and rubric: Assignment.manual_texts()."""
    name: str
    points: float


@dataclasses.dataclass(frozen=True)
class Assignment:
    name: str
    questions: tuple      # Question, in notebook order
    manual: tuple         # ManualQuestion, in notebook order
    languages: tuple      # ("en", then every translation: seqkit.i18n.languages())
    solution: Path        # solutions/<name>.ipynb
    data_files: tuple     # Path under seqkit/data/ of each file its config names under `files:`

    @staticmethod
    def load(name):
        """The assignment `name`, read once per process; ValueError for an unknown name or a
        solution notebook that does not hold together (the message names the file)."""
        return _load(paths.check_name(name))

    @property
    def points(self):
        """{question: points} of the autograded questions, in notebook order."""
        return {q.name: q.points for q in self.questions}

    @property
    def possible(self):
        return float(sum(q.points for q in self.questions))

    def manual_texts(self):
        """{question graded by hand: {"prompt", "rubric"}}, read from the solution notebook.

        prompt: the question's markdown; rubric: the markdown cell of its solution block
        that begins with `**Rubric**` (the build strips the solution block, so students
        never see it), or "" when there is none.  Not part of the loaded Assignment: the
        grading process holds that while it forks its workers, and every student process
        starts from a copy of their memory.
        """
        return _read(self.solution)[2]

    def hidden_questions(self):
        """The hidden tests (seqkit.hidden.framework.Question, in notebook order) with the
        notebook's points and dependencies and the known mistakes' catalogues.

        Imports the hidden tests and the references: a grading worker calls this after it
        has forked the spawner of its students' processes, never the main process.
        """
        import importlib

        from seqkit.mistakes import catalogues

        module = importlib.import_module(f"seqkit.hidden.{self.name}")
        references = importlib.import_module(f"seqkit.{self.name}")
        tests = [q.name for q in module.QUESTIONS]
        if tests != [q.name for q in self.questions]:
            raise ValueError(f"{self.solution}: its questions {[q.name for q in self.questions]} "
                             f"are not those of seqkit/hidden/{self.name}.py, {tests}")
        known = catalogues(self.name)
        return [dataclasses.replace(test, points=q.points, catalogue=known.get(q.name),
                                    uses=tuple(getattr(references, u) for u in q.uses))
                for test, q in zip(module.QUESTIONS, self.questions)]


@functools.lru_cache(maxsize=None)
def _load(name):
    solution = paths.SOLUTIONS / f"{name}.ipynb"
    questions, manual, _, data_files = _read(solution)
    names = [q.name for q in questions]
    for q in questions:
        unknown = [u for u in q.uses if u not in names or u == q.name]
        if unknown:
            raise ValueError(f"{solution}: question {q.name} uses {unknown}, which are not "
                             "other autograded questions of this assignment")
    return Assignment(name, tuple(questions), tuple(manual), i18n.languages(), solution,
                      data_files)


def _read(solution):
    """-> ([Question], [ManualQuestion], {manual question: {"prompt", "rubric"}}, data files)."""
    if not solution.is_file():
        raise ValueError(f"{solution}: no such file (the solution notebook of {solution.stem})")
    cells = json.loads(solution.read_text())["cells"]
    texts = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
             for c in cells]
    questions, manual, texts_of, current, data_files = [], [], {}, None, ()
    for cell, src in zip(cells, texts):
        raw = cell["cell_type"] == "raw"
        if raw and src.startswith("# ASSIGNMENT CONFIG"):
            data_files = tuple(paths.DATA / f for f in _config(solution, src).get("files") or ())
        elif raw and src.startswith("# BEGIN QUESTION"):
            config, current = _config(solution, src), None
            points = float(config.get("points", 1.0))  # Otter's default
            if config.get("manual"):
                manual.append(ManualQuestion(config["name"], points))
                current = texts_of[config["name"]] = {"prompt": "", "rubric": ""}
            else:
                uses = config.get("uses") or ()
                uses = (uses,) if isinstance(uses, str) else tuple(uses)  # `uses: rnn_step`
                questions.append(Question(config["name"], points, uses))
        elif current is not None and cell["cell_type"] == "markdown":
            if not current["prompt"]:
                current["prompt"] = src
            elif src.lstrip().startswith("**Rubric**"):
                current["rubric"] = src
        elif raw and src.startswith("# END QUESTION"):
            current = None
    return questions, manual, texts_of, data_files


def _config(solution, src):
    """The YAML below a raw cell's first line, as a dict."""
    try:
        config = yaml.safe_load(src.split("\n", 1)[1] if "\n" in src else "") or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{solution}: a {src.splitlines()[0]!r} cell is not YAML ({exc})") \
            from None
    if not isinstance(config, dict):
        raise ValueError(f"{solution}: a {src.splitlines()[0]!r} cell is not a YAML mapping")
    return config
