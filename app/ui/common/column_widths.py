"""Columns as wide as what they hold: the first time a table gets rows, each column takes the
width of its header and of the rows in sight (not the million below them), up to a cap; the
last column takes the room left. When that is wider than the view, the widest columns give
way first (down to their header), so nothing needs sideways scrolling. A column the user
drags to another width keeps it, on this PC, from run to run (QSettings "columns/<key>"); a
cell too narrow for its text shows the whole of it on hover (cell_tooltips).

One call per view, after its model is set or before: `fit_columns(view, "orders/list")`."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTreeView,
)

from app.ui.common.cell_tooltips import cover_views

# Widest a column grows by itself: a long address or note is cut there (its tooltip shows
# the rest) so that the columns after it stay on screen.
CAP = 360
# Rows looked at when the view is not laid out yet (a tab built before it shows).
_ROWS_WHEN_HIDDEN = 40
# What the column that takes the room left keeps for itself when the others are trimmed.
_FILLER_ROOM = 120
# A column trimmed to make room keeps at least this much.
_LEAST = 120


def _header(view: QAbstractItemView) -> QHeaderView:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    if isinstance(view, QTreeView):
        return view.header()
    raise TypeError(f"no column header on {type(view).__name__}")


class ColumnFitter(QObject):
    """Sizes one view's columns on its first rows and keeps the widths the user chose."""

    def __init__(self, view: QAbstractItemView, key: str, cap: int = CAP,
                 stretch: int | None = None, qsettings: QSettings | None = None) -> None:
        super().__init__(view)
        self.view, self.key, self.cap, self.qs = view, key, cap, qsettings
        self.stretch = stretch         # the column that takes the room left; None: the last
        self.fitted = False
        self._model: QAbstractItemModel | None = None
        self._pending = False
        self._by_hand = False          # a mouse button is down on the header: the user sizes
        self._fitting = False
        self.header = _header(view)
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.header.setStretchLastSection(stretch is None)
        if stretch is not None:
            self.header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.header.sectionResized.connect(self._on_section_resized)
        self.header.viewport().installEventFilter(self)
        view.installEventFilter(self)   # a model set after this call is found when it shows
        self._follow(view.model())

    # -- the model -------------------------------------------------------------------------
    def _follow(self, model: QAbstractItemModel | None) -> None:
        if model is self._model:
            return
        if self._model is not None:
            for signal in (self._model.modelReset, self._model.rowsInserted,
                           self._model.layoutChanged, self._model.dataChanged):
                signal.disconnect(self._soon)
        self._model = model
        if model is None:
            return
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged,
                       model.dataChanged):
            signal.connect(self._soon)
        self._soon()

    def _soon(self, *_args: object) -> None:
        """Fit once the rows are in (a QTableWidget inserts empty rows, then fills them)."""
        if self.fitted or self._pending or self._rows() == 0:
            return
        self._pending = True
        QTimer.singleShot(0, self, self.fit)

    def _rows(self) -> int:
        if not shiboken6.isValid(self.view):
            return 0     # the view is being destroyed: its model still says goodbye
        model = self.view.model()
        return model.rowCount(self.view.rootIndex()) if model is not None else 0

    # -- sizing ----------------------------------------------------------------------------
    def fit(self) -> None:
        """Each column to its header and the rows in sight, capped; then the widths the
        user chose before on this PC."""
        self._pending = False
        if self.fitted or self._rows() == 0:
            return
        self.fitted = True
        saved = self.saved_widths()
        filler = self._last_visible() if self.stretch is None else self.stretch
        wanted = {c: self.content_width(c) for c in range(self.header.count())
                  if c != filler and c not in saved and not self.header.isSectionHidden(c)}
        # The filler takes the room left, but keeps this much when there is none.
        keep = min(self.content_width(filler), _FILLER_ROOM) if filler >= 0 else 0
        if self.view.isVisible() and filler >= 0:
            room = self.view.viewport().width() - sum(saved.values()) - keep
            wanted = self.squeezed(wanted, room)
        self._fitting = True
        try:
            if self.stretch is not None:    # (a header without columns ignored it before)
                self.header.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Stretch)
            elif filler >= 0:
                self.header.resizeSection(filler, keep)   # stretched again at once
            for column, width in (saved | wanted).items():
                if column != filler:
                    self.header.resizeSection(column, width)
        finally:
            self._fitting = False

    def squeezed(self, wanted: dict[int, int], room: int) -> dict[int, int]:
        """`wanted` trimmed to `room` pixels when it is wider, so the view needs no sideways
        scrolling: the widest columns give way first, each down to no less than its header
        or _LEAST pixels (a trimmed cell shows "…" and its whole text on hover). Many columns
        in a narrow view stop there and scroll: ten columns of "1…" tell nobody anything."""
        if sum(wanted.values()) <= room or not wanted:
            return wanted
        floor = {c: min(w, self.header.sectionSizeHint(c)) for c, w in wanted.items()}

        def at(level: int) -> dict[int, int]:
            return {c: min(w, max(level, floor[c])) for c, w in wanted.items()}

        low, high = _LEAST, max(wanted.values())   # the highest level that fits the room
        while low < high:
            middle = (low + high + 1) // 2
            if sum(at(middle).values()) <= room:
                low = middle
            else:
                high = middle - 1
        return at(low)

    def fit_headers(self) -> None:
        """Before the first rows: no column narrower than its title (an empty list still
        says what it will show, in every language)."""
        filler = self._last_visible() if self.stretch is None else self.stretch
        self._fitting = True
        try:
            for column in range(self.header.count()):
                hint = min(self.header.sectionSizeHint(column), self.cap)
                if column != filler and not self.header.isSectionHidden(column) \
                        and self.header.sectionSize(column) < hint:
                    self.header.resizeSection(column, hint)
        finally:
            self._fitting = False

    def content_width(self, column: int) -> int:
        """The width `column` needs for its header and the rows in sight, at most the cap."""
        width = self.header.sectionSizeHint(column)
        root = self.view.rootIndex()
        model = self.view.model()
        for row in self._rows_in_sight():
            index = model.index(row, column, root)
            width = max(width, self.view.sizeHintForIndex(index).width())
        if isinstance(self.view, QTableView) and self.view.showGrid():
            width += 1
        return min(width, self.cap)

    def _rows_in_sight(self) -> range:
        count = self._rows()
        first, last = 0, min(count, _ROWS_WHEN_HIDDEN) - 1
        if self.view.isVisible():
            at_top = self.view.indexAt(self.view.viewport().rect().topLeft())
            at_bottom = self.view.indexAt(self.view.viewport().rect().bottomLeft())
            if at_top.isValid():
                first = at_top.row()
                last = at_bottom.row() if at_bottom.isValid() else count - 1
        return range(first, last + 1)

    def _last_visible(self) -> int:
        for visual in range(self.header.count() - 1, -1, -1):
            column = self.header.logicalIndex(visual)
            if not self.header.isSectionHidden(column):
                return column
        return -1

    # -- what the user chose ---------------------------------------------------------------
    def _settings(self) -> QSettings:
        return self.qs if self.qs is not None else QSettings("Backroom", "Backroom")

    def _setting(self) -> str:
        """Where this view's widths are kept: its key, or (a view made by a shared factory)
        its column titles."""
        key = self.key
        model = self.view.model()
        if not key and model is not None:
            key = "|".join(str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                           for c in range(model.columnCount(self.view.rootIndex())))
        return "columns/" + key.replace("/", "-").replace("\\", "-")

    def saved_widths(self) -> dict[int, int]:
        """Column -> width the user gave it on this PC."""
        text = str(self._settings().value(self._setting(), "") or "")
        widths: dict[int, int] = {}
        for pair in text.split(","):
            column, _, width = pair.partition(":")
            if column.strip().isdigit() and width.strip().isdigit():
                widths[int(column)] = int(width)
        return widths

    def _on_section_resized(self, column: int, _old: int, new: int) -> None:
        if self._fitting or not self._by_hand:
            return      # our own sizing, a stretch, or another's code: not the user's choice
        if column == (self._last_visible() if self.stretch is None else self.stretch):
            return      # the stretching column follows the window
        widths = self.saved_widths()
        widths[column] = new
        self._settings().setValue(self._setting(), ",".join(
            f"{c}:{w}" for c, w in sorted(widths.items())))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if watched is self.view:
            if kind in (QEvent.Type.Show, QEvent.Type.Polish):
                self._follow(self.view.model())
            if kind == QEvent.Type.Show and not self.fitted:
                self.fit_headers()
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._by_hand = True     # a drag or a double-click on a handle sizes by hand
        elif kind == QEvent.Type.MouseButtonRelease:
            self._by_hand = False
        return False


def fit_columns(view: QAbstractItemView, key: str = "", *, cap: int = CAP,
                stretch: int | None = None,
                qsettings: QSettings | None = None) -> ColumnFitter:
    """Size `view`'s columns to their content on its first rows (at most `cap` pixels each),
    the last column (or `stretch`) taking the room left, widths the user drags kept under
    `key` (by default the column titles); clipped cells show their whole text on hover."""
    cover_views(view)
    return ColumnFitter(view, key, cap=cap, stretch=stretch, qsettings=qsettings)
