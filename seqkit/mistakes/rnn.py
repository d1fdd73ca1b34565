"""Known mistakes of the rnn assignment."""
import numpy as np

from seqkit import rnn as ref
from seqkit.mistakes.base import Catalogue, Mistake


def _step_probes(case):
    x_t, h_prev, W_xh, W_hh, b_h = case
    units = W_hh.shape[0]
    # a one-hot state isolates the recurrent term: row 0 of W_hh, or column 0 when transposed
    one_hot = np.zeros_like(h_prev)
    one_hot[:, 0] = 1
    return [{"case": (x_t, one_hot, W_xh, W_hh, b_h)},
            {"case": (np.zeros_like(x_t), h_prev, W_xh, W_hh, b_h)}] if units > 1 else [
            {"case": (np.zeros_like(x_t), h_prev, W_xh, W_hh, b_h)}]


RNN_STEP = Catalogue(
    "rnn_step",
    reference=lambda case: ref.rnn_step(*case),
    answer=lambda student, case: student.call("rnn_step", *case),
    probes=lambda case: _step_probes(case),
    mistakes=(
        Mistake("recurrent-transposed",
                "the recurrent weights are used transposed (`h_prev @ W_hh.T`, or "
                "`W_hh @ h_prev`); in Keras orientation the state multiplies from the left: "
                "`h_prev @ W_hh`.",
                lambda case: np.tanh(case[0] @ case[2] + case[1] @ case[3].T + case[4])),
        Mistake("missing-tanh",
                "the tanh is missing: the new state is `tanh(x_t @ W_xh + h_prev @ W_hh + b_h)`, "
                "not the pre-activation itself.",
                lambda case: case[0] @ case[2] + case[1] @ case[3] + case[4]),
        Mistake("missing-bias",
                "the bias `b_h` is left out of the sum inside the tanh.",
                lambda case: np.tanh(case[0] @ case[2] + case[1] @ case[3])),
    ),
)

CATALOGUE = [RNN_STEP]
