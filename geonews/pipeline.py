"""The geoparsing pipeline: documents in, parsed documents (sentences and resolved mentions) out.

>>> from geonews.pipeline import Geoparser
>>> parser = Geoparser()                                   # doctest: +SKIP
>>> parsed = parser.parse_text("Clashes near Mosul.")      # doctest: +SKIP
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from gazetteer import Gazetteer
from geonews.models import Document, Mention, ParsedDocument, ResolvedMention, Sentence
from geonews.nlp import load_pipeline
from geonews.recognize import SPANS_KEY, ToponymRecognizer
from geonews.resolve import Resolver
from geonews.resources import open_gazetteer

__all__ = ["Geoparser", "parse"]

_LINE_BREAK = re.compile(r"\s*\n\s*")

COMPONENT = "geonews_toponyms"


class Geoparser:
    """Recognises and resolves the places of news articles.

    ``model`` names a spaCy pipeline (default: the best installed English one); ``gazetteer``
    is an opened :class:`~gazetteer.Gazetteer` or an index path (default: the embedded one,
    built on first use).
    """

    def __init__(self, model: str | None = None,
                 gazetteer: Gazetteer | str | None = None, *, batch_size: int = 32) -> None:
        if isinstance(gazetteer, Gazetteer):
            self.gazetteer = gazetteer
        else:
            self.gazetteer = open_gazetteer(str(gazetteer) if gazetteer else None)
        self.model = model
        self.batch_size = batch_size
        self.resolver = Resolver(self.gazetteer)
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline with the toponym component, loaded on first use."""
        if self._nlp is None:
            nlp = load_pipeline(self.model)
            gaz = self.gazetteer
            nlp.add_pipe(COMPONENT, config={"gazetteer": str(gaz.path)})
            recognizer = nlp.get_pipe(COMPONENT)
            assert isinstance(recognizer, ToponymRecognizer)
            recognizer.is_name = gaz.is_name
            recognizer.demonym = lambda word: gaz.demonym(word) is not None
            self._nlp = nlp
        return self._nlp

    # -- public ----------------------------------------------------------------------------

    def parse_text(self, text: str, doc_id: str = "doc") -> ParsedDocument:
        """Parse one text."""
        return self.parse_document(Document(id=doc_id, text=text))

    def parse_document(self, document: Document, *, given_spans: bool = False) -> ParsedDocument:
        """Parse one document."""
        return next(self.parse_documents([document], given_spans=given_spans))

    def parse_documents(self, documents: Iterable[Document], *,
                        given_spans: bool = False) -> Iterator[ParsedDocument]:
        """Parse a stream of documents lazily, in order.

        With ``given_spans`` each document's ``toponyms`` spans are resolved instead of running
        recognition (a document without spans then has no mentions).
        """
        nlp = self.nlp
        disable = ["ner", COMPONENT] if given_spans else []
        stream = ((doc.text, doc) for doc in documents)
        with nlp.select_pipes(disable=disable):
            for spacy_doc, document in nlp.pipe(stream, as_tuples=True,
                                                batch_size=self.batch_size):
                yield self._finish(document, spacy_doc, given_spans)

    # -- stages ----------------------------------------------------------------------------

    def _finish(self, document: Document, doc: Doc, given_spans: bool) -> ParsedDocument:
        sentences = tuple(_split_lines(document.text, doc))
        if given_spans:
            mentions = _given_mentions(document, sentences)
        else:
            mentions = _recognised_mentions(document, doc, sentences)
        resolved: list[ResolvedMention] = self.resolver.resolve(document.text, mentions)
        return ParsedDocument(document, sentences, tuple(resolved))


def _split_lines(text: str, doc: Doc) -> Iterator[Sentence]:
    """spaCy's sentences, also cut at line breaks (headlines, datelines, paragraphs)."""
    for sent in doc.sents:
        start = sent.start_char
        for match in _LINE_BREAK.finditer(text, sent.start_char, sent.end_char):
            if match.start() > start:
                yield Sentence(start, match.start())
            start = match.end()
        if sent.end_char > start:
            yield Sentence(start, sent.end_char)


def _sentence_of(sentences: tuple[Sentence, ...], start: int, end: int) -> Sentence:
    """The sentence holding ``[start, end)``; a span across sentences gets their union."""
    first = last = None
    for sentence in sentences:
        if first is None and sentence.end > start:
            first = sentence
        if sentence.start < end:
            last = sentence
    if first is None or last is None:
        return Sentence(start, end)
    return Sentence(min(first.start, start), max(last.end, end))


def _recognised_mentions(document: Document, doc: Doc,
                         sentences: tuple[Sentence, ...]) -> list[Mention]:
    mentions = []
    for span in doc.spans[SPANS_KEY]:
        sentence = _sentence_of(sentences, span.start_char, span.end_char)
        mentions.append(Mention(document.id, span.start_char, span.end_char,
                                document.text[span.start_char:span.end_char], span.label_,
                                sentence.start, sentence.end))
    return mentions


def _given_mentions(document: Document, sentences: tuple[Sentence, ...]) -> list[Mention]:
    mentions = []
    for start, end in sorted(set(document.toponyms or ())):
        sentence = _sentence_of(sentences, start, end)
        mentions.append(Mention(document.id, start, end, document.text[start:end], "place",
                                sentence.start, sentence.end))
    return mentions


_default: Geoparser | None = None


def parse(text: str, *, doc_id: str = "doc") -> list[ResolvedMention]:
    """Geoparse ``text`` with the default model and gazetteer; the resolved mentions in order."""
    global _default
    if _default is None:
        _default = Geoparser()
    return list(_default.parse_text(text, doc_id).mentions)
