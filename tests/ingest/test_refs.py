import pytest

from ingest.refs import find_refs, ref_tokens


@pytest.mark.parametrize("text,keys", [
    ("RESOLVED 2021/007", ["res:2021/007"]),
    ("RESOLVED 2020/011", ["res:2020/011"]),
    ("resolution 2021/7", ["res:2021/007"]),
    ("Decision 24/00093", ["dec:24/00093"]),
    ("Resolution No. R2024-052 CARRIED", ["res:r2024-052"]),
    ("(Item 8) minute 299", ["item:8", "minute:299"]),
    ("held on 19/05/2021", []),
    ("the 2020-2021 budget", []),
    ("outturn for 2020/21 and 20/21", []),
    ("resolution 2019/21", ["res:2019/021"]),
    ("R2024-101 S. Kirkey, D. Yemm:", ["res:r2024-101"]),
    ("R2023-49: S. Foote", ["res:r2023-049"]),  # two-digit serial meets the padded form
    ("R2024-019B S. Kirkey", ["res:r2024-019b"]),  # a split resolution keeps its letter
    ("Minute No. 299", ["minute:299"]),
    ("as minute (299) records", ["minute:299"]),
    ("Minute 285, paragraph 17", ["minute:285"]),
    ("88. 24/00108 - Revenue and Capital Budget Monitoring", ["dec:24/00108"]),
    ("For (57) Against (0) Abstain (2)", []),
    ("That we pass By-Law Number 2024-30, being a By-Law to", ["bylaw:2024-30"]),
    ("By-Law No. 2025-34, being a by-law to appoint", ["bylaw:2025-34"]),
    ("pass By-Law 2024-031", ["bylaw:2024-31"]),  # padded or not, one key
    ("B 7/9 1,252.86 1,315.37 65.21 E 11/9 1,968.78", []),  # a band's share of band D
    ("as at 01/2022", []),  # a month and year
    ("Decision 24/00007", ["dec:24/00007"]),
])
def test_find_refs(text, keys):
    assert find_refs(text) == keys


def test_query_accepts_dashed_form():
    assert find_refs("what was 2021-007 about", query=True) == ["res:2021/007"]
    assert find_refs("what was 2021-007 about") == []


def test_ref_tokens_are_single_words():
    assert ref_tokens(["res:2021/007", "item:8"]) == "res_2021_007 item_8"


def test_query_accepts_resolution_numbers_without_the_r():
    assert find_refs("what was resolution 2024-052 about", query=True) == ["res:r2024-052", "res:2024/052"]
    assert find_refs("resolution R2024-52", query=True) == ["res:r2024-052"]
