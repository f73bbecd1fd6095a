"""Progress for long steps: a rich progress bar on a terminal, nothing when nobody watches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class Steps:
    """What the services report to: ``with steps.step("Dumping", total) as advance: advance(n)``."""

    @contextmanager
    def step(self, description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        yield lambda advance: None


class RichSteps(Steps):
    def __init__(self, console: Console):
        self.console = console

    @contextmanager
    def step(self, description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
        if not self.console.is_terminal:
            self.console.print(f"{description} ...", highlight=False)
            yield lambda advance: None
            return
        columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
        if total is not None:
            columns.append(DownloadColumn())
        columns.append(TimeElapsedColumn())
        with Progress(*columns, console=self.console, transient=False) as progress:
            task = progress.add_task(description, total=total)
            yield lambda advance: progress.advance(task, advance)
            progress.update(task, total=total or 1, completed=total or 1)
