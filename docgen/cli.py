"""The command line: thin click commands. The only place that prints and exits.

Commands live in docgen/commands/<name>.py and are imported only when run, so `docgen --help`
stays fast (python-docx, reportlab and friends load only for the command that needs them).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys

import click

from . import __version__, click_zh

click_zh.install()          # before the decorators below take click's default help texts

# name -> (module in docgen.commands, one-line help shown by `docgen --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "写出一套示例输入（county.toml、花名册 .xlsx/.csv、空白花名册模板）"),
    "check": ("check", "检查输入文件，打印摘要和警告，不生成文件"),
    "plan": ("plan", "生成实施方案 .docx（GB/T 9704 格式，可加 --pdf）"),
    "notice": ("notice", "生成印发/转发通知 .docx（可加 --pdf）"),
    "badges": ("badges", "生成胸卡 PDF（A4 拼版带裁切线，或每张一页）"),
    "cards": ("cards", "生成双面联系卡 PDF（含二维码名片）"),
    "deskplates": ("deskplates", "生成桌牌 PDF（A4 对折）"),
    "board": ("board", "生成公示牌 PDF，每个工会一份"),
    "plaques": ("plaques", "生成工会牌匾 PDF（原大尺寸），每个工会一份，附清单和校样"),
    "all": ("all", "按输入内容生成全部产品"),
}


class LazyGroup(click.Group):
    context_class = click_zh.Context

    def list_commands(self, ctx):
        return [name for name in COMMANDS if _available(name)]

    def get_command(self, ctx, name):
        if name not in COMMANDS or not _available(name):
            return None
        module = importlib.import_module(f"docgen.commands.{COMMANDS[name][0]}")
        return click_zh.localized(module.command)

    def invoke(self, ctx):
        # Ctrl-C is exit 130 with a Chinese line, through click's own handling (a ClickException),
        # so the console and CliRunner agree; click alone would say "Aborted!" and exit 1.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            from .workers import interrupted

            raise interrupted(exc, "已中断。") from None       # 130, or 143/129 for SIGTERM/SIGHUP

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


def _available(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(f"docgen.commands.{COMMANDS[name][0]}") is not None


@click.group("docgen", cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar=click_zh.OPTIONS_METAVAR, subcommand_metavar="命令 [参数]...")
@click.version_option(__version__, "--version", prog_name="docgen", message="%(prog)s %(version)s")
def cli():
    """docgen：由一份结构化输入生成工会活动的实施方案、通知（GB/T 9704）和牌匾、胸卡、联系卡等印刷品。"""


# Commands that are over in a fraction of a second spend it importing modules and building the
# input model: many long-lived objects, almost no garbage cycles. The cyclic garbage collector
# only rescans them (~6 ms of a ~150 ms `docgen plan`), so it is off while they run. Batch
# commands keep it: drawing makes cycles (reportlab canvases), and their memory must stay flat.
# Every command's process ends without Python's teardown, which only frees memory once the outputs
# are written and closed: ~20 ms after a quick command, ~0.1 s after a batch that loaded faces.
QUICK = frozenset({"check", "plan", "notice", "init", "-h", "--help", "--version"})


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the group; every DocgenError is a click exception with its exit status."""
    import gc

    args = sys.argv[1:] if argv is None else argv
    quick = not args or args[0] in QUICK
    if argv is None:
        from .workers import stop_on_signals

        stop_on_signals()              # SIGTERM and SIGHUP end a run like Ctrl-C
    collecting = gc.isenabled()
    if quick:
        gc.disable()
    try:
        _main(argv)
    except SystemExit as exc:
        if argv is None:
            _leave(exc.code)
        raise
    finally:
        if collecting:
            gc.enable()


def _tolerant_streams() -> None:
    """A Windows console or pipe in GBK cannot show every character a name may hold (U+2A6D6, an
    emoji being reported): print those as \\U escapes instead of failing with a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):      # a test's capture, or no console at all
            continue
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def _leave(code) -> None:
    """End the real process at once (never for callers of main(), such as tests), after the exit
    functions registered with atexit; unless it started processes that have not been reaped (then
    Python's own exit waits)."""
    import atexit
    import os

    workers = sys.modules.get("docgen.workers")
    if workers is not None and workers.running():
        sys.exit(code)

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()         # what they clean up (a zip install's copied resources) is not memory
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):        # a closed pipe (docgen ... | head) or stream
            stream.flush()
    os._exit(code or 0)


def _main(argv: list[str] | None) -> None:
    """click's own handling, with the exit status kept for a caller of main() (click's standalone
    mode would end the process itself)."""
    _tolerant_streams()
    try:
        code = cli.main(args=argv, prog_name="docgen", standalone_mode=False)
    except click.ClickException as exc:          # DocgenError included: it carries its status
        exc.show()
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:    # click turns an interrupt into Abort
        click.echo("已中断。", err=True)
        signal = exc if isinstance(exc, KeyboardInterrupt) else (exc.__cause__ or exc.__context__)
        sys.exit(getattr(signal, "exit_code", 130))             # 143 for SIGTERM, 129 for SIGHUP
    sys.exit(code if isinstance(code, int) else 0)
