"""`cornu.layers`: Keras's layers. One layer per file, grouped by family."""

from cornu.layers.convolutional.conv1d import Conv1D
from cornu.layers.convolutional.conv2d import Conv2D
from cornu.layers.convolutional.conv3d import Conv3D
from cornu.layers.core.activation import Activation
from cornu.layers.core.dense import Dense
from cornu.layers.core.dropout import Dropout
from cornu.layers.core.embedding import Embedding
from cornu.layers.core.flatten import Flatten
from cornu.layers.core.input_layer import Input, InputLayer
from cornu.layers.core.lambda_layer import Lambda
from cornu.layers.core.masking import Masking
from cornu.layers.core.permute import Permute
from cornu.layers.core.repeat_vector import RepeatVector
from cornu.layers.core.reshape import Reshape
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer
from cornu.layers.merging.add import Add, add
from cornu.layers.merging.average import Average, average
from cornu.layers.merging.concatenate import Concatenate, concatenate
from cornu.layers.merging.dot import Dot, dot
from cornu.layers.merging.maximum import Maximum, maximum
from cornu.layers.merging.minimum import Minimum, minimum
from cornu.layers.merging.multiply import Multiply, multiply
from cornu.layers.merging.subtract import Subtract, subtract
from cornu.layers.normalization.batch_normalization import BatchNormalization
from cornu.layers.pooling.average_pooling1d import AveragePooling1D
from cornu.layers.pooling.average_pooling2d import AveragePooling2D
from cornu.layers.pooling.average_pooling3d import AveragePooling3D
from cornu.layers.pooling.global_average_pooling1d import GlobalAveragePooling1D
from cornu.layers.pooling.global_average_pooling2d import GlobalAveragePooling2D
from cornu.layers.pooling.global_average_pooling3d import GlobalAveragePooling3D
from cornu.layers.pooling.global_max_pooling1d import GlobalMaxPooling1D
from cornu.layers.pooling.global_max_pooling2d import GlobalMaxPooling2D
from cornu.layers.pooling.global_max_pooling3d import GlobalMaxPooling3D
from cornu.layers.pooling.max_pooling1d import MaxPooling1D
from cornu.layers.pooling.max_pooling2d import MaxPooling2D
from cornu.layers.pooling.max_pooling3d import MaxPooling3D
from cornu.layers.reshaping.zero_padding1d import ZeroPadding1D
from cornu.layers.reshaping.zero_padding2d import ZeroPadding2D
from cornu.layers.reshaping.zero_padding3d import ZeroPadding3D

# Keras 2 names that Keras 3 still exports.
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
AvgPool1D, AvgPool2D, AvgPool3D = (
    AveragePooling1D, AveragePooling2D, AveragePooling3D)
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
GlobalAvgPool1D, GlobalAvgPool2D, GlobalAvgPool3D = (
    GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D)
GlobalMaxPool1D, GlobalMaxPool2D, GlobalMaxPool3D = (
    GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D)

__all__ = [
    "Activation", "Add", "add", "Average", "average", "AveragePooling1D",
    "AveragePooling2D", "AveragePooling3D", "AvgPool1D", "AvgPool2D",
    "AvgPool3D", "BatchNormalization", "concatenate", "Concatenate", "Conv1D",
    "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D",
    "Dense", "Dot", "dot", "Dropout", "Embedding", "Flatten",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D",
    "GlobalAveragePooling3D", "GlobalAvgPool1D", "GlobalAvgPool2D",
    "GlobalAvgPool3D", "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "Input",
    "InputLayer", "InputSpec", "Lambda", "Layer", "Masking", "Maximum",
    "maximum", "MaxPool1D", "MaxPool2D", "MaxPool3D", "MaxPooling1D",
    "MaxPooling2D", "MaxPooling3D", "minimum", "Minimum", "multiply",
    "Multiply", "Permute", "RepeatVector", "Reshape", "Subtract", "subtract",
    "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
]
