"""What a student left for each manually graded question, read from the submitted notebook.

Taken at grading time and stored in results.sqlite with the result, so that
`seqkit review` needs neither the submission files (folders get moved, shards
merged) nor to run anything.  Nothing is executed: the outputs are the ones the
student's own run saved in the notebook.

A question's cells in the student notebook (Otter Assign's layout):
- the prompt: a markdown cell that begins with `<!-- BEGIN QUESTION -->` and
  names the question in backticks (`### Question 5.1: `experiment` ...`);
- the answer: every cell after it up to the one that begins with
  `<!-- END QUESTION -->`; its markdown is the written answer;
- the plot: the image outputs of the code cells inside the question and of
  the run of code cells just above the prompt (the experiment's cells).
"""
import base64
import binascii
import json

MAX_TEXT = 20_000          # characters of written answer kept per question
MAX_STREAM = 4_000         # characters of printed output kept per question
MAX_IMAGES = 8
MAX_IMAGE_BYTES = 4 * 2**20
IMAGE_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
PLACEHOLDER = "_Type your answer here, replacing this text._"  # Otter's empty answer cell


def _text(value):
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def _outputs(cell, images, streams):
    for out in cell.get("outputs") or []:
        if not isinstance(out, dict):
            continue
        if out.get("output_type") == "stream":
            streams.append(_text(out.get("text")))
        data = out.get("data") if isinstance(out.get("data"), dict) else {}
        for mime, magic in IMAGE_MAGIC.items():
            encoded = _text(data.get(mime)).replace("\n", "")
            if not encoded or len(images) >= MAX_IMAGES or len(encoded) > MAX_IMAGE_BYTES * 4 // 3:
                continue
            try:
                raw = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                continue
            if raw.startswith(magic):  # an image, not whatever a student put under the key
                images.append({"mime": mime, "data": base64.b64encode(raw).decode()})
            break


def _answer(cells, start):
    """The answer of the question whose prompt is cells[start]."""
    texts, images, streams = [], [], []
    above = start
    while above > 0 and cells[above - 1].get("cell_type") == "code":
        above -= 1
    for cell in cells[above:start]:
        _outputs(cell, images, streams)
    for cell in cells[start + 1:]:
        source = _text(cell.get("source"))
        if source.lstrip().startswith("<!-- END QUESTION -->"):
            break
        if cell.get("cell_type") == "markdown":
            texts.append(source)
        elif cell.get("cell_type") == "code":
            _outputs(cell, images, streams)
    text = "\n\n".join(t for t in texts if t.strip())
    if text.strip() == PLACEHOLDER:
        text = ""
    return {"text": text[:MAX_TEXT], "truncated": len(text) > MAX_TEXT, "images": images,
            "output": "".join(streams)[-MAX_STREAM:]}


def manual_answers(content, names):
    """{question: {"text", "truncated", "images": [{"mime", "data"}], "output"}} for
    the manual questions `names` found in the notebook's bytes; a question whose
    cells are not there is left out.  A notebook that is not readable gives {}."""
    try:
        nb = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return {}
    cells = [c for c in cells if isinstance(c, dict)]
    found = {}
    for i, cell in enumerate(cells):
        source = _text(cell.get("source"))
        if cell.get("cell_type") != "markdown" or not source.lstrip().startswith(
                "<!-- BEGIN QUESTION -->"):
            continue
        for name in names:
            if f"`{name}`" in source and name not in found:
                found[name] = _answer(cells, i)
    return found
