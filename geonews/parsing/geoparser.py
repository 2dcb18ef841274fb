"""The geoparsing pipeline: documents in, parsed documents (sentences and resolved mentions) out.

>>> from geonews.parsing.geoparser import Geoparser
>>> parser = Geoparser()                                   # doctest: +SKIP
>>> parsed = parser.parse_text("Clashes near Mosul.")      # doctest: +SKIP
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from gazetteer import Gazetteer
from geonews.models import Document, Mention, ParsedDocument, ResolvedMention, Sentence
from geonews.parsing.parallel import map_batches
from geonews.recognition.spacy_pipeline import load_pipeline
from geonews.recognition.recognizer import POSSIBLE_KEY, SPANS_KEY, TEXT_KIND_ATTR
from geonews.resolution import Resolver, Scorer
from geonews.resolution.focus import parsed_document
from geonews.resources import open_gazetteer, share_gazetteer
from geonews.settings import ParserSettings
from geonews.text.chunking import chunks
from geonews.text.language import warn_non_english
from geonews.text.text_kind import detect_text_kind

__all__ = ["Geoparser", "given_mentions", "parse", "parse_batch", "process_parser"]

_LINE_BREAK = re.compile(r"\s*\n\s*")

COMPONENT = "geonews_toponyms"


class Geoparser:
    """Recognises and resolves the places of news articles.

    Built from :class:`~geonews.settings.ParserSettings` (default: all defaults); keyword
    arguments override its fields: ``Geoparser(model="en_core_web_lg")``. ``gazetteer`` may
    also be an opened :class:`~gazetteer.Gazetteer`, which becomes this process's instance of
    its file (:mod:`geonews.resources`). :attr:`settings` are the settings in force, with the
    path of the gazetteer opened: another process builds an equivalent parser from them.
    """

    def __init__(self, settings: ParserSettings | None = None, *,
                 gazetteer: Gazetteer | str | os.PathLike[str] | None = None,
                 **changes: Any) -> None:
        if not isinstance(settings, ParserSettings | None):
            raise TypeError(f"settings must be a ParserSettings, not {settings!r} (give the "
                            "model as model=...)")
        if isinstance(gazetteer, Gazetteer):
            self.gazetteer = share_gazetteer(gazetteer)
        elif gazetteer is not None:
            changes["gazetteer"] = gazetteer
        settings = replace(settings or ParserSettings(), **changes)
        if not isinstance(gazetteer, Gazetteer):
            self.gazetteer = open_gazetteer(settings.gazetteer)
        self.settings = replace(settings, gazetteer=str(self.gazetteer.path))
        self.resolver = Resolver(self.gazetteer, scorer=Scorer.load(settings.resolver_weights)
                                 if settings.resolver_weights else None)
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline with the toponym component, loaded on first use."""
        if self._nlp is None:
            nlp = load_pipeline(self.settings.model)
            # The config carries the path; the component gets self.gazetteer, the process's
            # instance of that file, from geonews.resources.
            nlp.add_pipe(COMPONENT, config={"gazetteer": self.settings.gazetteer})
            self._nlp = nlp
        return self._nlp

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
        (:mod:`geonews.parsing.parallel`), each loading the model and gazetteer once; the
        results are the same, in the same order.

        With ``given_spans`` each document's ``toponyms`` spans are resolved instead of the
        recognised ones (a document without spans then has no mentions); the recognised places
        still serve as context for resolving them.

        Articles longer than the ``max_chunk_chars`` setting go through spaCy in chunks cut at
        paragraph or sentence boundaries (:mod:`geonews.text.chunking`); offsets stay those of
        the article.
        Articles that do not look English get a warning when the model is English.
        Recognition uses each document's text kind: its own ``text_kind``, else the parser's,
        else the kind detected from its text.
        """
        if workers != 1:
            yield from map_batches(partial(parse_batch, self.settings, given_spans), documents,
                                   workers=workers, preload=[__name__])
            return
        nlp = self.nlp
        if nlp.lang == "en":
            documents = warn_non_english(documents)
        stream = ((self._make_doc(chunk.text, doc), chunk) for doc in documents
                  for chunk in chunks(doc, self.settings.max_chunk_chars))
        sentences: list[Sentence] = []
        recognised: list[Mention] = []
        possible: list[Mention] = []
        for spacy_doc, chunk in nlp.pipe(stream, as_tuples=True,
                                          batch_size=self.settings.batch_size):
            if chunk.whole:
                yield self._finish(chunk.document, spacy_doc, given_spans)
                continue
            if chunk.start == 0:
                sentences, recognised, possible = [], [], []
            part = tuple(_split_lines(chunk.document.text, spacy_doc, chunk.start))
            sentences.extend(part)
            recognised.extend(_recognised_mentions(chunk.document, spacy_doc, part, chunk.start))
            possible.extend(_recognised_mentions(chunk.document, spacy_doc, part, chunk.start,
                                                 POSSIBLE_KEY))
            if chunk.last:
                yield self._resolve(chunk.document, tuple(sentences), recognised, possible,
                                    given_spans)

    # -- stages ----------------------------------------------------------------------------

    def _make_doc(self, text: str, document: Document) -> Doc:
        """The tokenised text, marked with the document's text kind for recognition."""
        doc = self.nlp.make_doc(text)
        kind = document.text_kind or self.settings.text_kind or detect_text_kind(document.text)
        doc._.set(TEXT_KIND_ATTR, kind)
        return doc

    def _finish(self, document: Document, doc: Doc, given_spans: bool) -> ParsedDocument:
        sentences = tuple(_split_lines(document.text, doc))
        recognised = _recognised_mentions(document, doc, sentences)
        possible = _recognised_mentions(document, doc, sentences, key=POSSIBLE_KEY)
        return self._resolve(document, sentences, recognised, possible, given_spans)

    def _resolve(self, document: Document, sentences: tuple[Sentence, ...],
                 recognised: list[Mention], possible: list[Mention],
                 given_spans: bool) -> ParsedDocument:
        """Resolve the recognised mentions and the possible ones the article makes places,
        or with ``given_spans`` the given spans, the recognised places as context only."""
        resolved: list[ResolvedMention]
        if given_spans:
            resolved = self.resolver.resolve(document.text, given_mentions(document, sentences),
                                             context=recognised)
        else:
            resolved = self.resolver.resolve_with_possible(document.text, recognised, possible)
        return parsed_document(document, sentences, resolved, gazetteer=self.gazetteer)


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
                         offset: int = 0, key: str = SPANS_KEY) -> list[Mention]:
    """The mentions of ``doc``'s span group ``key`` (the recognised places, or the possible
    ones), at their offsets in ``document``."""
    mentions = []
    locate = _sentence_locator(sentences)
    for span in doc.spans.get(key, ()):
        start, end = span.start_char + offset, span.end_char + offset
        sentence = locate(start, end)
        mentions.append(Mention(document.id, start, end, document.text[start:end],
                                span.label_, sentence.start, sentence.end))
    return mentions


