"""Hypothesis strategies for the hidden tests, composable like hypothesis' own.

Two choices keep draws from hiding mistakes: every array has distinct
elements (hypothesis.extra.numpy.arrays otherwise fills most of an array with
one repeated value, which makes matrices symmetric and hides transposes), and
biases are drawn away from zero (a zero bias hides a missing one).

Hypothesis draws shapes, dtypes and a seed; element values come from a
seeded uniform generator.  Drawing each element through hypothesis made
shrinking one wrong answer cost minutes (the shrinker's work grows with the
square of the number of choices); shrinking the shapes is what makes a
counterexample small and readable.
"""
import zlib

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


def distinct_arrays(shape, dtype, low=-1.0, high=1.0, min_magnitude=0.0, label=""):
    """Arrays of `shape` with distinct uniform elements in [low, high].

    min_magnitude > 0 keeps every element at least that far from zero.
    label: the argument's name (e.g. "h_prev"); it salts the seed, so that
        when shrinking takes every seed to 0 the arrays of one example still
        differ (the same numbers in `h_prev` and a row of `W_hh` would look
        like a trick, and can hide which argument is misused).
    """
    return st.integers(0, 2**31 - 1).map(
        lambda seed: from_seed(shape, dtype, low, high, seed, min_magnitude, label))


def from_seed(shape, dtype, low=-1.0, high=1.0, seed=0, min_magnitude=0.0, label=""):
    """A fixed array of distinct uniform values (also for pinned @example cases)."""
    # crc32, not hash(): Python salts str hashes per process, grading must not change
    entropy = [seed, zlib.crc32(label.encode())] if label else seed
    rng = np.random.default_rng(entropy)

    def uniform(size):
        values = rng.uniform(low, high, size=size)
        if min_magnitude > 0:  # low < 0 < high
            # Squeeze each side away from zero rather than clip: clipping would make
            # every value inside (-min_magnitude, min_magnitude) equal.
            values = np.where(values < 0, low + (values - low) * (1 + min_magnitude / low),
                              min_magnitude + values * (1 - min_magnitude / high))
        return values.astype(dtype)

    out = uniform(shape)
    flat = out.reshape(-1)  # a view: what is redrawn lands in `out`
    # Rounding to float32 makes two draws equal about once in a thousand arrays of a few
    # hundred values: those are drawn again, from the same generator, so the array still
    # depends on the seed alone and is unchanged wherever nothing collided.
    while True:
        _, first = np.unique(flat, return_index=True)
        again = np.setdiff1d(np.arange(flat.size), first)
        if again.size == 0:
            return out
        flat[again] = uniform(again.size)


def masks(shape):
    """Boolean masks with at least one True in every row (last axis)."""
    def fix(m):
        m = m.copy()
        m[..., 0] |= ~m.any(axis=-1)  # a row with nothing to attend to is not valid input
        return m
    return hnp.arrays(bool, shape).map(fix)
