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


@pytest.mark.parametrize("text,label", [
    ("I live at 221B Baker Street now", "ADDRESS"),
    ("ship to 1600 Pennsylvania Ave NW please", "ADDRESS"),
    ("Lieferung an Hauptstraße 5 bitte", "ADDRESS"),
    ("envoyez au 12 rue de la Paix svp", "ADDRESS"),
    ("vivo en Calle Mayor 10 desde mayo", "ADDRESS"),
    ("sto in Via Roma 12 ora", "ADDRESS"),
    ("woon op Keizersgracht 123 sinds kort", "ADDRESS"),
    ("my postcode is SW1A 1AA", "POSTCODE"),
    ("Washington, DC 20500 office", "POSTCODE"),
    ("zip 94103-1234 is wrong", "POSTCODE"),
    ("10115 Berlin", "POSTCODE"),
    ("1015 CJ Amsterdam", "POSTCODE"),
    ("00-950 Warszawa", "POSTCODE"),
])
def test_addresses_and_postcodes_are_redacted(text, label):
    assert label in labels(text)


@pytest.mark.parametrize("text", [
    "Flight 3744 (N284WN) departs Tampa",    # aircraft tail numbers look like unspaced UK postcodes
    "It cost 12345 Euro in the end",
    "now recruiting for Spring 16 Internships",
    "Order 48213 arrived on 2024-05-17.",
    "Room 204, floor 3.",
])
def test_address_lookalikes_are_left_alone(text):
    assert not {"ADDRESS", "POSTCODE"} & set(labels(text))


def test_address_recall_on_the_generated_set():
    report = evaluate_redaction(generate_pii_set(n_entities=1500, seed=3))
    assert report["ADDRESS"]["support"] >= 100 and report["POSTCODE"]["support"] >= 100
    assert report["ADDRESS"]["recall"] >= 0.9 and report["POSTCODE"]["recall"] >= 0.9
    assert report["ADDRESS"]["precision"] >= 0.95 and report["POSTCODE"]["precision"] >= 0.95
