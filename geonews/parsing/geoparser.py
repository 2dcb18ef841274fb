"""The geoparsing pipeline: documents in, parsed documents (sentences and resolved mentions) out.

>>> from geonews.parsing.geoparser import Geoparser
>>> parser = Geoparser()                                   # doctest: +SKIP
>>> parsed = parser.parse_text("Clashes near Mosul.")      # doctest: +SKIP
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from gazetteer import Gazetteer
from geonews.text.chunking import MAX_CHUNK_CHARS, chunks
from geonews.text.language import warn_non_english
from geonews.models import Document, Mention, ParsedDocument, ResolvedMention, Sentence
from geonews.recognition.spacy_pipeline import load_pipeline
from geonews.recognition.recognizer import SPANS_KEY, TEXT_KIND_ATTR
from geonews.resolution import Resolver, Scorer
from geonews.resolution.focus import parsed_document
from geonews.resources import open_gazetteer
from geonews.text.text_kind import TextKind, detect_text_kind

__all__ = ["Geoparser", "parse"]

_LINE_BREAK = re.compile(r"\s*\n\s*")

COMPONENT = "geonews_toponyms"


class Geoparser:
    """Recognises and resolves the places of news articles.

    ``model`` names a spaCy pipeline (default: the best installed English one); ``gazetteer``
    is an opened :class:`~gazetteer.Gazetteer` or an index path (default: the embedded one,
    built on first use); ``resolver_weights`` a weights file written by ``geonews train``
    (default: the packaged one). ``text_kind`` is the kind of the documents that do not give
    their own (default: detected per document, :func:`~geonews.text.text_kind.detect_text_kind`).
    """

    def __init__(self, model: str | None = None,
                 gazetteer: Gazetteer | str | None = None, *, batch_size: int = 32,
                 max_chunk_chars: int = MAX_CHUNK_CHARS,
                 resolver_weights: str | None = None,
                 text_kind: TextKind | str | None = None) -> None:
        if isinstance(gazetteer, Gazetteer):
            self.gazetteer = gazetteer
        else:
            self.gazetteer = open_gazetteer(str(gazetteer) if gazetteer else None)
        self.model = model
        self.batch_size = batch_size
        self.max_chunk_chars = max_chunk_chars
        self.resolver_weights = resolver_weights
        self.resolver = Resolver(self.gazetteer, scorer=Scorer.load(resolver_weights)
                                 if resolver_weights else None)
        self.text_kind = TextKind(text_kind) if text_kind else None
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline with the toponym component, loaded on first use."""
        if self._nlp is None:
            nlp = load_pipeline(self.model)
            gaz = self.gazetteer
            # The component opens the same file through open_gazetteer: the same instance
            # as self.gazetteer unless the caller passed one of their own.
            nlp.add_pipe(COMPONENT, config={"gazetteer": str(gaz.path)})
            self._nlp = nlp
        return self._nlp

    def settings(self) -> dict[str, Any]:
        """Keyword arguments that build an equivalent parser in another process."""
        return {"model": self.model, "gazetteer": str(self.gazetteer.path),
                "batch_size": self.batch_size, "max_chunk_chars": self.max_chunk_chars,
                "resolver_weights": self.resolver_weights,
                "text_kind": self.text_kind and self.text_kind.value}

    # -- public ----------------------------------------------------------------------------

    def parse_text(self, text: str, doc_id: str = "doc") -> ParsedDocument:
        """Parse one text."""
        return self.parse_document(Document(id=doc_id, text=text))

    def parse_document(self, document: Document, *, given_spans: bool = False) -> ParsedDocument:
        """Parse one document."""
        return next(self.parse_documents([document], given_spans=given_spans))

    def parse_documents(self, documents: Iterable[Document], *, given_spans: bool = False,
                        workers: int = 1) -> Iterator[ParsedDocument]:
        """Parse a stream of documents lazily, in order.

        With ``workers`` > 1 the documents are parsed on that many processes
        (:mod:`geonews.parsing.parallel`), each loading the model and gazetteer once; the results are
        the same, in the same order.

        With ``given_spans`` each document's ``toponyms`` spans are resolved instead of the
        recognised ones (a document without spans then has no mentions); the recognised places
        still serve as context for resolving them.

        Articles longer than ``max_chunk_chars`` go through spaCy in chunks cut at paragraph
        or sentence boundaries (:mod:`geonews.text.chunking`); offsets stay those of the article.
        Articles that do not look English get a warning when the model is English.
        Recognition uses each document's text kind: its own ``text_kind``, else the parser's,
        else the kind detected from its text.
        """
        if workers != 1:
            from geonews.parsing.parallel import parse_parallel

            yield from parse_parallel(documents, self.settings(), workers=workers,
                                      given_spans=given_spans)
            return
        nlp = self.nlp
        if nlp.lang == "en":
            documents = warn_non_english(documents)
        stream = ((self._make_doc(chunk.text, doc), chunk) for doc in documents
                  for chunk in chunks(doc, self.max_chunk_chars))
        sentences: list[Sentence] = []
        recognised: list[Mention] = []
        for spacy_doc, chunk in nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size):
            if chunk.whole:
                yield self._finish(chunk.document, spacy_doc, given_spans)
                continue
            if chunk.start == 0:
                sentences, recognised = [], []
            part = tuple(_split_lines(chunk.document.text, spacy_doc, chunk.start))
            sentences.extend(part)
            recognised.extend(_recognised_mentions(chunk.document, spacy_doc, part, chunk.start))
            if chunk.last:
                yield self._resolve(chunk.document, tuple(sentences), recognised, given_spans)

    # -- stages ----------------------------------------------------------------------------

    def _make_doc(self, text: str, document: Document) -> Doc:
        """The tokenised text, marked with the document's text kind for recognition."""
        doc = self.nlp.make_doc(text)
        kind = document.text_kind or self.text_kind or detect_text_kind(document.text)
        doc._.set(TEXT_KIND_ATTR, kind)
        return doc

    def _finish(self, document: Document, doc: Doc, given_spans: bool) -> ParsedDocument:
        sentences = tuple(_split_lines(document.text, doc))
        recognised = _recognised_mentions(document, doc, sentences)
        return self._resolve(document, sentences, recognised, given_spans)

    def _resolve(self, document: Document, sentences: tuple[Sentence, ...],
                 recognised: list[Mention], given_spans: bool) -> ParsedDocument:
        if given_spans:
            # The recognised places are context only: the given spans are what is resolved.
            mentions, context = _given_mentions(document, sentences), recognised
        else:
            mentions, context = recognised, []
        resolved: list[ResolvedMention] = self.resolver.resolve(document.text, mentions,
                                                                context=context)
        return parsed_document(document, sentences, resolved)


