"""What the ReportLab baselines share: DejaVu Sans registered as IsoFind embeds it, and a canvas
that keeps its pages until the end so that each page's furniture can say "page x / y"."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas

FONTS = Path("/usr/share/fonts/truetype/dejavu")
for name, file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf"),
                   ("DejaVu-Oblique", "DejaVuSans-Oblique.ttf")):
    pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))


class NumberedCanvas(pdfcanvas.Canvas):
    """Keeps every page until `save`, then draws each page's furniture with `decorate(number,
    total)` (the subclass's) before writing it: the two-pass "page x / y" of ReportLab's recipes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.decorate(self._pageNumber, total)
            super().showPage()
        super().save()

    def decorate(self, number: int, total: int) -> None:
        raise NotImplementedError
