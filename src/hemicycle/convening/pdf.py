"""PDFs of many letters at once, on every core: WeasyPrint lays out a chunk of letters as one
document and cuts it at each letter's first page. No Django here: the worker processes import
this module alone (with WeasyPrint), not the project."""

import itertools
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

MARK = "letter-"  # the id of each letter's first element (convening/letter.html)


def cut(html: str, count: int) -> list[bytes]:
    """The PDF of each of the `count` letters of `html`, laid out together: WeasyPrint's set-up
    costs as much as a page, so a chunk shares it."""
    from weasyprint import HTML  # loading Pango takes a moment; pages that do not print skip it

    document = HTML(string=html).render()
    starts = [
        i for i, page in enumerate(document.pages)
        if any(name.startswith(MARK) for name in page.anchors)
    ] + [len(document.pages)]  # fmt: skip
    if len(starts) != count + 1:
        raise RuntimeError(f"{count} letters were laid out as {len(starts) - 1}")
    return [
        bytes(document.copy(document.pages[a:b]).write_pdf()) for a, b in itertools.pairwise(starts)
    ]


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _pool(size: int) -> Executor:
    # forkserver: the workers are forked from a clean process, never from a server with threads
    # (the page's batch runs in one), and have WeasyPrint imported once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["hemicycle.convening.pdf", "weasyprint"])
    return ProcessPoolExecutor(max_workers=size, mp_context=context)


def cut_all(chunks: Sequence[tuple[str, int]]) -> Iterator[list[bytes]]:
    """The PDFs of each chunk (html, number of letters), in order, as soon as each is ready:
    on every core when there are several and more than one chunk, else here."""
    size = min(workers(), len(chunks))
    if size <= 1:
        yield from (cut(html, count) for html, count in chunks)
        return
    with _pool(size) as pool:
        yield from pool.map(cut, *zip(*chunks, strict=True))
