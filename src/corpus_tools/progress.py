"""Progress bars for long corpus runs (tqdm), quiet for small ones."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
#: Runs with at least this many items show a progress bar unless told otherwise.
AUTO_THRESHOLD = 2000


def progress(
    items: Iterable[T],
    *,
    total: int | None = None,
    desc: str = "",
    show: bool | None = None,
    unit: str = "article",
) -> Iterator[T]:
    """Iterate ``items`` with a tqdm bar when ``show`` (``None``: only for long runs)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    if show is None:
        show = total is not None and total >= AUTO_THRESHOLD
    if not show:
        yield from items
        return
    try:  # notebook widgets when ipywidgets is there, plain text otherwise
        import ipywidgets  # noqa: F401
        from tqdm.auto import tqdm
    except ImportError:
        from tqdm import tqdm
    yield from tqdm(items, total=total, desc=desc, unit=unit)
