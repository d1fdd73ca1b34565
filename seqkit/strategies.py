"""Hypothesis strategies for the hidden tests, composable like hypothesis' own.

Two choices keep draws from hiding mistakes: every array has distinct
elements (hypothesis.extra.numpy.arrays otherwise fills most of an array with
one repeated value, which makes matrices symmetric and hides transposes), and
biases are drawn away from zero (a zero bias hides a missing one).
"""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

FLOAT_DTYPES = (np.float32, np.float64)


def dtypes():
    """float32 or float64."""
    return st.sampled_from(FLOAT_DTYPES)


def dims(min_value=1, max_value=8):
    """A size such as batch, T or a feature dimension."""
    return st.integers(min_value, max_value)


def distinct_arrays(shape, dtype, low=-1.0, high=1.0, min_magnitude=0.0):
    """Arrays of `shape` whose elements are distinct floats in [low, high].

    min_magnitude > 0 keeps every element at least that far from zero.
    """
    if np.dtype(dtype) == np.float32:
        # hypothesis wants bounds that float32 represents exactly
        low, high, width = float(np.float32(low)), float(np.float32(high)), 32
    else:
        width = 64
    elements = st.floats(low, high, width=width, allow_subnormal=False)
    if min_magnitude > 0:
        elements = elements.filter(lambda v: abs(v) >= min_magnitude)
    return hnp.arrays(dtype, shape, elements=elements, unique=True)


def from_seed(shape, dtype, low=-1.0, high=1.0, seed=0):
    """A fixed array of distinct uniform values, for pinned @example cases."""
    rng = np.random.default_rng(seed)
    return rng.uniform(low, high, size=shape).astype(dtype)


def masks(shape):
    """Boolean masks with at least one True in every row (last axis)."""
    def fix(m):
        m = m.copy()
        m[..., 0] |= ~m.any(axis=-1)  # a row with nothing to attend to is not valid input
        return m
    return hnp.arrays(bool, shape).map(fix)
