"""The models of cornu's seed blog posts, built with `import cornu as keras`.

Each post (2018-2019, Vietnamese and Chinese, written for Keras 2 /
tf.keras) builds a model; here each one is built as the post writes it,
summarized with `model.summary()`, and run once on random data:

- `cnn_sequential`: the Sequential `.add()` CNN for MNIST (seeds 001/002);
- `dense_functional`: `a = Input(shape=(32,)); b = Dense(32)(a)` (seed 002);
- `mlp_functional`: the Functional MLP of the Chinese post (seed 004);
- `pilot_sequential`: `Sequential()` + `Activation('tanh')`, summarized
  before it has an input shape (seed 003);
- `my_layer_model`: the custom `MyLayer` with `build`/`call`/
  `compute_output_shape` (seed 002);
- `subclassed_resnet`: the Chinese post's subclassed ResNet, with
  `keras.ops.relu` in place of `tf.nn.relu` (seed 004);
- `ResNet50`: the hand-built Functional ResNet50 of the Vietnamese post
  (seed 000), in `examples/resnet50.py`: 25,636,712 parameters.

Run it with `python examples/seed_models.py` (`--size 64` runs ResNet50 on
64x64 images instead of 224x224; the parameter count is the same).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

import cornu as keras  # noqa: E402
from cornu import layers  # noqa: E402
from examples.resnet50 import ResNet50  # noqa: E402

NUM_CLASSES = 10


# --- seeds 001/002: a Sequential CNN built with .add() ----------------------
def cnn_sequential():
    model = keras.Sequential()
    model.add(layers.Conv2D(32, kernel_size=(3, 3), activation="relu",
                            input_shape=(28, 28, 1)))
    model.add(layers.Flatten())
    model.add(layers.Dense(128, activation="relu"))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(NUM_CLASSES, activation="softmax"))
    return model


# --- seed 002: the Functional API in two lines ------------------------------
def dense_functional():
    a = keras.Input(shape=(32,))
    b = layers.Dense(32)(a)
    return keras.Model(inputs=a, outputs=b)


# --- seed 004: the Chinese post's Functional MLP ----------------------------
def mlp_functional():
    inputs = keras.Input(shape=(128,))
    x = layers.Dense(256, activation="relu")(inputs)
    x = layers.Dense(512, activation="relu")(x)
    x = layers.Dense(128, activation="relu")(x)
    x = layers.Dense(64, activation="relu")(x)
    predictions = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=predictions)


# --- seed 003: the "pilot code", summarized before it knows its input -------
def pilot_sequential():
    model = keras.Sequential()
    model.add(layers.Activation("tanh"))
    return model


# --- seed 002: a custom layer -----------------------------------------------
class MyLayer(layers.Layer):
    """`output = x @ kernel`, the Keras 2 documentation's custom layer."""

    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim
        super().__init__(**kwargs)

    def build(self, input_shape):
        # Create a trainable weight variable for this layer.
        self.kernel = self.add_weight(name="kernel",
                                      shape=(input_shape[1], self.output_dim),
                                      initializer="uniform",
                                      trainable=True)
        super().build(input_shape)  # Be sure to call this at the end

    def call(self, x):
        return keras.ops.dot(x, self.kernel)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)

    def get_config(self):
        return {**super().get_config(), "output_dim": self.output_dim}


def my_layer_model():
    inputs = keras.Input(shape=(16,))
    outputs = MyLayer(8)(inputs)
    return keras.Model(inputs, outputs)


# --- seed 004: the subclassed ResNet ----------------------------------------
def conv3x3(channels, stride=1, kernel=(3, 3)):
    return layers.Conv2D(channels, kernel, strides=stride, padding="same",
                         use_bias=False,
                         kernel_initializer=keras.initializers.RandomNormal())


