"""Regularization layers: spatial dropout, Gaussian noise and dropout,
alpha dropout and activity regularization."""
