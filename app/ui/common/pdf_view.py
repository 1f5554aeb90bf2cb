"""PDF on screen and on paper: a preview (QtPdf) and printing a PDF through QPrinter."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.ui.common.i18n import translate

PRINT_DPI = 300


def load_pdf(document: QPdfDocument, data: bytes) -> QBuffer:
    """Load PDF bytes into the document; the returned buffer must live as long as it does."""
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


class PdfPreview(QWidget):
    """Shows exactly the PDF that will print, page after page, each page fitted in view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._buffer: QBuffer | None = None
        self.data = b""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def show_pdf(self, data: bytes) -> None:
        old = self._buffer
        self.document.close()
        self.data = data
        self._buffer = load_pdf(self.document, data) if data else None
        if old is not None:
            old.deleteLater()

    def page_count(self) -> int:
        return self.document.pageCount()


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Print every page of the PDF on the printer, each page scaled to the paper it lands on.

    Pages are rendered at 300 dpi, enough for the narrowest bars the labels use. Returns the
    number of pages sent.
    """
    document = QPdfDocument()
    buffer = load_pdf(document, data)
    try:
        if document.status() != QPdfDocument.Status.Ready:
            raise ValueError(translate("common.pdf_view", "The PDF could not be read ({error}).")
                             .format(error=document.error().name))
        painter = QPainter()
        if not painter.begin(printer):
            raise ValueError(translate("common.pdf_view", "The printer could not start the job."))
        try:
            options = QPdfDocumentRenderOptions()
            for index in range(document.pageCount()):
                if index:
                    printer.newPage()
                points = document.pagePointSize(index)
                size = QSize(round(points.width() * PRINT_DPI / 72),
                             round(points.height() * PRINT_DPI / 72))
                image = document.render(index, size, options)
                target = QRectF(painter.viewport())
                scaled = QSize(size)
                scaled.scale(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRectF(0, 0, scaled.width(), scaled.height()), image)
            return document.pageCount()
        finally:
            painter.end()
    finally:
        document.close()
        buffer.close()
