"""Submissions with a written answer and a plot for genz's `experiment`, as a
student leaves them after running the experiment (for tests/test_review*.py)."""
import base64
import io
import json

from seqkit import paths

ANSWER = ("The **mean error** falls from 0.2 at n = 10 to 0.01 at n = 500 in d = 2, "
          "and hardly moves in d = 10.\n\n<script>document.title='pwned'</script> "
          "[click](javascript:alert(1))")


def plot_png(title="errors against n"):
    """A real matplotlib plot, as PNG bytes."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 3))
    n = [10, 50, 100, 500]
    for d, err in ((2, [0.2, 0.05, 0.02, 0.01]), (10, [0.3, 0.2, 0.19, 0.18])):
        ax.loglog(n, err, "o-", label=f"d = {d}")
    ax.set_title(title)
    ax.legend()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    plt.close(fig)
    return buf.getvalue()


def with_answer(example="01-perfect.ipynb", text=ANSWER, png=None):
    """The example notebook's bytes with `text` in the experiment's answer cell and,
    with png given, that image as the output of the plotting cell above the question."""
    nb = json.loads((paths.ROOT / "examples" / "genz" / example).read_text())
    cells = nb["cells"]
    prompt = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                  and "".join(c["source"]).startswith("<!-- BEGIN QUESTION -->")
                  and "`experiment`" in "".join(c["source"]))
    cells[prompt + 1]["source"] = text
    if png is not None:
        cells[prompt - 1]["outputs"] = [
            {"output_type": "stream", "name": "stdout", "text": "36 fits in 58.1 s\n"},
            {"output_type": "display_data", "metadata": {},
             "data": {"image/png": base64.b64encode(png).decode(), "text/plain": "<Figure>"}}]
    return json.dumps(nb).encode()
