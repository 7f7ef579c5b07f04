import pytest

from incidents.text import normalize_search


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("أإآٱا", "ااااا"),  # alef with hamza / madda / wasla
        ("مدرسة", "مدرسه"),  # taa marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("مسيّـــرة", "مسيره"),  # shadda and tatweel
        ("طَائِرَة", "طايره"),  # harakat, hamza on yaa
        ("مؤتمر", "موتمر"),  # hamza on waw
        ("Rumaylān", "rumaylan"),
        ("Ain al-Asad", "ain al asad"),
        ("  «عين   الأسد»  ", "عين الاسد"),
    ],
)
def test_spelling_variants_fold_to_one_form(typed, stored):
    assert normalize_search(typed) == stored
