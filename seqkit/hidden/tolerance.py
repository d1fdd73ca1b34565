"""How close an answer must be to the reference: one rule for the hidden tests and the diagnosis.

Elementwise |got - expected| <= ATOL * scale + RTOL * |expected|, where scale is
the largest finite |expected| (at least 1): a float32 answer of a large
quantity is not failed for its last digits.  Keras runs in float32, and these
tolerances are float32's.
"""
import numpy as np

RTOL, ATOL = 1e-4, 1e-5


def close(got, expected, rtol=RTOL, atol=ATOL, equal_nan=False):
    """Elementwise: is got ≈ expected?  got, expected: float64 arrays of one shape."""
    scale = max(1.0, float(np.max(np.abs(expected), initial=0, where=np.isfinite(expected))))
    return np.isclose(got, expected, rtol=rtol, atol=atol * scale, equal_nan=equal_nan)
