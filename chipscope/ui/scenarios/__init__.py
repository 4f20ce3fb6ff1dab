"""Scenarios: the working scenario's Qt adapter, its panel, actions, undo and compare."""