class ResnetBlock(keras.Model):

    def __init__(self, channels, strides=1, residual_path=False):
        super().__init__()

        self.channels = channels
        self.strides = strides
        self.residual_path = residual_path

        self.conv1 = conv3x3(channels, strides)
        self.bn1 = layers.BatchNormalization()
        self.conv2 = conv3x3(channels)
        self.bn2 = layers.BatchNormalization()

        if residual_path:
            self.down_conv = conv3x3(channels, strides, kernel=(1, 1))
            self.down_bn = layers.BatchNormalization()

    def call(self, inputs, training=None):
        residual = inputs

        x = self.bn1(inputs, training=training)
        x = keras.ops.relu(x)
        x = self.conv1(x)
        x = self.bn2(x, training=training)
        x = keras.ops.relu(x)
        x = self.conv2(x)

        if self.residual_path:
            residual = self.down_bn(inputs, training=training)
            residual = keras.ops.relu(residual)
            residual = self.down_conv(residual)

        x = x + residual
        return x


class ResNet(keras.Model):

    def __init__(self, block_list, num_classes, initial_filters=16,
                 **kwargs):
        super().__init__(**kwargs)

        self.num_blocks = len(block_list)
        self.block_list = block_list

        self.in_channels = initial_filters
        self.out_channels = initial_filters
        self.conv_initial = conv3x3(self.out_channels)

        self.blocks = keras.models.Sequential(name="dynamic-blocks")

        for block_id in range(len(block_list)):
            for layer_id in range(block_list[block_id]):

                if block_id != 0 and layer_id == 0:
                    block = ResnetBlock(self.out_channels,
                                        strides=2, residual_path=True)
                else:
                    if self.in_channels != self.out_channels:
                        residual_path = True
                    else:
                        residual_path = False
                    block = ResnetBlock(self.out_channels,
                                        residual_path=residual_path)

                self.in_channels = self.out_channels

                self.blocks.add(block)

            self.out_channels *= 2

        self.final_bn = layers.BatchNormalization()
        self.avg_pool = layers.GlobalAveragePooling2D()
        self.fc = layers.Dense(num_classes)

    def call(self, inputs, training=None):
        out = self.conv_initial(inputs)
        out = self.blocks(out, training=training)
        out = self.final_bn(out, training=training)
        out = keras.ops.relu(out)
        out = self.avg_pool(out)
        out = self.fc(out)
        return out


def subclassed_resnet():
    model = ResNet([2, 2, 2], 10)
    model.build(input_shape=(None, 28, 28, 1))
    return model


# ---------------------------------------------------------------------------
SEED_MODELS = {
    "cnn_sequential": (cnn_sequential, (28, 28, 1)),
    "dense_functional": (dense_functional, (32,)),
    "mlp_functional": (mlp_functional, (128,)),
    "pilot_sequential": (pilot_sequential, (784,)),
    "my_layer_model": (my_layer_model, (16,)),
    "subclassed_resnet": (subclassed_resnet, (28, 28, 1)),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=224,
                        help="ResNet50 image size (default 224)")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    print(f"cornu {keras.version()} on the {keras.backend.backend()} "
          "engine\n")
    for name, (build, sample_shape) in SEED_MODELS.items():
        print(f"== {name}")
        model = build()
        model.summary()
        x = rng.random((2, *sample_shape), dtype=np.float32)
        y = keras.ops.convert_to_numpy(model(x))
        print(f"forward pass: {x.shape} -> {y.shape}\n")

    print("== ResNet50 (Functional, hand-built)")
    start = time.perf_counter()
    model = ResNet50(input_shape=(args.size, args.size, 3))
    built = time.perf_counter() - start
    model.summary()
    print(f"parameters: {model.count_params():,} (built in {built:.2f} s)")
    x = rng.random((1, args.size, args.size, 3), dtype=np.float32)
    start = time.perf_counter()
    probabilities = keras.ops.convert_to_numpy(model(x))
    took = time.perf_counter() - start
    print(f"forward pass: {x.shape} -> {probabilities.shape}, sum of "
          f"probabilities {probabilities.sum():.4f}, top class "
          f"{int(probabilities.argmax())} ({took:.2f} s)")


if __name__ == "__main__":
    main()
