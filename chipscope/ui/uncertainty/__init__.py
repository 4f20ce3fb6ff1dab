"""The window side of uncertainty (issue #12): fan charts of the ensemble's percentile bands,
the sensitivity (tornado) dock, and ranges edited next to the assumptions' fields.

:class:`~chipscope.ui.uncertainty.controller.UncertaintyView` ties them to the main window
(View > Uncertainty). The model side is :mod:`chipscope.model.ensemble`,
:mod:`chipscope.model.tornado` and :mod:`chipscope.model.uncertainty`; docs/uncertainty.md
says what the bands mean.
"""
