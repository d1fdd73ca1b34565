from otter.test_files import test_case

OK_FORMAT = False

name = "MyRNNCell"
points = 3

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_MyRNNCell_public(MyRNNCell):
    import re
    import numpy as np
    import keras
    rng = np.random.default_rng(4)
    batch, T, input_dim, units = (2, 5, 3, 4)
    xs = rng.uniform(-1, 1, (batch, T, input_dim)).astype('float32')
    what = f'keras.layers.RNN(MyRNNCell({units}), return_sequences=True)'

    def run(layer):
        try:
            return keras.ops.convert_to_numpy(layer(xs))
        except Exception as exc:
            probe = MyRNNCell(units)
            try:
                probe.build((batch, input_dim))
                n_weights = len(probe.weights)
            except Exception:
                n_weights = None
            hint = 'build created no weights: is the TODO in build still open?' if n_weights == 0 else 'check that build creates the weights with self.add_weight and that call returns a pair (h, [h]) computed with keras.ops'
            message = re.sub('\\x1b\\[[0-9;]*m', '', str(exc)).strip().splitlines()
            raise AssertionError(f"{what} failed on inputs of shape {xs.shape}: {type(exc).__name__}: {' '.join(message[:3])}\nHint: {hint}") from None
    layer = keras.layers.RNN(MyRNNCell(units), return_sequences=True)
    out = run(layer)
    assert out.shape == (batch, T, units), f'{what} must return shape {(batch, T, units)}, got {out.shape}'
    shapes = [tuple(w.shape) for w in layer.get_weights()]
    expected = [(input_dim, units), (units, units), (units,)]
    assert shapes == expected, f'get_weights() must be [kernel, recurrent_kernel, bias] with shapes {expected}, got {shapes}'
    kernel = rng.uniform(-1, 1, (input_dim, units)).astype('float32')
    recurrent = rng.uniform(-1, 1, (units, units)).astype('float32')
    bias = np.array([0.5, -0.25, 1.0, -1.0], dtype='float32')
    zeros_k, zeros_r, zeros_b = (np.zeros_like(kernel), np.zeros_like(recurrent), np.zeros_like(bias))
    layer.set_weights([zeros_k, zeros_r, bias])
    assert np.allclose(run(layer), np.tanh(bias), atol=1e-05), 'with kernel = 0 and recurrent_kernel = 0 the output must be tanh(bias) at every step'
    layer.set_weights([kernel, zeros_r, zeros_b])
    assert np.allclose(run(layer), np.tanh(xs @ kernel), atol=1e-05), 'with recurrent_kernel = 0 and bias = 0 the output at step t must be tanh(x_t @ kernel)'
    layer.set_weights([zeros_k, recurrent, bias])
    out = run(layer)
    h1 = np.tanh(bias)
    h2 = np.tanh(h1 @ recurrent + bias)
    assert np.allclose(out[:, 0], h1, atol=1e-05) and np.allclose(out[:, 1], h2, atol=1e-05), 'the state must feed back: with kernel = 0 and h_0 = 0 the outputs must start h_1 = tanh(bias), h_2 = tanh(h_1 @ recurrent_kernel + bias)'

