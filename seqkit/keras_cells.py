"""Reference Keras cells for ``keras.layers.RNN``.

Weights are created in the order and shapes of ``SimpleRNNCell`` and
``LSTMCell`` (kernel, recurrent_kernel, bias), so ``set_weights`` with the
weights of ``SimpleRNN``/``LSTM`` gives the same sequence.
"""
import keras
from keras import ops


class MyRNNCell(keras.layers.Layer):
    """h_t = tanh(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias).

    call(inputs: (batch, input_dim), states: [(batch, units)])
    -> (h_t, [h_t])
    """

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.kernel = self.add_weight(shape=(input_dim, self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), name="recurrent_kernel", initializer="orthogonal")
        self.bias = self.add_weight(shape=(self.units,), name="bias", initializer="zeros")

    def call(self, inputs, states):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        h = ops.tanh(ops.matmul(inputs, self.kernel)
                     + ops.matmul(h_prev, self.recurrent_kernel) + self.bias)
        return h, [h]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class MyLSTMCell(keras.layers.Layer):
    """Keras-layout LSTM cell; gates [i | f | g | o] in column blocks.

    call(inputs: (batch, input_dim), states: [h (batch, units), c (batch, units)])
    -> (h_t, [h_t, c_t])
    """

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.kernel = self.add_weight(shape=(input_dim, 4 * self.units), name="kernel")
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, 4 * self.units), name="recurrent_kernel", initializer="orthogonal")
        self.bias = self.add_weight(shape=(4 * self.units,), name="bias", initializer="zeros")

    def call(self, inputs, states):
        h_prev, c_prev = states[0], states[1]
        z = (ops.matmul(inputs, self.kernel)
             + ops.matmul(h_prev, self.recurrent_kernel) + self.bias)
        z_i, z_f, z_g, z_o = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(z_f) * c_prev + ops.sigmoid(z_i) * ops.tanh(z_g)
        h = ops.sigmoid(z_o) * ops.tanh(c)
        return h, [h, c]

    def get_config(self):
        return {**super().get_config(), "units": self.units}
