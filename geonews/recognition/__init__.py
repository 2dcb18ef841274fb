"""Stage 2, recognition: the spaCy pipeline and the component that finds toponym mentions
(character offsets into the text)."""
