"""The recogniser's word columns (geonews/recognition/words.py) agree with spaCy's own views."""

import numpy as np
import pytest
import spacy
from spacy.tokens import Span

from geonews.recognition.words import Words, among, is_noise, word_ids


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


TEXTS = ["Protests in Mosul, Iraq, turned violent on Monday.",
         "RT @user: flooding in #Dhaka 🌧 https://example.com/x via ap",
         "  Officials in  São Paulo\nsaid it's over. "]


@pytest.mark.parametrize("text", TEXTS)
def test_text_of_a_run_of_words_is_the_span_text(nlp, text):
    doc = nlp(text)
    words = Words(doc)
    for start in range(len(doc)):
        for stop in range(start + 1, min(len(doc), start + 5) + 1):
            assert words.text(start, stop) == doc[start:stop].text


@pytest.mark.parametrize("text", TEXTS)
def test_columns_follow_the_tokens(nlp, text):
    doc = nlp(text)
    words = Words(doc)
    assert len(words) == len(doc)
    for token in doc:
        i = token.i
        assert words.capital[i] == (token.is_alpha and (token.is_title or token.is_upper))
        assert words.noise(i) == is_noise(token)
        assert words.lower_id(i) == token.lower


@pytest.mark.parametrize("text", TEXTS)
def test_one_word_reads_as_its_token(nlp, text):
    doc = nlp(text)
    doc.ents = [Span(doc, 1, 3, label="GPE")]
    words = Words(doc)
    for token in doc:
        i = token.i
        assert words.word(i) == token.text
        assert words.lower_word(i) == token.lower_
        assert words.space(i) == bool(token.whitespace_)
        assert words.entity(i) == token.ent_type
        assert (words.alpha(i), words.title(i), words.upper(i), words.lower_case(i)) == (
            token.is_alpha, token.is_title, token.is_upper, token.is_lower)


def test_sentences_are_the_doc_sentences(nlp):
    doc = nlp("Floods hit Dhaka. Rescuers came! More rain is due")
    for i in (0, 4, 7):
        doc[i].is_sent_start = True
    for token in doc:
        if token.i not in (0, 4, 7):
            token.is_sent_start = False
    assert Words(doc).sentences() == [(s.start, s.end) for s in doc.sents]
    assert Words(nlp("")).sentences() == []


def test_among_is_isin(nlp):
    doc = nlp("the Nile and the Niger meet nowhere")
    ids = word_ids(["nile", "niger", "absent"])
    words = Words(doc)
    assert among(words.lower, ids).tolist() == np.isin(words.lower, ids).tolist()
    assert not among(words.lower, word_ids([])).any()


def test_noise_is_links_handles_emoji_and_markers(nlp):
    doc = nlp("RT @user: flooding in Dhaka 🌧 https://example.com/x via ap")
    noisy = {t.text for t in doc if is_noise(t)}
    assert {"RT", "@user", "🌧", "https://example.com/x", "via"} <= noisy
    assert "Dhaka" not in noisy and "flooding" not in noisy
