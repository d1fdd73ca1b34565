"""`seqkit examples`: a small example class per assignment, made from the solutions.

Each class holds the submissions an instructor meets in real life: perfect,
partial, untouched, typical mistakes, an Otter export zip, broken JSON, a
hanging cell and a notebook that exits.  Everything is derived from the
solution notebook and the built student notebook, so it stays in step.
"""
import copy
import io
import re
import shutil
import zipfile

import nbformat

from seqkit import paths

# The file names of every example class, defined here only: the tests and the
# benchmarks import them.  The mistakes' files sit between UNTOUCHED and
# HANGING, numbered in the order of their labels (see mistake_files).
PERFECT = "01-perfect.ipynb"
PARTIAL = "02-partial.ipynb"
UNTOUCHED = "03-untouched.ipynb"
HANGING = "07-hanging-cell.ipynb"
EXITS = "08-exits-while-running.ipynb"
EXPORT = "09-otter-export.zip"        # what Otter's grader.export() hands in
BROKEN_JSON = "10-broken-json.ipynb"
NOT_A_NOTEBOOK = "11-not-a-notebook.ipynb"

# Typical mistakes, each the student's answer to one question (it replaces the
# solution in that question's answer cell).
MISTAKES = {
    "genz": {
        "oscillatory-no-2pi": "def oscillatory(x, c, w):\n    return np.cos(w[0] + x @ c)\n",
        "corner-peak-exponent": "def corner_peak(x, c, w):\n"
                                "    return (1 + x @ c) ** (-x.shape[1])\n",
        "errors-broadcast": "def approximation_errors(y_true, y_pred):\n"
                            "    err = np.abs(np.asarray(y_true) - np.asarray(y_pred))\n"
                            "    return float(err.mean()), float(err.max())\n",
    },
    "rnn": {
        "transposed-recurrence": "def rnn_step(x_t, h_prev, W_xh, W_hh, b_h):\n"
                                 "    return np.tanh(x_t @ W_xh + h_prev @ W_hh.T + b_h)\n",
        "state-not-carried": "def rnn_forward(xs, h0, W_xh, W_hh, b_h):\n"
                             "    return np.stack([rnn_step(xs[:, t], h0, W_xh, W_hh, b_h)\n"
                             "                     for t in range(xs.shape[1])], axis=1)\n",
        "clip-each-separately": "def clip_by_global_norm(grads, max_norm):\n"
                                "    norms = [np.linalg.norm(g) for g in grads]\n"
                                "    total = float(np.sqrt(sum(n ** 2 for n in norms)))\n"
                                "    return [g * max_norm / max(n, max_norm) for g, n in zip(grads, norms)], total\n",
    },
    "lstm": {
        "pytorch-gate-order": "def lstm_gates(x_t, h_prev, W, U, b):\n"
                              "    z = x_t @ W + h_prev @ U + b\n"
                              "    i, f, o, g = np.split(z, 4, axis=-1)\n"
                              "    return sigmoid(i), sigmoid(f), np.tanh(g), sigmoid(o)\n",
        "h-without-tanh": "def lstm_step(x_t, h_prev, c_prev, W, U, b):\n"
                          "    i, f, g, o = lstm_gates(x_t, h_prev, W, U, b)\n"
                          "    c = f * c_prev + i * g\n"
                          "    return o * c, c\n",
        "overflowing-sigmoid": "def sigmoid(z):\n    return np.exp(z) / (1 + np.exp(z))\n",
    },
    "attention": {
        "no-max-subtraction": "def softmax(z, axis=-1):\n"
                              "    e = np.exp(z)\n"
                              "    return e / e.sum(axis=axis, keepdims=True)\n",
        "scale-by-d": "def scaled_dot_product_attention(Q, K, V, mask=None):\n"
                      "    s = Q @ np.swapaxes(K, -1, -2) / Q.shape[-1]\n"
                      "    if mask is not None:\n"
                      "        s = np.where(mask, s, -np.inf)\n"
                      "    w = softmax(s, axis=-1)\n"
                      "    return w @ V, w\n",
        "interleaved-heads": "def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):\n"
                             "    outs = [attention_head(X, W_q[:, h::num_heads], W_k[:, h::num_heads],\n"
                             "                           W_v[:, h::num_heads], mask)[0]\n"
                             "            for h in range(num_heads)]\n"
                             "    return np.concatenate(outs, axis=-1) @ W_o\n",
    },
    "forecast": {
        "shuffled-split": "def split_series(series, train_frac, val_frac):\n"
                          "    s = np.random.default_rng(0).permutation(np.asarray(series))\n"
                          "    n_train, n_val = int(len(s) * train_frac), int(len(s) * val_frac)\n"
                          "    return s[:n_train], s[n_train:n_train + n_val], s[n_train + n_val:]\n",
        "statistics-from-all-data": "def standardize(train, *others):\n"
                                    "    everything = np.concatenate([train, *others])\n"
                                    "    mean, std = everything.mean(axis=0), everything.std(axis=0)\n"
                                    "    std = np.where(std == 0, 1.0, std)\n"
                                    "    return mean, std, [(a - mean) / std for a in (train, *others)]\n",
        "target-off-by-one": "def make_windows(series, window, horizon):\n"
                             "    s = np.asarray(series).reshape(len(series), -1)\n"
                             "    n = len(s) - window - horizon\n"
                             "    if window < 1 or horizon < 1 or n < 1:\n"
                             "        raise ValueError('no window fits')\n"
                             "    X = np.stack([s[k:k + window] for k in range(n)])\n"
                             "    return X, s[window + horizon:window + horizon + n, 0]\n",
    },
    "language": {
        "repeated-ids-overwritten": "def embedding_backward(d_out, ids, vocab_size):\n"
                                    "    d_out = np.asarray(d_out)\n"
                                    "    dW = np.zeros((vocab_size, d_out.shape[-1]), dtype=d_out.dtype)\n"
                                    "    dW[np.asarray(ids)] += d_out\n"
                                    "    return dW\n",
        "tanh-derivative-of-input": "def rnn_step_backward(d_h, x_t, h_prev, W_xh, W_hh, b_h):\n"
                                    "    x_t, h_prev = np.asarray(x_t), np.asarray(h_prev)\n"
                                    "    a = x_t @ W_xh + h_prev @ W_hh + b_h\n"
                                    "    da = np.asarray(d_h) * (1 - a ** 2)\n"
                                    "    return (da @ np.asarray(W_xh).T, da @ np.asarray(W_hh).T,\n"
                                    "            x_t.T @ da, h_prev.T @ da, da.sum(axis=0))\n",
        "temperature-multiplies": "def sample_next(logits, temperature, rng):\n"
                                  "    logits = np.asarray(logits, dtype=np.float64)\n"
                                  "    if temperature < 0:\n"
                                  "        raise ValueError('negative temperature')\n"
                                  "    if temperature == 0:\n"
                                  "        return np.argmax(logits, axis=-1).astype(np.int64)\n"
                                  "    z = logits * temperature\n"
                                  "    p = np.exp(z - z.max(axis=-1, keepdims=True))\n"
                                  "    cdf = np.cumsum(p / p.sum(axis=-1, keepdims=True), axis=-1)\n"
                                  "    cdf /= cdf[:, -1:]\n"
                                  "    u = rng.random(logits.shape[0])\n"
                                  "    return np.sum(cdf <= u[:, None], axis=-1).astype(np.int64)\n",
    },
}


