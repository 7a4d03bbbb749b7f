"""Record formats: where the Urdu text of a file is, and how the file is put back together.

A format reads an input's lines into records (:class:`translit.formats.records.Record`): the
texts to translate and a way to rebuild the record with their translations in place, every other
byte as it was (other columns, quoting, JSON around a field, line ends). No model (HTML's inline tags are placed by the word lexicon):
:mod:`translit.translate.jobs` runs them through the translator.

- ``tsv`` / ``csv`` (:mod:`translit.formats.delimited`): chosen columns, by number or header name.
- ``jsonl`` (:mod:`translit.formats.jsonl`): chosen fields, by dotted path, strings or lists of them.
- ``srt`` / ``vtt`` (:mod:`translit.formats.subtitles`): every cue's text; a sentence that runs
  across cues is translated whole and shared back out.
- ``md`` (:mod:`translit.formats.markdown`): headings, list items, quotes, paragraphs and table
  cells; code, HTML and link definitions kept.
- ``html`` (:mod:`translit.formats.html`): text blocks, inline tags put back by word links.
"""

from translit.formats.records import Record, RecordFormat, detect_format, record_format

__all__ = ["Record", "RecordFormat", "detect_format", "record_format"]
