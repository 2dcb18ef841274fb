"""Stage 1, text in: reading articles (files, folders, JSONL, CSV, HTML, stdin), their dates,
language and text kind, and cutting huge ones into pieces spaCy can take."""
