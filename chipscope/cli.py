"""The command line: ``chipscope`` (GUI) and its commands, each in its own module:
``run``, ``market-check`` and ``assumptions`` (:mod:`chipscope.cli_run`), ``data build|check``
(:mod:`chipscope.cli_data`), ``export-chart`` (:mod:`chipscope.cli_export`), ``calibrate`` and
``backtest`` (:mod:`chipscope.cli_calibration`), ``report`` (:mod:`chipscope.cli_report`),
``sensitivity`` (:mod:`chipscope.cli_sensitivity`), ``sweep`` (:mod:`chipscope.cli_sweep`); what
they share is :mod:`chipscope.cli_common`; how a failure is said, :mod:`chipscope.cli_failures`.

Importing this module is cheap: pandas, numpy, SQLite and Qt are imported inside the commands.
Every user error (bad option, scenario file, database or CSV) prints one message prefixed
``chipscope-cli: error:`` (the command typed, as in the usage line) and exits with status 2;
an unexpected exception prints its message and exits with status 1 (``CHIPSCOPE_DEBUG=1``
adds the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from chipscope import (
    __version__,
    cli_calibration,
    cli_data,
    cli_export,
    cli_report,
    cli_run,
    cli_sensitivity,
    cli_sweep,
)
from chipscope.cli_common import (
    PROG,
    OptionValueError,
    UsageError,
    error_line,
    exit_on_terminate,
    file_path,
    invoked_as,
    restore_interrupt,
    written_note,
)
from chipscope.cli_failures import path_refused as _path_refused
from chipscope.cli_failures import print_error as _error
from chipscope.cli_failures import quiet as _quiet
from chipscope.cli_failures import quiet_stdout as _quiet_stdout
from chipscope.cli_failures import stdout_error as _stdout_error
from chipscope.cli_failures import stdout_fails as _stdout_fails
from chipscope.cli_signals import Terminated, raise_on_terminate, stop_notes
from chipscope.cli_stdout import (
    changed_databases,
    command_inputs,
    held_back,
    named_inputs,
    pipe_gone,
    stderr_closed_dropped,
    stdout_onto_input,
    streams_onto,
    tolerant_stdout,
    watch_databases,
)

__all__ = ["PROG", "UsageError", "build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    """argparse, except that help or version text that cannot be written (a full or closed
    stdout) is an error, not silently dropped (argparse swallows the OSError)."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        stream = file or sys.stderr
        if stream is None:  # closed (`2>&-`, main gives it the null device): not into stdout
            return
        try:
            if message:
                stream.write(message)
        except OSError as exc:  # help or version: stdout's failure (main); a usage error stays one
            if stream is not sys.stderr:
                raise HelpNotWritten(exc) from None
            _quiet(sys.stderr)

    def error(self, message: str) -> NoReturn:
        """argparse's usage error ("unrecognized arguments: ..."), a typed word shown, never
        obeyed (an ESC sequence, U+202E)."""
        from chipscope.model.text_rules import escaped_hidden

        super().error(escaped_hidden(message, keep="\t"))

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        """The option's value; an :class:`OptionValueError` (``--draws 1e3``) becomes one
        line naming the option, as a UsageError, instead of argparse's usage and message."""
        try:
            return super()._get_value(action, arg_string)
        except OptionValueError as exc:
            name = max(action.option_strings, key=len, default=action.metavar or action.dest)
            raise UsageError(f"{name}: {exc}") from None


