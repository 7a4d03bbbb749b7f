"""What the server does, as plain calls: one translator behind a :class:`Batcher`, composed with
the library's documents, lines, HTML records and word links. The HTTP layers (``libre``,
``native``) parse requests and call these; tests may call them directly. Every call blocks (the
server runs it in a worker thread) and takes the request's ``ticket`` (its deadline, and whether
its client went away)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from translit.errors import InputError
from translit.serve.batching import Batcher, BatchOptions, Ticket
from translit.translate import DecodingOptions, Translator
from translit.translate.records import DocumentTranslation, LineTranslation
from translit.translate.translator import document_translation, line_translations


@dataclass
class LineResult:
    """A text translated line by line (N lines in, N out; empty lines stay empty), with up to
    ``alternatives`` other whole translations, each made of the sentences' k-th hypotheses."""

    translation: str
    alternatives: list[str]


class TranslationService:
    def __init__(self, translator: Translator, batching: BatchOptions | None = None):
        self.translator = translator
        self.batcher = Batcher(translator.run, batching or BatchOptions(workers=translator.workers))

    def options(self, beam: int = 4, nbest: int = 1) -> DecodingOptions:
        """The translator's decoding options with a request's beam and n-best."""
        return replace(self.translator.options, beam_size=beam, num_hypotheses=nbest)

    def _run(self, options: DecodingOptions, ticket: Ticket | None):
        return lambda texts: self.batcher.run(texts, options, ticket)

    def document(self, text: str, options: DecodingOptions, ticket: Ticket | None = None) -> DocumentTranslation:
        """``text`` as a document: paragraphs, sentences with their spans, confidences, n-best."""
        return document_translation(text, self._run(options, ticket))

    def lines(self, lines: list[str], options: DecodingOptions, ticket: Ticket | None = None) -> list[LineTranslation]:
        """``lines`` (each a paragraph) translated, N in, N out, in one job."""
        return list(line_translations(lines, self._run(options, ticket), batch_lines=1 << 30, ahead=0))

    def texts(self, texts: list[str], alternatives: int = 0, ticket: Ticket | None = None, beam: int = 4) -> list[LineResult]:
        """Each of ``texts`` translated line by line, all in one job, with up to ``alternatives``
        distinct other translations each."""
        options = self.options(beam=max(beam, alternatives + 1), nbest=alternatives + 1)
        split = [t.split("\n") for t in texts]
        translated = iter(self.lines([line for lines in split for line in lines], options, ticket))
        results = []
        for lines in split:
            mine = [next(translated) for _ in lines]
            best = "\n".join(line.translation for line in mine)
            others: list[str] = []
            for k in range(1, alternatives + 1):
                other = "\n".join(" ".join(_kth(s, k) for s in line.sentences) for line in mine)
                if other != best and other not in others:
                    others.append(other)
            results.append(LineResult(best, others))
        return results

    def html(self, documents: list[str], ticket: Ticket | None = None, beam: int = 4) -> list[str]:
        """HTML documents or fragments with their text translated and their markup kept
        (:mod:`translit.formats.html`), all in one job."""
        from translit.formats.html import Html

        records = [next(Html().records(iter([d]))) for d in documents]
        run = self._run(self.options(beam=beam), ticket)
        english = iter(line_translations([t for r in records for t in r.texts], run, batch_lines=1 << 30, ahead=0))
        return [r.rebuild([next(english).translation for _ in r.texts]) for r in records]

    def close(self) -> None:
        self.batcher.close()


def _kth(sentence, k: int) -> str:
    """A sentence's k-th hypothesis (0: the best), or its best when it has fewer."""
    return sentence.alternatives[k].text if k < len(sentence.alternatives) else sentence.translation


def check_alternatives(value, limit: int) -> int:
    """``alternatives`` of a request as a count within ``limit``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InputError("Invalid request: alternatives parameter is not a number")
    try:
        count = int(value)
    except (TypeError, ValueError, OverflowError):
        raise InputError("Invalid request: alternatives parameter is not a number") from None
    if count > limit:
        raise InputError(f"Invalid request: alternatives parameter must be <= {limit}")
    return max(0, count)
