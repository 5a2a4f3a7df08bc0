"""Micrograd compatibility: code written for Karpathy's micrograd runs with one import swap.

Replace ``micrograd`` by ``autograd.micrograd`` in the imports (``from autograd.micrograd.engine
import Value``, ``from autograd.micrograd import nn``): its `Value` takes micrograd's constructor
``Value(data, _children, _op)`` and has micrograd's ``_prev`` and ``_op``; its `nn` models hold
such Values. Everything else is the library's own engine, which this package only extends.
"""

from autograd.micrograd import engine, nn

__all__ = ["engine", "nn"]
