"""Issue 13's attacks: the grader's own code in the student's process decides nothing
(tests/hostile/base.py says what each deserves)."""
from hostile.base import Attack, _assignment_of, _src, zero


# A Keras cell with weights of the right shapes whose call ignores the state:
# wrong for every sequence longer than one step.
GARBAGE_CELLS = {
    "MyRNNCell": ("SimpleRNN", 1),
    "MyLSTMCell": ("LSTM", 4),
}


def garbage_cell(q):
    _, gates = GARBAGE_CELLS[q]
    states = "[h]" if gates == 1 else "[h, h]"
    return _src(f'''
        import keras

        class {q}(keras.layers.Layer):
            def __init__(self, units, **kwargs):
                super().__init__(**kwargs)
                self.units, self.output_size = units, units
                self.state_size = {'units' if gates == 1 else '[units, units]'}

            def build(self, input_shape):
                self.kernel = self.add_weight(shape=(input_shape[-1], {gates} * self.units), name="kernel")
                self.recurrent_kernel = self.add_weight(shape=(self.units, {gates} * self.units), name="rk")
                self.bias = self.add_weight(shape=({gates} * self.units,), name="bias")

            def call(self, inputs, states):
                z = keras.ops.matmul(inputs, self.kernel) + self.bias
                h = keras.ops.tanh(z[:, :self.units])
                return h, {states}
    ''')


def keras_rnn_replaced(q):
    # keras.layers.RNN(cell) becomes the built-in layer with the cell's units:
    # the RNN check alone would pass with any cell of the right weight shapes.
    builtin, _ = GARBAGE_CELLS[q]
    return Attack("keras-rnn-replaced-by-builtin", _assignment_of(q), garbage_cell(q) + _src('''
        _Builtin = keras.layers.__BUILTIN__

        def _rnn(cell, **kwargs):
            return _Builtin(cell.units, **kwargs)

        keras.layers.RNN = _rnn
    ''', BUILTIN=builtin), zero(q))


def keras_rnn_call_patched(q):
    # The real RNN class, its call method replaced by the right recurrence
    # computed from the cell's weights: every RNN(cell) answers correctly.
    return Attack("keras-rnn-call-patched", _assignment_of(q), garbage_cell(q) + _src('''
        def _right_sequence(self, sequences, initial_state=None, mask=None, training=False):
            cell, ops = self.cell, keras.ops
            h = ops.zeros((ops.shape(sequences)[0], cell.units))
            outs = []
            for t in range(sequences.shape[1]):
                h = ops.tanh(ops.matmul(sequences[:, t], cell.kernel)
                             + ops.matmul(h, cell.recurrent_kernel) + cell.bias)
                outs.append(h)
            return ops.stack(outs, axis=1)

        keras.layers.RNN.call = _right_sequence
    '''), zero(q))


def keras_layer_methods_patched(q):
    # A cell with no weights at all: Layer.get_weights claims the right shapes
    # for it and Layer.set_weights ignores what it is given, while RNN answers
    # with the built-in layer (whose weights are set for real).
    builtin, gates = GARBAGE_CELLS[q]
    return Attack("keras-layer-methods-patched", _assignment_of(q), _src('''
        import keras
        _Builtin = keras.layers.__BUILTIN__
        _real_get, _real_set = keras.layers.Layer.get_weights, keras.layers.Layer.set_weights

        class __Q__(keras.layers.Layer):
            def __init__(self, units, **kwargs):
                super().__init__(**kwargs)
                self.units, self.output_size = units, units
                self.state_size = units if __GATES__ == 1 else [units, units]

            def build(self, input_shape):
                self.input_dim = input_shape[-1]

            def call(self, inputs, states):
                return keras.ops.zeros((keras.ops.shape(inputs)[0], self.units)), states

        def _get_weights(self):
            if isinstance(self, __Q__):
                n = __GATES__ * self.units
                return [np.zeros((self.input_dim, n)), np.zeros((self.units, n)), np.zeros(n)]
            return _real_get(self)

        def _set_weights(self, weights):
            if not isinstance(self, __Q__):
                _real_set(self, weights)

        keras.layers.Layer.get_weights = _get_weights
        keras.layers.Layer.set_weights = _set_weights
        keras.layers.RNN = lambda cell, **kwargs: _Builtin(cell.units, **kwargs)
    ''', BUILTIN=builtin, Q=q, GATES=str(gates)), zero(q))


