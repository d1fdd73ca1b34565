"""The hidden tests' data builders keep their promises: in bounds, away from
zero when asked, and every element distinct (a repeated value can make a
matrix symmetric and hide a transpose)."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from seqkit.strategies import distinct_arrays


@settings(max_examples=50, deadline=None)
@given(data=st.data(), n=st.integers(1, 400), dtype=st.sampled_from([np.float32, np.float64]),
       min_magnitude=st.sampled_from([0.0, 0.05, 0.3]))
def test_distinct_arrays_are_distinct_in_bounds_and_away_from_zero(data, n, dtype, min_magnitude):
    values = data.draw(distinct_arrays((n,), dtype, min_magnitude=min_magnitude))
    assert values.dtype == dtype and values.shape == (n,)
    assert np.all((values >= -1) & (values <= 1))
    assert np.all(np.abs(values) >= np.float32(min_magnitude) * (1 - 1e-6))
    assert len(np.unique(values)) == n
