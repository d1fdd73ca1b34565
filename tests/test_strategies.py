"""The hidden tests' data builders keep their promises: in bounds, away from
zero when asked, and every element distinct (a repeated value can make a
matrix symmetric and hide a transpose)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seqkit.strategies import distinct_arrays, from_seed


@pytest.mark.quick
@settings(max_examples=50, deadline=None)
@given(data=st.data(), n=st.integers(1, 400), dtype=st.sampled_from([np.float32, np.float64]),
       min_magnitude=st.sampled_from([0.0, 0.05, 0.3]))
def test_distinct_arrays_are_distinct_in_bounds_and_away_from_zero(data, n, dtype, min_magnitude):
    values = data.draw(distinct_arrays((n,), dtype, min_magnitude=min_magnitude))
    assert values.dtype == dtype and values.shape == (n,)
    assert np.all((values >= -1) & (values <= 1))
    assert np.all(np.abs(values) >= np.float32(min_magnitude) * (1 - 1e-6))
    assert len(np.unique(values)) == n


@pytest.mark.quick
def test_values_that_float32_rounds_together_are_drawn_again():
    # the test above found it: seed 204 draws two of 188 float64 values that round to one
    # float32; the array stays what it was for every seed where nothing collides
    drawn = np.random.default_rng(204).uniform(-1, 1, size=188)
    assert len(np.unique(drawn.astype(np.float32))) == 187
    values = from_seed((188,), np.float32, seed=204)
    assert len(np.unique(values)) == 188
    assert np.sum(values != drawn.astype(np.float32)) == 1
    assert np.array_equal(from_seed((188,), np.float32, seed=205),
                          np.random.default_rng(205).uniform(-1, 1, size=188).astype(np.float32))


@pytest.mark.quick
def test_arrays_of_one_example_differ_even_when_every_seed_shrinks_to_zero():
    """Issue 12 item 6: the shrunk example's h_prev and W_hh (same shape, same
    bounds, seed 0 both) must not show the same numbers."""
    from seqkit.strategies import from_seed
    h_prev = from_seed((3, 3), np.float64, seed=0, label="h_prev")
    W_hh = from_seed((3, 3), np.float64, seed=0, label="W_hh")
    assert not np.isclose(h_prev[:, :, None], W_hh[None, None, :, :].reshape(1, 1, -1)).any()
    # the label is a salt, not a new stream per process: the same label, the same array
    assert np.array_equal(W_hh, from_seed((3, 3), np.float64, seed=0, label="W_hh"))


@pytest.mark.quick
def test_a_shrunk_rnn_counterexample_shows_each_argument_its_own_values():
    """Through a hidden test: a wrong rnn_step, shrunk, in its counterexample."""
    from seqkit.hidden.framework import run_question
    from seqkit.assignment import Assignment
    from seqkit.sandbox.inprocess import InProcessStudent
    (q,) = [q for q in Assignment.load("rnn").hidden_questions() if q.name == "rnn_step"]
    run_question(q, InProcessStudent({"rnn_step": lambda x_t, h_prev, W_xh, W_hh, b_h:
                                      np.tanh(x_t @ W_xh + h_prev @ W_hh.T + b_h)}))
    x_t, h_prev, W_xh, W_hh, b_h = q.failing["case"]
    values = [np.round(np.ravel(a), 5) for a in (x_t, h_prev, W_xh, W_hh, b_h)]
    for i, a in enumerate(values):
        for b in values[i + 1:]:
            assert not np.isin(a, b).any(), (a, b)
