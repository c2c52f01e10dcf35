"""`cornu.layers`: Keras's layers. One layer per file, grouped by family."""

from cornu.layers.activations.elu import ELU
from cornu.layers.activations.leaky_relu import LeakyReLU
from cornu.layers.activations.prelu import PReLU
from cornu.layers.activations.relu import ReLU
from cornu.layers.activations.softmax import Softmax
from cornu.layers.attention.additive_attention import AdditiveAttention
from cornu.layers.attention.attention import Attention
from cornu.layers.attention.multi_head_attention import MultiHeadAttention
from cornu.layers.convolutional.conv1d import Conv1D
from cornu.layers.convolutional.conv1d_transpose import Conv1DTranspose
from cornu.layers.convolutional.conv2d import Conv2D
from cornu.layers.convolutional.conv2d_transpose import Conv2DTranspose
from cornu.layers.convolutional.conv3d import Conv3D
from cornu.layers.convolutional.conv3d_transpose import Conv3DTranspose
from cornu.layers.convolutional.depthwise_conv1d import DepthwiseConv1D
from cornu.layers.convolutional.depthwise_conv2d import DepthwiseConv2D
from cornu.layers.convolutional.separable_conv1d import SeparableConv1D
from cornu.layers.convolutional.separable_conv2d import SeparableConv2D
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
from cornu.layers.normalization.group_normalization import (
    GroupNormalization,
)
from cornu.layers.normalization.layer_normalization import (
    LayerNormalization,
)
from cornu.layers.normalization.spectral_normalization import (
    SpectralNormalization,
)
from cornu.layers.normalization.unit_normalization import UnitNormalization
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
from cornu.layers.preprocessing import (
    CategoryEncoding,
    CenterCrop,
    Discretization,
    Hashing,
    IntegerLookup,
    Normalization,
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
    Rescaling,
    Resizing,
    StringLookup,
    TextVectorization,
)
from cornu.layers.regularization.activity_regularization import (
    ActivityRegularization,
)
from cornu.layers.regularization.alpha_dropout import AlphaDropout
from cornu.layers.regularization.gaussian_dropout import GaussianDropout
from cornu.layers.regularization.gaussian_noise import GaussianNoise
from cornu.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from cornu.layers.reshaping.cropping1d import Cropping1D
from cornu.layers.reshaping.cropping2d import Cropping2D
from cornu.layers.reshaping.cropping3d import Cropping3D
from cornu.layers.reshaping.up_sampling1d import UpSampling1D
from cornu.layers.reshaping.up_sampling2d import UpSampling2D
from cornu.layers.reshaping.up_sampling3d import UpSampling3D
from cornu.layers.reshaping.zero_padding1d import ZeroPadding1D
from cornu.layers.reshaping.zero_padding2d import ZeroPadding2D
from cornu.layers.reshaping.zero_padding3d import ZeroPadding3D
from cornu.layers.rnn.bidirectional import Bidirectional
from cornu.layers.rnn.conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from cornu.layers.rnn.gru import GRU, GRUCell
from cornu.layers.rnn.lstm import LSTM, LSTMCell
from cornu.layers.rnn.rnn import RNN, StackedRNNCells
from cornu.layers.rnn.simple_rnn import SimpleRNN, SimpleRNNCell
from cornu.layers.rnn.time_distributed import TimeDistributed

# Keras 2 names that Keras 3 still exports.
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution1DTranspose, Convolution2DTranspose, Convolution3DTranspose = (
    Conv1DTranspose, Conv2DTranspose, Conv3DTranspose)
SeparableConvolution1D, SeparableConvolution2D = (
    SeparableConv1D, SeparableConv2D)
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
    # recurrent
    "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "GRU",
    "GRUCell", "LSTM", "LSTMCell", "RNN",
    "SimpleRNN", "SimpleRNNCell", "StackedRNNCells", "TimeDistributed",
    # activations
    "ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax",
    # regularization
    "ActivityRegularization", "AlphaDropout", "GaussianDropout",
    "GaussianNoise", "SpatialDropout1D", "SpatialDropout2D",
    "SpatialDropout3D",
    # normalization
    "GroupNormalization", "LayerNormalization", "SpectralNormalization",
    "UnitNormalization",
    # convolution
    "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
    "Convolution1DTranspose", "Convolution2DTranspose",
    "Convolution3DTranspose",
    "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D",
    "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D",
    # reshaping
    "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D", "UpSampling2D",
    "UpSampling3D",
    # attention
    "AdditiveAttention", "Attention", "MultiHeadAttention",
    # preprocessing
    "CategoryEncoding", "CenterCrop", "Discretization", "Hashing",
    "IntegerLookup", "Normalization", "RandomBrightness", "RandomContrast",
    "RandomCrop", "RandomFlip", "RandomRotation", "RandomTranslation",
    "RandomZoom", "Rescaling", "Resizing", "StringLookup",
    "TextVectorization",
]
