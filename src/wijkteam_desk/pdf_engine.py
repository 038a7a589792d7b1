"""The one lock around pdfium. pdfium is not thread-safe (pypdfium2's documentation: one thread
at a time in the whole process), and it is reached from two layers: the services count a new
attachment's pages while it is added in a worker, and the UI rasterises pages for the viewer and
the print dialog in other workers. Both take this lock, so two of them never run at once."""

from __future__ import annotations

import threading

PDFIUM = threading.Lock()
