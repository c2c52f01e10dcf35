"""Recurrent layers: the cells, the generic `RNN` that runs a cell over
time, `SimpleRNN`/`GRU`/`LSTM`, and the wrappers `Bidirectional` and
`TimeDistributed`."""
