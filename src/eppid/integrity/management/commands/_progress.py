"""A rich progress bar on the command's own stdout (plain lines when it is not a terminal)."""

from __future__ import annotations

from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_bar(command, description: str, total: int):
    stream = getattr(command.stdout, "_out", command.stdout)
    console = Console(file=stream, force_terminal=None, highlight=False)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        yield lambda advance: bar.advance(task, advance)
