from assistant.answer.base import Claim, Draft
from assistant.answer.verify import check_claim, parse_claims, verify
from tests.assistant.answer.helpers import passage

P = [passage(1, "The grant to Redthread was £35,000 in 2020-21."),
     passage(2, "Overall crime fell by 21% over the period.")]


def test_parse_claims_keeps_markers_with_their_sentence():
    claims = parse_claims("Redthread got £35,000 [1]. Crime fell by 21% [2][1].")
    assert [c.cites for c in claims] == [[1], [2, 1]]
    assert claims[0].text == "Redthread got £35,000."


def test_parse_claims_attaches_trailing_marker():
    claims = parse_claims("Crime fell by 21%. [2]")
    assert len(claims) == 1 and claims[0].cites == [2]


def test_claim_citing_missing_passage_is_dropped():
    reason = check_claim(Claim("Crime fell by 21%.", [7]), {p.n: p for p in P})
    assert reason and "not given" in reason


def test_invented_number_is_dropped_even_with_valid_citation():
    reason = check_claim(Claim("Redthread got £45,000.", [1]), {p.n: p for p in P})
    assert reason and "45000" in reason


def test_number_must_be_in_a_passage_the_sentence_cites():
    assert check_claim(Claim("Crime fell by 21%.", [1]), {p.n: p for p in P})
    assert check_claim(Claim("Crime fell by 21%.", [2]), {p.n: p for p in P}) is None


def test_uncited_claim_is_dropped():
    assert check_claim(Claim("Crime fell.", []), {p.n: p for p in P}) == "cites no passage"


def test_verify_keeps_good_and_drops_bad():
    draft = Draft(claims=[Claim("Redthread got £35,000.", [1]), Claim("It got £99.", [1])])
    verdict = verify(draft, P)
    assert [c.text for c in verdict.kept] == ["Redthread got £35,000."]
    assert len(verdict.dropped) == 1
