"""The graded questions of each assignment and their points.

The solution notebooks are the single source of truth: points live in their
`# BEGIN QUESTION` cells, and the hidden tests take them from there.
"""
import json
import re

from seqkit import paths


def question_points(assignment):
    """[(name, points)] of the autograded (not manual) questions, in notebook order."""
    path = paths.SOLUTIONS / f"{paths.check_name(assignment)}.ipynb"
    nb = json.loads(path.read_text())
    out = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "raw" and src.startswith("# BEGIN QUESTION"):
            name = re.search(r"^name:\s*(\S+)", src, re.M).group(1)
            points = re.search(r"^points:\s*([\d.]+)", src, re.M)
            if not re.search(r"^manual:\s*true", src, re.M):
                out.append((name, float(points.group(1)) if points else 1.0))
    return out


def manual_questions(assignment):
    """[{"name", "points", "prompt", "rubric"}] of the questions graded by hand, in
    notebook order.  prompt: the question's markdown; rubric: the markdown cell
    inside its solution block that begins with `**Rubric**` (the build strips the
    solution block, so students never see it), or "" when there is none."""
    path = paths.SOLUTIONS / f"{paths.check_name(assignment)}.ipynb"
    cells = json.loads(path.read_text())["cells"]
    texts = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
    out, current = [], None
    for cell, src in zip(cells, texts):
        if cell["cell_type"] == "raw" and src.startswith("# BEGIN QUESTION"):
            current = None
            if re.search(r"^manual:\s*true", src, re.M):
                points = re.search(r"^points:\s*([\d.]+)", src, re.M)
                current = {"name": re.search(r"^name:\s*(\S+)", src, re.M).group(1),
                           "points": float(points.group(1)) if points else 1.0,
                           "prompt": "", "rubric": ""}
                out.append(current)
        elif current is not None and cell["cell_type"] == "markdown":
            if not current["prompt"]:
                current["prompt"] = src
            elif src.lstrip().startswith("**Rubric**"):
                current["rubric"] = src
        elif cell["cell_type"] == "raw" and src.startswith("# END QUESTION"):
            current = None
    return out


def load_questions(assignment):
    """The hidden tests of an assignment with the notebook's points (imports references)."""
    import dataclasses
    import importlib

    from seqkit.mistakes import catalogues

    module = importlib.import_module(f"seqkit.hidden.{paths.check_name(assignment)}")
    points = dict(question_points(assignment))
    missing = [q.name for q in module.QUESTIONS if q.name not in points]
    if missing:
        raise LookupError(f"solutions/{assignment}.ipynb has no question for {missing}")
    known = catalogues(assignment)
    return [dataclasses.replace(q, points=points[q.name], catalogue=known.get(q.name))
            for q in module.QUESTIONS]
