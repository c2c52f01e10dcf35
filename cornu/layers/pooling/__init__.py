"""Pooling layers: windowed (max, average) and global."""
