"""The document's notifications can be dropped all at once (a closed window's listeners)."""

from __future__ import annotations

from chipscope.model.document import Document
from chipscope.model.document_state import notifiers
from chipscope.model.synthetic import synthetic_dataset


def test_clearing_a_documents_notifiers_drops_every_listener() -> None:
    doc = Document(synthetic_dataset())
    heard: list[str] = []
    doc.assumptions_changed.connect(lambda _a: heard.append("assumptions"))
    doc.state_changed.connect(lambda: heard.append("state"))
    found = notifiers(doc)
    assert {id(n) for n in found} == {id(doc.assumptions_changed), id(doc.state_changed),
                                      id(doc.history_changed), id(doc.scenarios_changed),
                                      id(doc.dataset_changed)}
    doc.set_value("price_sensitivity", 2.0)
    assert "assumptions" in heard
    heard.clear()
    for notifier in found:
        notifier.clear()
    doc.set_value("price_sensitivity", 3.0)
    doc.commit()
    assert heard == []
