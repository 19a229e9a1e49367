"""SourceBudget: a slot only while working, and one deadline for a source's whole poll."""

from __future__ import annotations

import asyncio

import pytest

from flows.core.budget import SourceBudget, paused


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_deadline_counts_from_the_first_slot_not_from_the_queue() -> None:
    clock = Clock()
    budget = SourceBudget(asyncio.Semaphore(1), seconds=60, clock=clock)
    clock.now += 500  # waiting for a slot costs nothing
    assert budget.left() == 60

    async def first_attempt() -> float:
        async with budget.slot() as left:
            clock.now += 30
            return left

    assert asyncio.run(first_attempt()) == 60
    assert budget.left() == 30


def test_a_retry_is_worth_it_only_when_an_attempt_as_long_fits() -> None:
    clock = Clock()
    budget = SourceBudget(asyncio.Semaphore(1), seconds=60, clock=clock)

    async def attempt(seconds: float) -> None:
        async with budget.slot():
            clock.now += seconds

    asyncio.run(attempt(30))  # a response that dripped until its 30 s deadline
    assert not budget.worth_retrying(after=10, took=30)  # 10 + 30 > 30 left
    assert budget.worth_retrying(after=10, took=1)  # a quick 500: retry
    asyncio.run(attempt(29.5))
    assert budget.left() == 0.5
    asyncio.run(attempt(5))
    assert budget.left() == 0.0  # never negative


def test_the_slot_is_free_between_attempts() -> None:
    slots = asyncio.Semaphore(1)
    sick = SourceBudget(slots, seconds=60)
    healthy = SourceBudget(slots, seconds=60)
    order: list[str] = []

    async def main() -> None:
        async def sick_source() -> None:
            async with sick.slot():
                order.append("sick attempt 1")
            await asyncio.sleep(0.05)  # the retry delay, slot released
            async with sick.slot():
                order.append("sick attempt 2")

        async def healthy_source() -> None:
            await asyncio.sleep(0.01)
            async with healthy.slot():
                order.append("healthy")

        await asyncio.gather(sick_source(), healthy_source())

    asyncio.run(main())
    assert order == ["sick attempt 1", "healthy", "sick attempt 2"]


@pytest.mark.slow  # real sleeps, about a second
def test_time_paused_inside_does_not_count_against_the_deadline() -> None:
    """0.8 s of waiting inside ``paused`` and 0.1 s outside fit a 0.5 s deadline; the same
    0.8 s outside it does not."""

    async def wait(pause: bool) -> None:
        async with asyncio.timeout(0.5) as deadline:
            async with paused(deadline if pause else None):
                await asyncio.sleep(0.8)
            await asyncio.sleep(0.1)

    asyncio.run(wait(pause=True))
    with pytest.raises(TimeoutError):
        asyncio.run(wait(pause=False))


@pytest.mark.slow  # real sleeps, about a second
def test_the_deadline_resumes_with_what_was_left() -> None:
    async def main() -> None:
        async with asyncio.timeout(0.5) as deadline:
            await asyncio.sleep(0.3)
            async with paused(deadline):
                await asyncio.sleep(0.5)
            await asyncio.sleep(0.4)  # 0.3 + 0.4 > 0.5: the pause gave no time of its own

    with pytest.raises(TimeoutError):
        asyncio.run(main())
