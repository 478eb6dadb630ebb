"""One error hierarchy. Errors carry their place and exit status; only the CLI prints them."""

from __future__ import annotations

import click
from msgspec import Struct, field


class Place(Struct, frozen=True):
    """Where a problem is: a file, and a TOML line + key path or a roster row + column."""

    file: str = ""
    line: int | None = None
    key: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        # county.toml 第12行: plan.stages[3].end   |   unions.xlsx 第17行 手机
        head = " ".join(x for x in (self.file, f"第{self.line or self.row}行" if (self.line or self.row) else "") if x)
        if self.key:
            return f"{head}: {self.key}" if head else self.key
        return " ".join(x for x in (head, self.column) if x)


class Problem(Struct, frozen=True):
    """One problem of an input, with the place it was found."""

    place: Place
    message: str

    def __str__(self) -> str:
        # the spec's forms: `county.toml 第12行: plan.end "2012-13" 不是…` and `unions.xlsx 第17行 手机: "139…" 不是…`
        where = str(self.place)
        if not where:
            return self.message
        return f"{where} {self.message}" if self.place.key else f"{where}: {self.message}"


class DocgenError(click.ClickException):
    """Base class. `exit_code` 2 = bad input, 1 = environment, 130 = interrupted.

    A click exception, so click's own handling (the console, and CliRunner in tests alike) prints
    it through `show` and exits with its status; code below the CLI only raises it.
    """

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)             # sets self.message
        self.problems = list(problems or [])

    def append(self, note: str) -> None:
        """Add to the message what was done about it (a rollback, where to look). click declares
        `message` final; the error is still being built while it travels up, so it is set here."""
        vars(self)["message"] = self.message + note

    def lines(self) -> list[str]:
        if self.problems:
            return [str(p) for p in self.problems]
        return [self.message]

    def format_message(self) -> str:
        return "\n".join(self.lines())

    def show(self, file=None) -> None:
        """The Chinese message: each problem on its line, then whether anything was written."""
        for line in self.lines():
            click.echo(f"错误：{line}" if not self.problems else line, err=True, file=file)
        if len(self.problems) > 1:
            click.echo(f"共 {len(self.problems)} 处问题，未生成任何文件。", err=True, file=file)
        elif self.exit_code == 2:
            click.echo("未生成任何文件。", err=True, file=file)


class InputError(DocgenError):
    """The user's input does not satisfy the input spec (nothing is written)."""

    exit_code = 2

    @classmethod
    def at(cls, place: Place, message: str) -> InputError:
        return cls(message, [Problem(place, message)])


class EnvironmentProblem(DocgenError):
    """Something outside the input is wrong: LibreOffice missing, folder not writable, file locked."""

    exit_code = 1


class Interrupted(DocgenError):
    """Ctrl-C: what was finished is said in the message."""

    exit_code = 130


class Collector(Struct):
    """Collects every problem and warning instead of stopping at the first."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, place: Place, message: str) -> None:
        self.problems.append(Problem(place, message))

    def warn(self, place: Place, message: str) -> None:
        self.warnings.append(Problem(place, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(f"输入有 {len(self.problems)} 处问题", self.problems)
