"""click's own messages in Chinese (spec/cli.md: usage, missing argument, bad choice, unknown
command and --help are Chinese too).

click looks every message up through `gettext` (its modules bind `_` and `ngettext` at import).
The process-wide gettext catalogue depends on LANG/LANGUAGE and on compiled .mo files, neither of
which a clerk's Windows machine has, so docgen gives click's modules its own lookup instead:
one table, the same on every platform. A message missing from the table stays English.
"""

from __future__ import annotations

import click

OPTIONS_METAVAR = "[选项]"

MESSAGES: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "可运行 '{command} {option}' 查看帮助。",
    "Aborted!": "已中断。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带取值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在允许的范围内（{range}）。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值，可用：{states}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，应为文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，应为文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "(dynamic)": "（动态）",
    "env var: {var}": "环境变量：{var}",
    "Value must be an iterable.": "取值应为多个值。",
}

# (singular, plural) -> one Chinese text: Chinese has no plural form
PLURALS: dict[tuple[str, str], str] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        "（是否想输入 {possibilities}？）",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        "多余的参数（{args}）",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        "选项 {name!r} 需要取值。",
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        "{value!r} 不是可选值，应为 {choices} 之一。",
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        "需要 {nargs} 个值，实际给了 {len} 个。",
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        "{value!r} 不符合格式 {formats}。",
    ("{count} integer", "{count} integers"): "{count} 个整数",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get((singular, plural), singular if n == 1 else plural)


def install() -> None:
    """Point click's modules at the table. Must run before any click decorator that takes a
    default help text (version_option, help option) is evaluated."""
    import importlib

    for name in ("core", "exceptions", "parser", "types", "decorators", "formatting", "termui", "utils"):
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:                        # a click without that module: nothing to patch
            continue
        for attribute, lookup in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, attribute):
                setattr(module, attribute, lookup)
    import click.formatting

    click.formatting.term_len = display_width     # type: ignore[assignment]  # columns line up with Chinese
    _full_stop_after_missing()


def _full_stop_after_missing() -> None:
    """click ends "Missing argument 'FILE'." with a full stop written into its code, not its
    catalogue: the Chinese sentence ends with 。 instead."""
    from click.exceptions import MissingParameter

    english = MissingParameter.format_message
    if getattr(english, "docgen_zh", False):
        return

    def format_message(self: MissingParameter) -> str:
        text = english(self)
        head, dot, tail = text.partition("'.")
        return f"{head}'。{tail.lstrip()}" if dot else text

    format_message.docgen_zh = True               # type: ignore[attr-defined]
    MissingParameter.format_message = format_message   # type: ignore[method-assign]


def display_width(text: str) -> int:
    """Columns a text takes on a terminal: a CJK character is two (click counts one)."""
    import unicodedata

    from click._compat import strip_ansi

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in strip_ansi(text))


class Formatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class Context(click.Context):
    formatter_class = Formatter


def localized(command: click.Command) -> click.Command:
    """A subcommand with the Chinese help layout and usage line."""
    command.context_class = Context
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = OPTIONS_METAVAR
    return command
