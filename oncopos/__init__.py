"""OncoPOS: the front-desk point of sale of OncoOne Education."""

__version__ = "0.1.0"
