from benchmarks.state_lookup import TEMPLATE, measure


def test_measure_times_each_query_at_each_size_and_finds_the_sites_template_lines(tmp_path):
    levels = measure(f"sqlite:///{tmp_path / 'state.db'}", [1000, 2000], queries=20, seed=0)

    assert [level["stored"] for level in levels] == [1000, 2000]
    for level in levels:
        assert level["similar_us_median"] > 0 and level["seen_256_ids_ms_median"] > 0
        # 1000 stored pages over 200 sites: every site's template lines are on 5 earlier pages.
        assert level["template_lines_found_mean"] == TEMPLATE
