"""Full text on hover for table cells too narrow for it (a long "To" path, a store name, a
reason): the cell shows "…", the tooltip the whole. A cell that fits shows no tooltip.

`show_clipped_text(view)` gives one view the delegate; `cover_views(window)` gives every view
under a window the same tooltips without touching their delegates."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

# Room Qt's item style keeps beside the text (margins on both sides); a text this close to
# the edge is drawn elided.
_SLACK = 8


class ClippedTextTooltips(QStyledItemDelegate):
    """A delegate that paints like the default one and, on hover, shows the cell's whole text
    when it does not fit (a model's own ToolTipRole still wins)."""

    def clipped_text(self, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> str:
        """The cell's text if the cell is too narrow to show all of it, else ''."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text  # set by initStyleOption
        if not text:
            return ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        room = opt.rect.width()
        if style is not None:
            room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt,
                                        widget).width()
        metrics = opt.fontMetrics
        widest = max(metrics.horizontalAdvance(line) for line in str(text).splitlines())
        return str(text) if widest > room - _SLACK else ""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,  # noqa: N802 (Qt name)
                  option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        if index.data(Qt.ItemDataRole.ToolTipRole):
            return super().helpEvent(event, view, option, index)
        text = self.clipped_text(option, index)
        if text:
            QToolTip.showText(event.globalPos(), text, view, view.visualRect(index))
        else:
            QToolTip.hideText()
            event.ignore()
        return True


def show_clipped_text(view: QAbstractItemView) -> ClippedTextTooltips:
    """Give every cell of `view` a tooltip with its full text when it is cut off."""
    delegate = ClippedTextTooltips(view)
    view.setItemDelegate(delegate)
    return delegate


class _ViewportTooltips(QObject):
    """On a view that keeps its own delegate: the same tooltip, from an event filter on the
    view's viewport (the delegate is asked for nothing but the text it would draw)."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.measure = ClippedTextTooltips(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        index = self.view.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False     # the model's own tooltip (or none to give): Qt shows it
        option = QStyleOptionViewItem()
        option.initFrom(self.view)
        option.rect = self.view.visualRect(index)
        option.widget = self.view
        text = self.measure.clipped_text(option, index)
        if text:
            QToolTip.showText(event.globalPos(), text, self.view, option.rect)
        else:
            QToolTip.hideText()
        return True


def cover_views(root: QWidget) -> int:
    """Every table and list under `root` shows clipped cells' text on hover; returns how many
    views were newly covered (a view covered before, or with the delegate, is left alone)."""
    covered = 0
    views = root.findChildren(QAbstractItemView)
    if isinstance(root, QAbstractItemView):
        views.append(root)
    for view in views:
        if isinstance(view.itemDelegate(), ClippedTextTooltips) \
                or view.property("clipped_tooltips"):
            continue
        view.setProperty("clipped_tooltips", True)
        view.viewport().installEventFilter(_ViewportTooltips(view))
        covered += 1
    return covered
