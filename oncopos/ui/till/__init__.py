"""The till window: this desk's cash drawer of the day."""
