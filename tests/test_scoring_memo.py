"""The identity cache behind framework tables, plans, expressions and programs."""

from __future__ import annotations

from anting_rule_of_law.scoring.memo import IdentityCache


class _Key:
    """Equal to every other _Key: the cache must still tell objects apart."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key)

    def __hash__(self) -> int:
        return 0


def test_built_once_per_object_not_per_equal_value() -> None:
    built: list[_Key] = []

    def build(k: _Key) -> int:
        built.append(k)
        return len(built)

    cache: IdentityCache[_Key, int] = IdentityCache()
    a, b = _Key(), _Key()
    assert cache.get(a, build) == 1
    assert cache.get(a, build) == 1
    assert cache.get(b, build) == 2
    assert built == [a, b] and built[0] is a and built[1] is b


def test_bounded() -> None:
    cache: IdentityCache[object, int] = IdentityCache(size=2)
    keys = [object() for _ in range(5)]
    calls = 0

    def build(_: object) -> int:
        nonlocal calls
        calls += 1
        return calls

    for k in keys:
        cache.get(k, build)
    assert len(cache._items) <= 3
    assert cache.get(keys[-1], build) == 5  # the newest entry survives clearing
