"""What an empty list says instead of a blank grid: what to do next ("No orders yet —
Import… or try the demo"), with buttons for it, laid over the view while it has no rows.
When a filter or search hides every row it says so instead (`filtered`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.i18n import translate
from app.ui.common.icons import icon


class EmptyState(QWidget):
    """A message (and buttons) in the middle of `view`'s viewport while its model is empty."""

    def __init__(self, view: QAbstractItemView, text: str,
                 actions: Sequence[tuple[str, Callable[[], object]]] = (), *,
                 filtered: Callable[[], bool] | None = None,
                 filtered_text: str = "",   # "" = "Nothing matches the search or filters."
                 icon_name: str = "") -> None:
        super().__init__(view.viewport())
        self.view, self.text = view, text
        self.filtered_text = filtered_text or translate(
            "common.empty_state", "Nothing matches the search or filters.")
        self._filtered = filtered
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if icon_name:
            self.picture.setPixmap(icon(icon_name).pixmap(48, 48))
        self.message = QLabel(text)
        self.message.setObjectName("empty_state_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.message.setFont(font)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.addStretch(1)
        for title, slot in actions:
            button = QPushButton(title)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.picture)
        box.addWidget(self.message)
        box.addLayout(row)
        box.addStretch(2)
        view.viewport().installEventFilter(self)
        self._model: QAbstractItemModel | None = None
        self.watch_model()

    def watch_model(self) -> None:
        """Follow the view's model (call again if the view gets another model)."""
        model = self.view.model()
        if model is None or model is self._model:
            self.update_state()
            return
        self._model = model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged):
            signal.connect(self.update_state)
        self.update_state()

    def is_empty(self) -> bool:
        model = self.view.model()
        return model is None or model.rowCount() == 0

    def update_state(self, *_args: object) -> None:
        empty = self.is_empty()
        if empty:
            hidden = self._filtered is not None and self._filtered()
            self.message.setText(self.filtered_text if hidden else self.text)
            for button in self.buttons:
                button.setVisible(not hidden)
            self.picture.setVisible(not hidden)
            self.setGeometry(self.view.viewport().rect())
            self.raise_()
        self.setVisible(empty)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False


def add_empty_state(view: QAbstractItemView, text: str,
                    actions: Sequence[tuple[str, Callable[[], object]]] = (), *,
                    filtered: Callable[[], bool] | None = None,
                    filtered_text: str = "", icon_name: str = "") -> EmptyState:
    return EmptyState(view, text, actions, filtered=filtered, filtered_text=filtered_text,
                      icon_name=icon_name)
