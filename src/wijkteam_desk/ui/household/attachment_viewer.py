"""Bekijken: a PDF or image from the vault, shown inside the app. The bytes stay in memory: PDF
pages are rasterised by pdfium straight from them (one page at a time), an image is decoded by
Qt from a buffer; nothing is written to a temporary file, a cache or a thumbnail. Closing the
viewer, locking the vault or switching on home-visit mode drops the bytes and the pixels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.record import AttachmentInfo
from ...record_texts import size_text
from ...services.attachments import AttachmentContent
from ..context import AppContext, show_error
from ..widgets import colors
from ..widgets.dates import fmt_date
from ..widgets.pdf_pages import page_images

BASE_DPI = 80.0
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
MAX_SIDE = 4000  # an image is decoded at most this many pixels on its longest side


def decode_image(data: bytes, max_side: int = MAX_SIDE) -> QImage:
    """Decode from memory; a very large scan is decoded scaled down (memory stays small)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > max_side:
        reader.setScaledSize(size.scaled(QSize(max_side, max_side),
                                         Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return image


def describe(info: AttachmentInfo) -> str:
    pages = f", {info.pages} {'pagina' if info.pages == 1 else 'pagina’s'}" if info.pages else ""
    return (f"{info.media_type.label}{pages}, {size_text(info.size)} · toegevoegd op "
            f"{fmt_date(info.added_at.astimezone().date())} door {info.added_by}")


class AttachmentViewer(QDialog):
    def __init__(self, ctx: AppContext, content: AttachmentContent,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = content.info
        self._data = content.data
        self.zoom_index = ZOOMS.index(1.0)
        self.current_page = 0
        self.page_count = content.info.pages or 1
        self._image: QImage | None = None  # a decoded image (not for a PDF)
        title = self.tr("Document: {title}").format(title=self.info.title)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(820, 700)  # fits a 1366×768 laptop; the page scrolls

        heading = QLabel(f"<b>{self.info.title}</b><br>{describe(self.info)}", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        nav = QHBoxLayout()

        def button(text: str, tip: str, slot: object) -> QPushButton:
            b = QPushButton(text, self)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            nav.addWidget(b)
            return b

        self.previous_button = button(self.tr("&Vorige"), self.tr("Vorige pagina (Page Up)"),
                                      self.previous_page)
        self.page_label = QLabel(self)
        self.page_label.setAccessibleName(self.tr("Pagina"))
        nav.addWidget(self.page_label)
        self.next_button = button(self.tr("V&olgende"), self.tr("Volgende pagina (Page Down)"),
                                  self.next_page)
        nav.addStretch(1)
        button(self.tr("&Kleiner"), self.tr("Uitzoomen (Ctrl+-)"), self.zoom_out)
        self.zoom_label = QLabel(self)
        nav.addWidget(self.zoom_label)
        button(self.tr("&Groter"), self.tr("Inzoomen (Ctrl++)"), self.zoom_in)
        self.previous_button.setShortcut("PgUp")
        self.next_button.setShortcut("PgDown")

        self.page = QLabel(self)
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setAccessibleName(self.tr("Inhoud van het document"))
        self.page.setStyleSheet("QLabel { background: white; margin: 6px; }")
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.page)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setStyleSheet(f"QScrollArea {{ background: {colors.PAGE_PREVIEW[0]}; }}")

        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self.tr("&Opslaan als…"), self)
        self.save_button.setToolTip(self.tr("Een kopie buiten de kluis, op een plek die je zelf "
                                            "kiest. Dat komt in het logboek."))
        self.save_button.clicked.connect(self.save_copy)
        close = QPushButton(self.tr("Sluiten"), self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(nav)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(buttons)
        ctx.privacy_changed.connect(self._on_privacy)
        if self.info.media_type.is_image:
            self._image = decode_image(self._data)
        self.show_page()

    # -- showing --------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return ZOOMS[self.zoom_index]

    def rendered(self) -> QImage:
        """What is on screen now, as an image (the current PDF page, or the picture)."""
        if self._image is not None:
            if self._image.isNull() or self.zoom == 1.0:
                return self._image
            return self._image.scaled(int(self._image.width() * self.zoom),
                                      int(self._image.height() * self.zoom),
                                      Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)
        [image] = page_images(self._data, BASE_DPI * self.zoom, self.current_page,
                              self.current_page)
        return image

    def show_page(self) -> None:
        image = self.rendered() if self._data else QImage()
        if image.isNull():
            self.page.setText(self.tr("Dit document kan niet worden getoond."))
        else:
            self.page.setPixmap(QPixmap.fromImage(image))
        pdf = self._image is None
        self.page_label.setText(self.tr("Pagina {n} van {total}").format(
            n=self.current_page + 1, total=self.page_count) if pdf else "")
        self.previous_button.setVisible(pdf)
        self.next_button.setVisible(pdf)
        self.previous_button.setEnabled(self.current_page > 0)
        self.next_button.setEnabled(self.current_page < self.page_count - 1)
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")

    def next_page(self) -> None:
        if self.current_page < self.page_count - 1:
            self.current_page += 1
            self.show_page()

    def previous_page(self) -> None:
        if self.current_page > 0:
            self.current_page -= 1
            self.show_page()

    def zoom_in(self) -> None:
        self.zoom_index = min(self.zoom_index + 1, len(ZOOMS) - 1)
        self.show_page()

    def zoom_out(self) -> None:
        self.zoom_index = max(self.zoom_index - 1, 0)
        self.show_page()

    # -- saving a copy --------------------------------------------------------------------------
    def save_copy(self) -> bool:
        start = str(Path.home() / self.info.file_name)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Kopie opslaan"), start)
        return bool(path) and self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        try:
            return self.ctx.attempt(self, lambda: self.ctx.workspace.attachments.save_copy(
                self.info.id, path)) is not None
        except OSError as exc:
            show_error(self, self.tr("Opslaan is niet gelukt ({reason}). Kies een andere map.")
                       .format(reason=exc.strerror or "onbekend"))
            return False

    # -- leaving --------------------------------------------------------------------------------
    def _on_privacy(self, on: bool) -> None:
        if self.ctx.hides("attachment.content"):  # the family may be looking: it goes away
            self.reject()

    def done(self, result: int) -> None:
        self._data = b""
        self._image = None
        self.page.clear()
        super().done(result)