def mistake_files(name):
    """{mistake label: file name} of one assignment's example class."""
    return {label: f"{i:02d}-mistake-{label}.ipynb"
            for i, label in enumerate(sorted(MISTAKES[name]), start=4)}


def gradable(name):
    """The file names of the class that grade normally, in order: the ones that
    test neither time limits nor invalid input."""
    return [PERFECT, PARTIAL, UNTOUCHED, *mistake_files(name).values()]


def _source(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def solution_cells(name):
    """The solution code cells of the master notebook, markers removed."""
    master = nbformat.read(paths.SOLUTIONS / f"{name}.ipynb", as_version=4)
    cells, inside = [], False
    for cell in master.cells:
        src = _source(cell)
        if cell.cell_type == "raw":
            if src.startswith("# BEGIN SOLUTION"):
                inside = True
            elif src.startswith("# END SOLUTION"):
                inside = False
        elif inside and cell.cell_type == "code":
            lines = [ln.replace("# SOLUTION", "").rstrip() if ln.rstrip().endswith("# SOLUTION") else ln
                     for ln in src.splitlines()
                     if "# BEGIN SOLUTION" not in ln and "# END SOLUTION" not in ln]
            cells.append("\n".join(lines))
    return cells


def _filled(student, answers):
    """The student notebook with its first len(answers) answer cells filled in."""
    nb = copy.deepcopy(student)
    slots = [c for c in nb.cells if c.cell_type == "code"
             and "otter_answer_cell" in c.metadata.get("tags", [])]
    for cell, answer in zip(slots, answers):
        cell.source = answer
    return nb


def _answered(answers, source):
    """The answers with the one that defines the same function as `source` replaced."""
    name = re.search(r"^(?:def|class) (\w+)", source, re.M).group(1)
    slot = next(i for i, a in enumerate(answers) if re.search(rf"^(?:def|class) {name}\b", a, re.M))
    return answers[:slot] + [source] + answers[slot + 1:]


def _with_cell(nb, source, at_end=True):
    nb = copy.deepcopy(nb)
    cell = nbformat.v4.new_code_cell(source)
    cell.id = f"example-{len(nb.cells)}"
    if at_end:
        nb.cells.append(cell)
    else:
        nb.cells.insert(1, cell)
    return nb


def example_class(name):
    """{file name: bytes} of the example class of one assignment."""
    student = nbformat.read(paths.ASSIGNMENTS / name / f"{name}.ipynb", as_version=4)
    answers = solution_cells(name)
    perfect = _filled(student, answers)
    files = {
        PERFECT: perfect,
        PARTIAL: _filled(student, answers[: len(answers) // 2]),
        UNTOUCHED: student,
    }
    for label, file_name in mistake_files(name).items():
        files[file_name] = _filled(student, _answered(answers, MISTAKES[name][label]))
    files[HANGING] = _with_cell(
        perfect, "# a debugging loop left behind\nwhile True:\n    pass\n")
    files[EXITS] = _with_cell(
        perfect, "import os\nos._exit(1)  # 'restart the kernel', the hard way\n", at_end=False)
    out = {k: nbformat.writes(v).encode() + b"\n" for k, v in files.items()}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo(f"{name}.ipynb", date_time=(2026, 1, 1, 0, 0, 0))
        zf.writestr(info, out[PERFECT])
    out[EXPORT] = buf.getvalue()
    out[BROKEN_JSON] = out[PERFECT][:-200]
    out[NOT_A_NOTEBOOK] = b"\x89PNG\r\n\x1a\n this is a picture, not a notebook"
    return out


def write_examples(name, root=paths.EXAMPLES):
    """Write the example class of one assignment into root/name; -> that folder."""
    folder = root / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for file_name, data in example_class(name).items():
        (folder / file_name).write_bytes(data)
    return folder
