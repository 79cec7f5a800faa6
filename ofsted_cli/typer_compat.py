"""The one place where the CLI leans on Typer's private names, each with a fallback.

1. **Option checks without pydantic.** Typer 0.29 checks every option's value through a
   pydantic TypeAdapter; importing pydantic and building the adapters costs about 0.1 s of
   CPU at every start — more than the rest of start-up, and scripts call the tool once per
   file. :func:`plain_checks` gives options of plain types (text, whole numbers and numbers
   with their limits, flags, lists of text) checks of its own with pydantic's messages,
   through Typer's private ``RuntimeParam`` and ``_runtime_param``. Where those names are
   missing (another Typer), nothing is changed: Typer's own checks run, slower, with the
   same answers. ``make bench`` says which is in use.
2. **Arguments shown by their metavar** ('PATH...'), not Typer's type label
   ('<list[str]>'): :func:`plain_argument_help` sets two display methods of
   ``TyperArgument`` where it has them; else Typer's display stays.

3. **Click's exceptions.** Typer raises click's ``UsageError`` and ``ClickException`` (from
   its own copy of click) but exports only their subclass ``BadParameter``:
   :func:`click_errors` finds them among its bases, by name.

Nothing else in the package imports a private Typer name (a test checks cli.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List


def plain_checks(group) -> bool:
    """Give the options of ``group`` and its commands plain checks; False where this Typer
    does not have the names used (its own checks stay)."""
    try:
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
    except ImportError:
        return False

    @dataclass(frozen=True)
    class Plain(RuntimeParam):
        def _coerce_value(self, value, param, ctx):
            t, info = self.annotation, self.parameter_info
            if t is List[str] or t is list:
                items = value if isinstance(value, (list, tuple)) else [value]
                if not all(isinstance(v, str) for v in items):
                    raise BadParameter("Input should be a valid string", ctx=ctx, param=param)
                return list(items)
            if t is bool:
                if isinstance(value, bool):
                    return value
                word = str(value).strip().lower()
                if word in ("1", "true", "yes", "on", "y", "t"):
                    return True
                if word in ("0", "false", "no", "off", "n", "f"):
                    return False
                raise BadParameter("Input should be a valid boolean", ctx=ctx, param=param)
            if t is str:
                if not isinstance(value, str):
                    raise BadParameter("Input should be a valid string", ctx=ctx, param=param)
                return value
            what = "integer" if t is int else "number"
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise BadParameter(f"Input should be a valid {what}", ctx=ctx, param=param)
            try:
                v = t(value.strip()) if isinstance(value, str) else t(value)
            except (ValueError, OverflowError):
                article = "an" if t is int else "a"
                raise BadParameter(f"Input should be a valid {what}, unable to parse string as {article} {what}",
                                   ctx=ctx, param=param) from None
            if info.min is not None and not v >= info.min:
                raise BadParameter(f"Input should be greater than or equal to {info.min}", ctx=ctx, param=param)
            if info.max is not None and not v <= info.max:
                raise BadParameter(f"Input should be less than or equal to {info.max}", ctx=ctx, param=param)
            return v

    def plain(param) -> None:
        desc = getattr(param, "type_descriptor", None)
        info = getattr(desc, "parameter_info", None)
        if desc is None or getattr(param, "_runtime_param", 0) is not None or desc.is_file or desc.is_choice \
                or desc.is_path or getattr(info, "clamp", False):
            return
        if desc.annotation in (str, int, float, bool, List[str]):
            param._runtime_param = Plain(parameter_info=info, annotation=desc.annotation)

    def help_option(cmd):
        made = cmd.get_help_option

        def get_help_option(ctx):  # --help is made anew for each context
            opt = made(ctx)
            if opt is not None:
                plain(opt)
            return opt
        return get_help_option

    for cmd in [group, *getattr(group, "commands", {}).values()]:
        for param in getattr(cmd, "params", ()):
            plain(param)
        if hasattr(cmd, "get_help_option"):
            cmd.get_help_option = help_option(cmd)
    return True


def click_errors() -> tuple[type, type]:
    """(UsageError, ClickException) of the click Typer uses: the bases of typer.BadParameter."""
    import typer
    bases = {c.__name__: c for c in typer.BadParameter.__mro__}
    return bases.get("UsageError", typer.BadParameter), bases.get("ClickException", typer.BadParameter)


def plain_argument_help() -> None:
    """Show an argument by its metavar alone, and a required one plainly in the usage line
    ('OLD NEW', not '{OLD} {NEW}')."""
    from typer.core import TyperArgument
    if hasattr(TyperArgument, "display_type_rich"):
        TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    if hasattr(TyperArgument, "_usage_display_name") and hasattr(TyperArgument, "display_name_raw"):
        TyperArgument._usage_display_name = lambda self: (  # type: ignore[method-assign]
            (self.display_name_raw if self.required else f"[{self.display_name_raw}]")
            + ("..." if self.nargs != 1 else ""))
