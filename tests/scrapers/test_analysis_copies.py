"""The copy rules, without an archive: which release a text copies and which is the original."""

from scrapers.analysis import (
    BecomesOriginal,
    CopyOf,
    IsTheRoot,
    NotACopy,
    Root,
    candidates_by_shared_bands,
    link_copy,
    most_similar,
)


def test_a_release_matching_nothing_copies_nothing() -> None:
    assert link_copy(7, official=True, root=None) == NotACopy()
    assert link_copy(7, official=False, root=None) == NotACopy()


def test_a_syndicated_release_copies_the_root_of_the_cluster_it_matches() -> None:
    assert link_copy(7, official=False, root=Root(3, official=True)) == CopyOf(3)
    assert link_copy(7, official=False, root=Root(3, official=False)) == CopyOf(3)


def test_an_official_release_copies_an_official_root_that_came_first() -> None:
    assert link_copy(7, official=True, root=Root(3, official=True)) == CopyOf(3)


def test_an_official_release_takes_over_a_cluster_whose_root_is_syndicated() -> None:
    assert link_copy(7, official=True, root=Root(3, official=False)) == BecomesOriginal(3)


def test_a_release_that_is_the_root_of_what_it_matches_stays_as_it_is() -> None:
    assert link_copy(3, official=False, root=Root(3, official=False)) == IsTheRoot()
    assert link_copy(3, official=True, root=Root(3, official=False)) == IsTheRoot()


def test_candidates_are_ranked_by_bands_shared_then_by_id() -> None:
    postings = [[5, 9], [9, 2], [9, 5], [2]]
    assert candidates_by_shared_bands(postings, max_postings=30, limit=20) == [9, 2, 5]


def test_only_the_best_candidates_up_to_the_limit_are_kept() -> None:
    postings = [[1, 2, 3], [3, 2], [3]]
    assert candidates_by_shared_bands(postings, max_postings=30, limit=2) == [3, 2]


def test_a_band_shared_by_too_many_releases_is_ignored() -> None:
    boilerplate = list(range(100, 104))
    postings = [boilerplate, [7], boilerplate]
    assert candidates_by_shared_bands(postings, max_postings=3, limit=20) == [7]
    assert candidates_by_shared_bands(postings, max_postings=4, limit=20)[:1] == [100]


def test_no_bands_give_no_candidates() -> None:
    assert candidates_by_shared_bands([], max_postings=30, limit=20) == []


def test_the_most_similar_candidate_at_or_above_the_threshold_is_chosen() -> None:
    signature = (1, 2, 3, 4)
    candidates = [(10, (1, 2, 0, 0)), (11, (1, 2, 3, 0)), (12, (0, 0, 0, 4))]
    assert most_similar(signature, candidates, threshold=0.5) == 11
    assert most_similar(signature, candidates, threshold=0.75) == 11
    assert most_similar(signature, candidates, threshold=0.8) is None


def test_of_equally_similar_candidates_the_last_wins() -> None:
    signature = (1, 2, 3, 4)
    candidates = [(10, (1, 2, 3, 0)), (11, (0, 2, 3, 4))]
    assert most_similar(signature, candidates, threshold=0.5) == 11
    assert most_similar(signature, [], threshold=0.5) is None
