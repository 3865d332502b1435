"""Talet och ordet i rätt böjning, på ett ställe för kommandoradens rad och skrivelsens text:
`1 man`, `2 män`; `1 nytt beslut`, `inga nya beslut`."""

from __future__ import annotations


def antal(n: int, en: str, flera: str, noll: str | None = None) -> str:
    """`en` för 1, annars `flera`; `noll` i stället för "0 ..." när den ges (skrivelsen säger aldrig "0")."""
    if n == 0 and noll is not None:
        return noll
    return f"{n} {en if n == 1 else flera}"