def _split_lines(text: str, doc: Doc, offset: int = 0) -> Iterator[Sentence]:
    """spaCy's sentences, also cut at line breaks (headlines, datelines, paragraphs).
    ``doc`` holds ``text`` from ``offset`` on (a chunk of it)."""
    for sent in doc.sents:
        start, end = sent.start_char + offset, sent.end_char + offset
        for match in _LINE_BREAK.finditer(text, start, end):
            if match.start() > start:
                yield Sentence(start, match.start())
            start = match.end()
        if end > start:
            yield Sentence(start, end)


def _sentence_locator(sentences: tuple[Sentence, ...]) -> Callable[[int, int], Sentence]:
    """``locate(start, end)``: the sentence holding ``[start, end)`` (a span across sentences
    gets their union), found by bisection over the sorted sentences."""
    starts = [s.start for s in sentences]
    ends = [s.end for s in sentences]

    def locate(start: int, end: int) -> Sentence:
        first = bisect.bisect_right(ends, start)  # first sentence ending after start
        last = bisect.bisect_left(starts, end) - 1  # last sentence starting before end
        if first >= len(sentences) or last < 0:
            return Sentence(start, end)
        return Sentence(min(starts[first], start), max(ends[last], end))

    return locate


def _recognised_mentions(document: Document, doc: Doc, sentences: tuple[Sentence, ...],
                         offset: int = 0) -> list[Mention]:
    mentions = []
    locate = _sentence_locator(sentences)
    for span in doc.spans[SPANS_KEY]:
        start, end = span.start_char + offset, span.end_char + offset
        sentence = locate(start, end)
        mentions.append(Mention(document.id, start, end, document.text[start:end],
                                span.label_, sentence.start, sentence.end))
    return mentions


def _given_mentions(document: Document, sentences: tuple[Sentence, ...]) -> list[Mention]:
    mentions = []
    locate = _sentence_locator(sentences)
    for start, end in sorted(set(document.toponyms or ())):
        sentence = locate(start, end)
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
