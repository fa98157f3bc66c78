"""PII redaction: one test per entity type, the non-matches, the spaCy component and the recall gate."""
import pytest
import spacy

from feedback_seg.nlp_models.pii_eval import evaluate_redaction, generate_pii_set
from feedback_seg.nlp_models.pii_patterns import iban_ok, luhn_ok
from feedback_seg.nlp_models.redact import redact


def labels(text):
    return [label for label, _, _ in redact(text)[1]]


@pytest.mark.parametrize("text,label", [
    ("write to jane.doe+news@mail.example.co.uk today", "EMAIL"),
    ("call (415) 555-0132 now", "PHONE"),
    ("call +44 20 7946 0958 now", "PHONE"),
    ("ring 020 7946 0958 please", "PHONE"),
    ("appelez le 06 12 34 56 78", "PHONE"),
    ("Tel +49 (0)30 1234 5678", "PHONE"),
    ("charged 4111-1111-1111-1111 twice", "CARD"),
    ("amex 3782 822463 10005 declined", "CARD"),
    ("refund to GB82 WEST 1234 5698 7654 32 please", "IBAN"),
    ("IBAN DE89370400440532013000", "IBAN"),
    ("login from 203.0.113.7 today", "IP"),
    ("login from 2001:db8::8a2e:370:7334 today", "IP"),
    ("see https://example.com/a?b=1 for details", "URL"),
    ("see www.example.org/help.", "URL"),
    ("@delta my bag is lost", "HANDLE"),
    ("My name is Zorblax Quint and I am upset", "PERSON"),
    ("Hi Sarah, thanks for the help", "PERSON"),
    ("I spoke to Priya Natarajan yesterday", "PERSON"),
])
def test_each_entity_type_is_redacted(text, label):
    redacted, entities = redact(text)
    assert label in [e[0] for e in entities]
    assert f"[{label}]" in redacted


def test_offsets_point_into_the_original_text():
    text = "Mail jane@example.com or call +1 415 555 0132."
    _, entities = redact(text)
    assert {text[s:e] for _, s, e in entities} == {"jane@example.com", "+1 415 555 0132"}


@pytest.mark.parametrize("text", [
    "card 4111 1111 1111 1112 was declined",  # 16 digits, Luhn fails
    "account DE89 3704 0044 0532 0130 01",  # IBAN with a bad checksum
    "In May Apple released a new phone",
    "Flying Delta to Charlotte via San Diego",
    "Hi team, the app keeps crashing",
    "order 2015-02-24 11:35:52 cost $1,249.99",
    "version 2.4.1 broke it at 12:30:45",
    "Will you fix it? Mark my words.",
])
def test_non_pii_is_left_alone(text):
    redacted, entities = redact(text)
    assert entities == [] and redacted == text


def test_validators():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert iban_ok("GB82WEST12345698765432") and not iban_ok("GB83WEST12345698765432")
    assert not iban_ok("GB82WEST1234569876543")  # wrong length for GB


def test_email_wins_over_handle_and_name():
    assert labels("contact sarah.smith@example.com") == ["EMAIL"]


def test_component_in_a_blank_pipeline():
    import feedback_seg.nlp_models.redact  # noqa: F401  registers the factory
    nlp = spacy.blank("en")
    nlp.add_pipe("pii_redactor")
    doc = nlp("Email me at a@b.com, Dear Oliver")
    assert doc._.redacted == "Email me at [EMAIL], Dear [PERSON]"
    assert [s.label_ for s in doc.spans["pii"]] == ["EMAIL", "PERSON"]


def test_generated_set_is_reproducible_and_large_enough():
    a, b = generate_pii_set(300, seed=3), generate_pii_set(300, seed=3)
    assert a == b
    assert sum(len(s["entities"]) for s in a) >= 300
    for sample in a:
        for _, s, e in sample["entities"]:
            assert 0 <= s < e <= len(sample["text"])


def test_pii_recall_gate():
    report = evaluate_redaction(generate_pii_set(n_entities=1500, seed=0))
    assert sum(r["support"] for r in report.values()) >= 1000
    for label in ("EMAIL", "CARD", "IBAN", "IP"):
        assert report[label]["recall"] >= 0.95, (label, report[label])
    assert report["PHONE"]["recall"] >= 0.90, report["PHONE"]
    assert report["PERSON"]["support"] > 0  # names are reported, not gated