class HelpNotWritten(Exception):
    """Help or version text that standard output would not take; ``error`` is its OSError.
    Only this is stdout's failure in :func:`_parse`: an OSError of an option's type (one that
    looked at a file) is not, and never ends the command with status 0 (m45 S1)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(
        prog=invoked_as(),  # the command typed, in usage lines (pass 33)
        description="Explore the AI-accelerator market. Without a command, opens the window.")
    parser.add_argument("-V", "--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--db", type=file_path, metavar="PATH", default=None,
                        help="a ChipScope database (default: your own, made from the bundled one)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="check that this installation works (headless, a few seconds), "
                             "then exit")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add ChipScope to your desktop's application menu and register "
                             "scenario files (.toml) for it, in your own XDG folders")
    parser.add_argument("--remove-desktop-entry", action="store_true",
                        help="remove what --install-desktop-entry added")
    parser.set_defaults(func=_cmd_gui, open_files=[])
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in (cli_run, cli_data, cli_export, cli_report, cli_calibration, cli_sensitivity,
                   cli_sweep):
        module.add_commands(sub)
    return parser


def _cmd_gui(args: argparse.Namespace) -> int:
    from chipscope.platform_check import check_display, check_platform

    if args.install_desktop_entry or args.remove_desktop_entry:
        from chipscope.storage.desktop_entry import install_entry, remove_entry_stoppable

        print(remove_entry_stoppable() if args.remove_desktop_entry else install_entry())
        return 0
    if args.open_files:  # the one regular-file check, as `run --scenario` says it (links too)
        from chipscope.storage.files import FileRefused, check_regular_file

        for path in args.open_files:
            try:
                check_regular_file(path, "scenario file")
            except FileRefused as exc:
                raise UsageError(str(exc)) from None
    if (status := check_display()) is not None:  # no display: one sentence, exit 2
        return status
    if (status := check_platform()) is not None:  # names the missing system library; exit 2
        return status
    try:
        from chipscope.ui.app import run_gui
    except ImportError as exc:
        print(error_line(f"the window cannot open: {exc}"), file=sys.stderr)
        return 1
    result: int = run_gui(db=args.db, open_files=[Path(p) for p in args.open_files])
    return result


def _smoke_test(words: list[str]) -> int:
    """Run ``--smoke-test`` (packaging/README.md), given alone; with a command or another option
    (``--smoke-test run ...``) it is refused, since one of them would be silently dropped."""
    if others := [w for w in words if not (len(w) > 2 and "--smoke-test".startswith(w))]:
        _error(f"--smoke-test takes no command or other option (it was given with "
               f"{' '.join(others)[:80]}); run it alone")
        return 2
    from chipscope.smoke import run_smoke_test

    return run_smoke_test()


def _desktop_alone(args: argparse.Namespace, command: list[str]) -> str | None:
    """Why the desktop-entry options cannot run as given (with a command, a file, ``--db``
    or each other: one of them was silently dropped); None when they can."""
    options = [o for o, on in (("--install-desktop-entry", args.install_desktop_entry),
                               ("--remove-desktop-entry", args.remove_desktop_entry)) if on]
    if not options:
        return None
    others = options[1:] + (command if args.func is not _cmd_gui else []) + (
        ["a scenario file"] if args.open_files else []) + (["--db"] if args.db else [])
    if not others:
        return None
    return f"{options[0]} takes no command, file or other option (it was given with " \
           f"{', '.join(others)}); run it alone"


def split_open_files(argv: list[str], commands: set[str]) -> tuple[list[str], list[str]]:
    """``chipscope [OPTIONS] FILE.toml ...``: the scenario files to open in the window, and the
    arguments left for the parser. A first word that is a command leaves everything as is; one
    neither a command nor a file (too long to look up; a dangling link is a file) is said so."""
    from chipscope.model.text_rules import shortened
    files: list[str] = []
    rest: list[str] = []
    takes_value = {"--db"}
    skip = False
    for i, word in enumerate(argv):
        if skip:
            rest.append(word)
            skip = False
        elif word == "--":
            files += argv[i + 1:]
            break
        elif word.startswith("-"):
            rest.append(word)
            # --db, or an abbreviation argparse takes for it (--d): its value is no file
            skip = "=" not in word and any(o.startswith(word) for o in takes_value) \
                and len(word) >= 3
        elif word in commands and not files:
            return [], argv
        elif word in commands and not word.endswith(".toml") and not os.path.exists(word):
            raise UsageError(f"the command {word!r} cannot follow the scenario file "
                             f"{shortened(files[-1], 80)!r}; put the command first")
        elif word.endswith(".toml") or os.path.lexists(word):  # a link to nothing is named
            files.append(word)  # as one (its missing target, a loop) by _cmd_gui's check
        else:
            raise UsageError(f"{shortened(word, 80)!r} is neither a command "
                             f"({', '.join(sorted(commands))}) nor a scenario file")
    return files, rest


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:  # argparse keeps its subparsers here, nowhere public
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _parse(raw: list[str], parser: argparse.ArgumentParser) -> argparse.Namespace | int:
    """The parsed command line, or the exit status after a usage error (said), --help or
    --version (printed)."""
    try:  # os.path.exists, no OSError: only parse_args writes (help), and only to stdout
        files, words = split_open_files(raw, commands := _command_names(parser))
    except UsageError as exc:  # a misplaced command, a word neither a command nor a file
        _error(str(exc))
        return 2
    try:
        args = parser.parse_args(words)
    except UsageError as exc:  # an option's value (OptionValueError)
        _error(str(exc))
        return 2
    except SystemExit as exc:  # --help, --version, or a usage error already printed
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except HelpNotWritten as exc:  # --help into a full or closed stdout
        failed = exc.error
        code = 0 if sys.stdout is not None and not _stdout_fails(failed) else _stdout_error(failed)
    except OSError as exc:  # an option's type looked at a file (none should): not stdout's
        return _failed(exc)
    else:
        args.open_files, args.words = files, words
        args.command_word = [w for w in words if w in commands][:1]
        return args
    if sys.stdout is not None and _stdout_fails(None):  # the help text did not get out
        return _stdout_error(None)
    return code


# --- entry point ------------------------------------------------------------------------------
def _user_errors() -> tuple[type[BaseException], ...]:
    from chipscope.model.dataset import DatasetError
    from chipscope.paths import HomeError, MissingResourceError
    from chipscope.storage.schema import StorageError

    return (UsageError, StorageError, DatasetError, MissingResourceError, HomeError)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (0 ok, 1 unexpected error, 2 user error).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; defaults to ``sys.argv[1:]``.
    """
    tolerant_stdout()
    stderr_closed_dropped()
    raw = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not streams_onto(named := named_inputs(raw, parser)):
        args = _parse(raw, parser)
    else:  # stdout or stderr is a file the line names: nothing argparse prints may go there
        with held_back():
            args = _parse(raw, parser)
        if isinstance(args, int):  # a usage error, --help, --version: refused unprinted
            _error(stdout_onto_input(named) or "")
            return 2
    if isinstance(args, int):
        return args
    watch_databases(changed_databases(args))
    if message := stdout_onto_input(command_inputs(args)):
        _error(message)
        return 2
    if args.smoke_test:  # also --smoke or --smoke-t (argparse takes an unambiguous abbreviation)
        return _smoke_test(args.open_files + args.words)
    func: Callable[[argparse.Namespace], int] = args.func
    if message := _desktop_alone(args, args.command_word):
        _error(message)
        return 2
    if (written := sys.modules.get("chipscope.storage.files")) is not None:
        written.forget_written()  # an earlier command of this process (tests, a script)
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        _error("standard output is closed; send it somewhere (for example > FILE)")
        return 2
    try:
        try:
            if func is not _cmd_gui:  # the window keeps the default (its autosave covers it)
                exit_on_terminate()
            elif args.install_desktop_entry or args.remove_desktop_entry:
                raise_on_terminate()  # they take back what they did, then say "terminated"
            status = func(args)
        finally:
            restore_interrupt()  # Ctrl+C and SIGTERM as they were before the command
            if (temporaries := sys.modules.get("chipscope.storage.temporaries")) is not None:
                temporaries.sweep_once()  # private copies of reads killed outright (SIGKILL)
        sys.stdout.flush()  # a full disk behind stdout shows here, not as a failure at exit
        return status
    except KeyboardInterrupt as exc:  # Ctrl+C: every write is atomic: only whole files written
        _error("interrupted" + stop_notes(exc) + written_note())
        return 130
    except Terminated as exc:  # SIGTERM, SIGHUP: see raise_on_terminate
        _error(exc.word + stop_notes(exc) + written_note())
        return exc.status
    except BrokenPipeError:  # e.g. `chipscope run --out - | head`
        if pipe_gone(2) and not pipe_gone(1):  # stderr's reader went: the command stopped
            _quiet(sys.stderr)
            return 2
        _quiet_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - reported, not swallowed: exit 1 with the reason
        return _failed(exc)


def _failed(exc: Exception) -> int:
    """Say why the command failed and return its exit status: 2 for the user's error (said
    in its own sentence), stdout that failed or a path the system refuses; else 1, the
    unexpected error's message (``CHIPSCOPE_DEBUG=1``: with the traceback)."""
    if isinstance(exc, _user_errors()):
        _error(getattr(exc, "cli_message", str(exc)))  # files.StreamRefused: the CLI's advice
        return 2
    if isinstance(exc, OSError) and _stdout_fails(exc):
        return _stdout_error(exc)
    if isinstance(exc, OSError) and (message := _path_refused(exc)):
        _error(message)
        return 2
    _error(f"unexpected {type(exc).__name__}: {exc}")
    if os.environ.get("CHIPSCOPE_DEBUG"):
        import traceback

        traceback.print_exc()
    else:
        print("(set CHIPSCOPE_DEBUG=1 to see where; please report this)", file=sys.stderr)
    return 1


if __name__ == "__main__":  # `python -m chipscope.cli`: exactly `python -m chipscope`
    import runpy

    runpy.run_module("chipscope", run_name="__main__", alter_sys=True)
