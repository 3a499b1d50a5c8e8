"""Take the command-line values that need no conversion as they are, instead of through pydantic.

typer (0.29) checks each parameter's value with a pydantic TypeAdapter that it builds the first time the
parameter is parsed: importing pydantic and building the adapters cost 0.2-0.3 s in every command, as much
as `kg query` spends opening the store and answering. Most values need no conversion: a string for a
`str` option, a default that is already a number, an integer written in digits within the option's range.
Paths still go through typer's own path check (the same function its adapter calls). Any other value (a
number in another form or out of range, a choice, a custom parser, a file option) goes to the adapter
typer would have used, built at that moment, so results and error messages are typer's.

`install()` wraps typer's builder of parameter coercions; a typer without that builder (another version)
is left as it is, and runs as before.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

_DIGITS = re.compile(r"-?[0-9]+")
_CONVERT = object()  # the value needs typer's adapter


def install() -> None:
    """Make typer take plain values directly; idempotent, and a no-op on a typer without the hook."""
    try:
        from typer import core
        from typer._coercion import RuntimeParam, TypeDescriptor
        from typer._param_types import coerce_cli_path
    except ImportError:  # another typer: its own coercion
        return
    found = getattr(core, "build_runtime_param", None)
    if found is None or getattr(found, "plain_values", False):
        return
    build: Callable[[Any], Any] = found

    @dataclass(frozen=True)
    class PlainFirst(RuntimeParam):
        descriptor: TypeDescriptor = field(default=None)  # type: ignore[assignment]
        built: list[Any] = field(default_factory=list)  # typer's own coercion, once needed

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            found = plain(self.descriptor.annotation, value, param, ctx)
            if found is not _CONVERT:
                return found
            if not self.built:
                self.built.append(build(self.descriptor))
            return self.built[0]._coerce_value(value, param=param, ctx=ctx)

    def plain(annotation: Any, value: Any, param: Any, ctx: Any) -> Any:
        """`value` as typer's adapter would give it, or _CONVERT when that takes the adapter."""
        info = param.type_descriptor.parameter_info
        if annotation is str:
            return value if type(value) is str else _CONVERT
        if annotation is int or annotation is float:
            number: Any = value
            if annotation is int and type(value) is str and _DIGITS.fullmatch(value):
                number = int(value)
            if type(number) is not annotation:
                return _CONVERT
            low, high = info.min, info.max
            if (low is not None and number < low) or (high is not None and number > high):
                return _CONVERT  # typer's message, or its clamp
            return number
        if annotation is Path and info.path_type is None and isinstance(value, (str, Path)):
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        if get_origin(annotation) is list and isinstance(value, (list, tuple)):
            items = [plain(get_args(annotation)[0], v, param, ctx) for v in value]
            return _CONVERT if any(v is _CONVERT for v in items) else items
        return _CONVERT

    def plain_first(descriptor: Any) -> Any:
        info = descriptor.parameter_info
        if descriptor.file_annotation is not None or info.parser is not None:
            return build(descriptor)
        return PlainFirst(annotation=descriptor.annotation, parameter_info=info, descriptor=descriptor)

    plain_first.plain_values = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", plain_first)  # noqa: B010 - typer does not export it
