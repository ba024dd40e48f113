"""The sample a keyword bank is built from when a catalogue is large (listingkit.sampling)."""

from __future__ import annotations

import random

import pytest

from listingkit.listing import Listing
from listingkit.sampling import Sample, key_of, sample_of


def listings(count: int) -> list[Listing]:
    return [Listing(sku=f"SKU-{i}", title=f"Acme Mug {i % 37} oz") for i in range(count)]


def test_a_sample_keeps_at_most_its_size_of_the_smallest_keys_in_the_order_read() -> None:
    items = listings(300)
    sample = sample_of(items, 20)
    kept = sample.items()
    assert len(kept) == 20 and sample.seen == 300 and sample.sampled
    assert kept == sorted(kept, key=items.index)  # (in the order they came)
    assert {x.sku for x in kept} == {x.sku for x in sorted(items, key=key_of)[:20]}


def test_the_sample_is_the_same_whatever_order_the_listings_come_in() -> None:
    items = listings(500)
    shuffled = list(items)
    random.Random(3).shuffle(shuffled)
    first, second = sample_of(items, 40).items(), sample_of(shuffled, 40).items()
    assert {x.sku for x in first} == {x.sku for x in second}
    assert [x.sku for x in second] == [x.sku for x in shuffled if x in second]


def test_fewer_listings_than_the_size_are_all_kept_and_described_as_they_are() -> None:
    items = listings(7)
    sample = sample_of(items, 7)
    assert sample.items() == items and not sample.sampled
    assert sample.describe("the catalogue's own listings") == "the catalogue's own listings"
    assert sample_of(listings(12_345), 1_000).describe("competitors m.csv") == \
        "competitors m.csv (a sample of 1,000 of 12,345)"


def test_of_listings_with_the_same_key_the_one_read_first_stays() -> None:
    sample: Sample[str] = Sample(1)
    twin = Listing(sku="A", title="Acme Mug")
    sample.add(twin, "first")
    sample.add(Listing(sku="A", title="Acme Mug"), "second")
    assert sample.items() == ["first"]


def test_every_listing_is_as_likely_to_be_sampled() -> None:
    """A tenth of 20,000 listings: each half of the file (first and second, even and odd
    rows) gives about half of the sample, as a uniform sample does."""
    kept = {x.sku for x in sample_of(listings(20_000), 2_000).items()}
    numbers = [int(sku.split("-")[1]) for sku in kept]
    assert 900 < sum(n < 10_000 for n in numbers) < 1_100
    assert 900 < sum(n % 2 == 0 for n in numbers) < 1_100


def test_the_key_is_the_same_on_every_machine() -> None:
    """BLAKE2b of SKU and title, not Python's hash (salted per process): a sampled bank is
    the same on every run. Changing the key changes every sampled bank."""
    assert key_of(Listing(sku="A", title="Acme Mug")) == 0x0D33462EDD3615C1


def test_a_sample_holds_at_least_one() -> None:
    with pytest.raises(ValueError):
        Sample(0)
