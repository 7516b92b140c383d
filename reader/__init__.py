"""reader: a keyboard-first terminal reader for a library of saved web articles."""

__version__ = "0.1.0"
