from otter.test_files import test_case

OK_FORMAT = False

name = "MyLSTMCell"
points = 3

@test_case(points=None, hidden=False, 
    success_message="Self-check passed. This is NOT your grade: the hidden tests try many more shapes, dtypes and values.", 
    failure_message="Self-check failed: read the message above. (Passing self-checks is not the grade either.)")
def test_MyLSTMCell_public(MyLSTMCell):
    import re
    import numpy as np
    import keras
    rng = np.random.default_rng(4)
    batch, T, input_dim, units = (2, 5, 3, 2)
    xs = rng.uniform(-1, 1, (batch, T, input_dim)).astype('float32')
    what = f'keras.layers.RNN(MyLSTMCell({units}), return_sequences=True)'

    def run(layer):
        try:
            return keras.ops.convert_to_numpy(layer(xs))
        except Exception as exc:
            probe = MyLSTMCell(units)
            try:
                probe.build((batch, input_dim))
                n_weights = len(probe.weights)
            except Exception:
                n_weights = None
            hint = 'build created no weights: is the TODO in build still open?' if n_weights == 0 else 'check that build creates the weights with self.add_weight and that call returns a pair (h, [h, c]) computed with keras.ops'
            message = re.sub('\\x1b\\[[0-9;]*m', '', str(exc)).strip().splitlines()
            raise AssertionError(f"{what} failed on inputs of shape {xs.shape}: {type(exc).__name__}: {' '.join(message[:3])}\nHint: {hint}") from None
    layer = keras.layers.RNN(MyLSTMCell(units), return_sequences=True)
    out = run(layer)
    assert out.shape == (batch, T, units), f'{what} must return shape {(batch, T, units)}, got {out.shape}'
    shapes = [tuple(w.shape) for w in layer.get_weights()]
    expected = [(input_dim, 4 * units), (units, 4 * units), (4 * units,)]
    assert shapes == expected, f'get_weights() must be [kernel, recurrent_kernel, bias] with shapes {expected}, got {shapes}'
    ln3 = np.log(3.0)
    zeros_k = np.zeros((input_dim, 4 * units), 'float32')
    zeros_r = np.zeros((units, 4 * units), 'float32')
    layer.set_weights([zeros_k, zeros_r, np.repeat([0.0, ln3, ln3, -ln3], units).astype('float32')])
    out = run(layer)
    steps = np.arange(1, T + 1)
    c = 1.6 * (1 - 0.75 ** steps)
    want = np.broadcast_to((0.25 * np.tanh(c))[None, :, None], (batch, T, units))
    assert np.allclose(out, want, atol=1e-05), f'with kernel = recurrent_kernel = 0 and bias = [0 | ln 3 | ln 3 | -ln 3] the gates are i = 0.5, f = 0.75, g = 0.8, o = 0.25 at every step, so from c_0 = 0: c_t = 0.75 c_(t-1) + 0.4 = 1.6 (1 - 0.75^t) and h_t = 0.25 tanh(c_t), i.e. {np.round(want[0, :, 0], 4)} over time; got {np.round(out[0, :, 0], 4)}. Check the gate order i, f, g, o and that both states are carried along.'
    kernel = rng.uniform(-1, 1, (input_dim, 4 * units)).astype('float32')
    layer.set_weights([kernel, zeros_r, np.zeros(4 * units, 'float32')])
    out = run(layer)
    z_i, z_f, z_g, z_o = np.split(xs[:, 0] @ kernel, 4, axis=-1)
    c1 = np.tanh(z_g) / (1 + np.exp(-z_i))
    h1 = np.tanh(c1) / (1 + np.exp(-z_o))
    assert np.allclose(out[:, 0], h1, atol=1e-05), 'with recurrent_kernel = 0, bias = 0 and c_0 = 0 the first output must be h_1 = sigmoid(z_o) * tanh(sigmoid(z_i) * tanh(z_g)) with z = x_1 @ kernel split into [i | f | g | o]'

