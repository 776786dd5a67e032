from kzfacts.text import STOP_WORDS, fold, stem, terms


def test_fold_removes_case_and_diacritics() -> None:
    assert fold("Ürümqi ÅLMATY") == "urumqi almaty"


def test_terms_drop_stop_words_and_question_words() -> None:
    assert terms("How long is the border with China?") == ["long", "border", "china"]


def test_every_stop_word_is_dropped_whatever_its_stem() -> None:
    assert terms(" ".join(sorted(STOP_WORDS)).upper()) == []
    assert terms("How much oil does Kazakhstan export during themselves having") == [
        "oil", "kazakhstan", "export"
    ]  # fmt: skip


def test_numbers_lose_thousands_separators() -> None:
    assert terms("a 1,108-mile border; $1.5 billion in 2008") == ["1108", "mile", "border", "1.5", "billion", "2008"]


def test_possessives_plurals_and_past_tense_share_a_stem() -> None:
    assert terms("China's pipelines") == terms("China pipeline")
    assert terms("visited") == terms("visits") == terms("visit")


def test_a_final_e_and_ment_do_not_split_a_word_family() -> None:
    assert len(set(terms("achieve achieved achieving achievement achievements"))) == 1
    assert len(set(terms("trade trades traded trading"))) == 1
    assert len(set(terms("agree agreed agreement"))) == 1
    assert terms("comment payment") == ["comment", "payment"]  # too short once -ment is gone


def test_hyphenated_names_split_into_words() -> None:
    assert terms("Nur-Sultan") == ["nur", "sultan"]


def test_chinese_characters_are_single_terms() -> None:
    assert terms("命运共同体") == ["命", "运", "共", "同", "体"]


def test_short_words_are_not_stemmed() -> None:
    assert stem("gas") == "gas"
    assert stem("bus") == "bus"


def test_snowball_joins_word_families() -> None:
    assert len(set(terms("protest protests protesters"))) == 1
    assert len(set(terms("negotiate negotiations negotiators"))) == 1
    assert len(set(terms("invest investment"))) == 1


def test_cyrillic_words_get_russian_stems() -> None:
    assert terms("Казахстана") == terms("Казахстан")


def test_decomposed_and_invisible_characters_do_not_change_terms() -> None:
    assert terms("U\u0308ru\u0308mqi") == terms("Ürümqi") == ["urumqi"]
    assert terms("pipe\u00adline") == terms("pipe\u200bline") == ["pipelin"]
