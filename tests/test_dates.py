import pytest

from kzfacts.dates import bound, parse


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "shown"),
    [
        ("1992", "1992-01-01", "1992-12-31", "year", "1992"),
        ("2004-06", "2004-06-01", "2004-06-30", "month", "2004-06"),
        ("2008-02-29", "2008-02-29", "2008-02-29", "day", "2008-02-29"),
        ("2000-02", "2000-02-01", "2000-02-29", "month", "2000-02"),
        ("2019-09-10/2019-09-12", "2019-09-10", "2019-09-12", "day", "2019-09-10…12"),
        ("2019-09/2019-11", "2019-09-01", "2019-11-30", "month", "2019-09…11"),
        ("2019/2020-05", "2019-01-01", "2020-05-31", "year", "2019…2020-05"),
    ],
)
def test_dates_keep_their_precision(text: str, start: str, end: str, precision: str, shown: str) -> None:
    date = parse(text)
    assert (date.start, date.end, date.precision, date.display()) == (start, end, precision, shown)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-02-30", "has 28 days"),
        ("1900-02-29", "has 28 days"),
        ("2019-04-31", "has 30 days"),
        ("2019-13", "no month 13"),
        ("2020/2019", "ends before it starts"),
        ("June 2004", "use YYYY"),
        ("2001/2002/2003", "one '/'"),
    ],
)
def test_impossible_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse(text)


def test_filter_bounds_cover_the_whole_period() -> None:
    assert bound("2019", upper=False) == "2019-01-01"
    assert bound("2019-02", upper=True) == "2019-02-28"
