"""Lists and dicts set as layer attributes keep tracking what is added to
them later (`self.blocks = []; self.blocks.append(Dense(4))`)."""

from __future__ import annotations


class TrackedList(list):
    def __init__(self, values, owner, name):
        super().__init__(values)
        self._owner = owner
        self._name = name
        for i, v in enumerate(self):
            owner._track(f"{name}_{i}", v)

    def append(self, value):
        self._owner._track(f"{self._name}_{len(self)}", value)
        super().append(value)

    def extend(self, values):
        for v in values:
            self.append(v)

    def insert(self, index, value):
        self._owner._track(f"{self._name}_{len(self)}", value)
        super().insert(index, value)

    def __setitem__(self, index, value):
        if not isinstance(index, slice):
            self._owner._track(f"{self._name}_{index}", value)
        super().__setitem__(index, value)

    def __iadd__(self, values):
        self.extend(values)
        return self


class TrackedDict(dict):
    def __init__(self, values, owner, name):
        super().__init__(values)
        self._owner = owner
        self._name = name
        for k, v in self.items():
            owner._track(f"{name}_{k}", v)

    def __setitem__(self, key, value):
        self._owner._track(f"{self._name}_{key}", value)
        super().__setitem__(key, value)

    def update(self, *args, **kwargs):
        for k, v in dict(*args, **kwargs).items():
            self[k] = v

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]