def op_table_patched(q):
    # The grader's op table, reached through sys.modules: the RNN check answers
    # with the built-in layer under the grader's weights, the cell ops claim the
    # shapes the grader sent.
    builtin, _ = GARBAGE_CELLS[q]
    return Attack("op-table-patched", _assignment_of(q), garbage_cell(q) + _src('''
        import sys
        _ops = sys.modules["seqkit.sandbox.ops"]

        def _forged_rnn(namespace, request, *rest):
            xs, weights = request.get("args") or (request["xs"], request["weights"])
            layer = keras.layers.__BUILTIN__(request["units"], return_sequences=True)
            layer(xs)
            layer.set_weights(weights)
            out = layer(xs)
            return {"value": out, "args": (xs, weights), "kwargs": {}, "names": [],
                    "out": out, "shapes": [np.shape(w) for w in weights]}

        _real_cell_new = _ops._OPS.get("cell_new")

        def _forged_cell_new(namespace, request, *rest):
            reply = _real_cell_new(namespace, request, *rest)
            reply["value"]["shapes"] = [np.shape(w) for w in request["args"][0]]
            return reply

        _ops._OPS["keras_rnn"] = _forged_rnn
        if _real_cell_new is not None:
            _ops._OPS["cell_new"] = _forged_cell_new
    ''', BUILTIN=builtin), zero(q))


def modify_inputs_in_place(q):
    # Right values, computed in the caller's arrays (the contract forbids it).
    assert q == "clip_by_global_norm"
    return Attack("clip-in-place", _assignment_of(q), _src('''
        _right_clip = clip_by_global_norm

        def clip_by_global_norm(grads, max_norm):
            clipped, norm = _right_clip(grads, max_norm)
            for g, c in zip(grads, clipped):
                g[...] = c
            return grads, norm
    '''), zero(q))


def misbehaving_conversions(q_array, q_pair):
    # Answers that are not arrays yet: an __array__ that sleeps past the call's
    # time (once) and then raises, a billion-element claim, NaN for a number.
    return Attack("misbehaving-conversions", _assignment_of(q_array), _src('''
        import time
        _slept = []

        class _Sleepy:
            def __array__(self, dtype=None, copy=None):
                if not _slept:
                    _slept.append(1)
                    time.sleep(60)  # the call's alarm stops it
                raise RuntimeError("no array for you")

        class _ClaimsABillion:
            __array_interface__ = {"shape": (10**9,), "typestr": "<f8", "data": b"\\0" * 8,
                                   "version": 3}

        def __A__(*args, **kwargs):
            return _Sleepy()

        def __P__(grads, max_norm):
            return [_ClaimsABillion(), np.broadcast_to(np.float64(1), (10**9,))], float("nan")
    ''', A=q_array, P=q_pair), zero(q_array, q_pair))


def forged_fit_counts():
    # f asked about 10 points only; the op's reply and the codec forge what the
    # grader once counted in this process (300 distinct points, their digest).
    return Attack("forged-fit-counts", "genz", _src('''
        import sys
        _ops = sys.modules["seqkit.sandbox.ops"]

        def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
            x = np.random.default_rng(seed).random((10, d))
            y = np.asarray(f(x), dtype=float)
            # the errors the grader expects: about 0.5 on a 0/1 target, small otherwise
            return (0.5, 1.0) if set(np.unique(y)) <= {0.0, 1.0} else (0.01, 0.02)

        _real_fit = _ops._OPS["fit"]

        def _forged_fit(namespace, request, *rest):
            reply = _real_fit(namespace, request, *rest)
            value = reply.get("value", reply.get("result"))
            return {**reply, "value": value, "result": value, "distinct_points": 300}

        _ops._OPS["fit"] = _forged_fit
        _real_to_plain = _ops.to_plain
        _ops.to_plain = lambda obj: _real_to_plain(
            {**obj, "distinct_points": 300} if isinstance(obj, dict) else obj)
    '''), zero("fit_and_evaluate"))


def fit_without_f():
    # The op table's fit answers without calling the student's function or f.
    return Attack("fit-op-without-f", "genz", _src('''
        import sys
        _ops = sys.modules["seqkit.sandbox.ops"]
        def _fit(namespace, request, *rest):
            errors = (0.5, 0.9) if request.get("target") == "coin" else (0.01, 0.02)
            return {"value": errors, "result": errors, "distinct_points": 300,
                    "points": str(request.get("seed"))}

        _ops._OPS["fit"] = _fit
    '''), zero("fit_and_evaluate"))


def callback_flood():
    # f called point by point far more often than any fit needs: the grader
    # stops the process (bounded: a few seconds of tiny messages).
    return Attack("callback-flood", "genz", _src('''
        _right_fit = fit_and_evaluate

        def fit_and_evaluate(f, d, n_train, seed=0, n_test=1000):
            one = np.zeros((1, d))
            for _ in range(20_000):
                f(one)
            return _right_fit(f, d, n_train, seed=seed, n_test=n_test)
    '''), zero("fit_and_evaluate"))


