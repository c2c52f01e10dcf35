"""ResNet50 written by hand with the Functional API, as in the Vietnamese
"Keras Functional API" blog post (seed 000), with the layout of Keras
applications' ResNet50 (v1): the same layers, layer names, weight order and
25,636,712 parameters, so `keras.applications.ResNet50(weights=None)` and
this model accept each other's `get_weights()`.

    import cornu as keras
    from examples.resnet50 import ResNet50
    model = ResNet50()
    model.summary()
"""

from __future__ import annotations

import cornu as keras
from cornu import layers

EPSILON = 1.001e-5  # Keras applications' BatchNormalization epsilon


def _bn_axis() -> int:
    return 3 if keras.config.image_data_format() == "channels_last" else 1


def conv_block(x, filters, stride=2, name=None):
    """A bottleneck block whose shortcut is a strided 1x1 convolution: it
    changes the number of channels (and the size, when `stride` is 2).

    Args:
        x: the input tensor.
        filters: channels of the bottleneck; the block outputs
            `4 * filters` channels.
        stride: the stride of the first 1x1 convolution and the shortcut.
        name: the block's prefix, e.g. `"conv3_block1"`.
    """
    shortcut = layers.Conv2D(4 * filters, 1, strides=stride,
                             name=f"{name}_0_conv")(x)
    shortcut = layers.BatchNormalization(axis=_bn_axis(), epsilon=EPSILON,
                                         name=f"{name}_0_bn")(shortcut)
    return _bottleneck(x, shortcut, filters, stride, name)


def identity_block(x, filters, name=None):
    """A bottleneck block whose shortcut is the input itself.

    Args:
        x: the input tensor, with `4 * filters` channels.
        filters: channels of the bottleneck.
        name: the block's prefix, e.g. `"conv3_block2"`.
    """
    return _bottleneck(x, x, filters, 1, name)


def _bottleneck(x, shortcut, filters, stride, name):
    axis = _bn_axis()
    x = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=EPSILON,
                                  name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=EPSILON,
                                  name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=EPSILON,
                                  name=f"{name}_3_bn")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def stage(x, filters, blocks, stride=2, name=None):
    """One conv block followed by `blocks - 1` identity blocks."""
    x = conv_block(x, filters, stride=stride, name=f"{name}_block1")
    for i in range(2, blocks + 1):
        x = identity_block(x, filters, name=f"{name}_block{i}")
    return x


def ResNet50(input_shape=(224, 224, 3), classes=1000, input_tensor=None,
             name="resnet50"):
    """The ResNet50 classifier (He et al., 2015) as Keras applications
    build it: 7x7/2 stem, max-pool, stages of [3, 4, 6, 3] bottleneck
    blocks, global average pooling and a softmax `Dense(classes)`.

    Args:
        input_shape: the image shape (channels last by default); any
            spatial size of at least 32 works and does not change the
            number of parameters.
        classes: the number of classes.
        input_tensor: an `Input` to build on (instead of a new one).
        name: the model's name.

    Returns:
        A Functional `Model` with 25,636,712 parameters for 1000 classes.
    """
    if input_tensor is None:
        input_tensor = keras.Input(shape=input_shape, name="input_layer")
    axis = _bn_axis()
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)),
                             name="conv1_pad")(input_tensor)
    x = layers.Conv2D(64, 7, strides=2, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=EPSILON,
                                  name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    x = stage(x, 64, 3, stride=1, name="conv2")
    x = stage(x, 128, 4, name="conv3")
    x = stage(x, 256, 6, name="conv4")
    x = stage(x, 512, 3, name="conv5")
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    x = layers.Dense(classes, activation="softmax", name="predictions")(x)
    return keras.Model(input_tensor, x, name=name)


if __name__ == "__main__":
    model = ResNet50()
    model.summary()
    print(f"{model.count_params():,} parameters")