def given_mentions(document: Document, sentences: tuple[Sentence, ...]) -> list[Mention]:
    """The document's given ``toponyms`` spans as place mentions in ``sentences``."""
    mentions = []
    locate = _sentence_locator(sentences)
    for start, end in sorted(set(document.toponyms or ())):
        sentence = locate(start, end)
        mentions.append(Mention(document.id, start, end, document.text[start:end], "place",
                                sentence.start, sentence.end))
    return mentions


#: The parsers of this process, by their settings (worker processes build theirs once).
_parsers: dict[ParserSettings, Geoparser] = {}


def process_parser(settings: ParserSettings) -> Geoparser:
    """This process's parser for ``settings``, built on first use."""
    parser = _parsers.get(settings)
    if parser is None:
        parser = _parsers[settings] = Geoparser(settings)
    return parser


def parse_batch(settings: ParserSettings, given_spans: bool,
                documents: list[Document]) -> list[ParsedDocument]:
    """Parse ``documents`` with this process's parser for ``settings`` (a worker's task: the
    parser is built in the task rather than in a pool initializer, so that a failure, such as
    no model or a bad gazetteer, reaches the caller instead of restarting workers forever).
    On no documents it only builds the parser and loads its model."""
    return list(process_parser(settings).parse_documents(documents, given_spans=given_spans))


_default: Geoparser | None = None


def parse(text: str, *, doc_id: str = "doc") -> list[ResolvedMention]:
    """Geoparse ``text`` with the default model and gazetteer; the resolved mentions in order."""
    global _default
    if _default is None:
        _default = Geoparser()
    return list(_default.parse_text(text, doc_id).mentions)
