"""The engine: the one user of CTranslate2 and SentencePiece in translit.

It turns text into pieces and back, and runs the model over pieces: generate (beam search,
optionally from a forced target prefix), score a given target, and attend (the decoder's
attention while a given target is forced through). Nothing here knows about sentences,
glossaries or documents; the pipeline stages above it do.

A many-language model (NLLB-200, M2M-100, mBART-50) is asked for its languages by tokens: its
card's ``source_prefix`` goes before every source and its ``target_prefix`` is forced as the
start of every target. The engine adds them on the way in and takes them off on the way out
(pieces, scores, attention rows and columns), so callers see the same pieces for every model.
"""

from __future__ import annotations

from dataclasses import dataclass

from translit.errors import ModelError
from translit.model import ModelFolder
from translit.translate.options import DecodingOptions, EngineOptions, search_settings

END = "</s>"


def _vocabulary_file(folder, names: tuple[str, ...]):
    """The first vocabulary file of ``names`` (.json or .txt) in ``folder``, or None."""
    return next((folder / f"{n}{ext}" for n in names for ext in (".json", ".txt") if (folder / f"{n}{ext}").is_file()), None)


def _read_vocabulary(path) -> set[str] | None:
    """The tokens of a CTranslate2 vocabulary file (a JSON list, or one token a line)."""
    import json

    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
        return set(json.loads(text)) if path.suffix == ".json" else set(text.split("\n"))
    except (ValueError, TypeError) as exc:
        raise ModelError(f"{path}: not a vocabulary ({exc})") from None


def _pictograph(char: str) -> bool:
    import unicodedata

    return ord(char) >= 0x2000 and unicodedata.category(char) in ("So", "Sk", "Co", "Cn", "Cs")


@dataclass
class Generated:
    """One source's hypotheses (target pieces, best first) and their mean log-probabilities."""

    hypotheses: list[list[str]]
    scores: list[float]


_MIN_SUB_BATCH = 256  # tokens: a call smaller than a few sentences is not cut for the workers
SUB_BATCHES = 4  # a call is cut into this many sub-batches, whatever the layout: up to 4 workers share it


class Engine:
    """A loaded model folder: CTranslate2 translator plus source and target SentencePiece models."""

    def __init__(self, folder: ModelFolder, options: EngineOptions | None = None):
        import ctranslate2
        import sentencepiece as spm

        self.folder = folder
        asked = options or EngineOptions()
        model_mb = folder.weights_mb()
        try:
            cuda = ctranslate2.get_cuda_device_count()
            placed = asked.placed(cuda)
            tuned = None
            if asked.auto_layout and placed.device == "cpu":
                from translit.translate.layout import load_tuned

                tuned = load_tuned(folder, placed.compute_type)
            self.options = placed.resolved(cuda, tuned, model_mb)  # placed: device and compute are settled
        except ValueError as exc:
            raise ModelError(str(exc)) from None
        device, index = self.options.device_index()
        try:
            self._ct2 = ctranslate2.Translator(
                str(folder.path),
                device=device,
                device_index=index,
                compute_type=self.options.compute_type,
                intra_threads=self.options.threads,
                inter_threads=self.options.workers,
            )
            self._sp_src = spm.SentencePieceProcessor(model_file=str(folder.source_spm))
            self._sp_tgt = (
                self._sp_src
                if folder.target_spm == folder.source_spm
                else spm.SentencePieceProcessor(model_file=str(folder.target_spm))
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(f"cannot load model {folder.path}: {exc}") from None
        self._tokenizers = (self._sp_src,) if self._sp_tgt is self._sp_src else (self._sp_src, self._sp_tgt)
        self._src_prefix, self._tgt_prefix = folder.source_prefix, folder.target_prefix
        self._suppress: list[list[str]] | None = None  # tokens never to write: language codes, <mask>, …
        self._check_vocabularies()
        self._known: dict[str, bool] = {}

    def _check_vocabularies(self) -> None:
        """Every piece the SentencePiece models can give has a row in the model's vocabulary: a
        vocabulary cut short or a tokenizer from another model would otherwise fail inside a
        decode or translate into garbage. For a many-language model, the target tokens that are
        no piece (the other languages' codes, ``<mask>``, made-up words) are kept from the output."""
        sides = [("source", self._sp_src, ("source_vocabulary", "shared_vocabulary"))]
        if self._sp_tgt is not self._sp_src or self._tgt_prefix or _vocabulary_file(self.folder.path, ("target_vocabulary",)):
            sides.append(("target", self._sp_tgt, ("target_vocabulary", "shared_vocabulary")))
        allowed = int(self.folder.card.get("unmapped_pieces", 0))  # read as <unk>, as the family's own tokenizer does
        for (side, sp, names), prefix in zip(sides, (self._src_prefix, self._tgt_prefix)):
            vocabulary = _read_vocabulary(_vocabulary_file(self.folder.path, names))
            if vocabulary is None:
                continue
            pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if not (sp.IsControl(i) or sp.IsUnknown(i))]
            missing = [p for p in pieces if p not in vocabulary]
            if len(missing) > allowed:
                raise ModelError(
                    f"{self.folder.path}: the {side} SentencePiece model does not match the model's vocabulary:"
                    f" {len(missing)} of {len(pieces)} pieces missing (first: {missing[0]!r})"
                )
            unknown = [t for t in prefix if t not in vocabulary]
            if unknown:
                raise ModelError(f"{self.folder.path}: card.json: {side}_prefix token {unknown[0]!r} is not in the model's vocabulary")
            if side == "target" and self._tgt_prefix:
                known = {sp.id_to_piece(i) for i in range(sp.get_piece_size())}
                self._suppress = [[t] for t in sorted(vocabulary - known)] or None

    # -- pieces ---------------------------------------------------------------------------------
    @property
    def max_input_tokens(self) -> int:
        """Source pieces one input may hold, end mark and language token excluded."""
        return self.folder.max_input_tokens - 1 - len(self._src_prefix)

    def encode(self, text: str) -> list[str]:
        """Source pieces of ``text`` (no end mark)."""
        return self._sp_src.encode(text, out_type=str)

    def encode_target(self, text: str) -> list[str]:
        """Target pieces of ``text`` (for a forced prefix or a given translation)."""
        return self._sp_tgt.encode(text, out_type=str)

    def writes(self, char: str) -> bool:
        """Whether the model can be trusted to write ``char``: anything but a pictograph or symbol
        (emoji, ★, ❤, private-use and unassigned characters, from U+2000 on) that its
        vocabulary knows only as bytes or not at all. Symbols the model learned as bytes (°, –,
        ؛, ≥) stay in; what it cannot write is kept out of its input and comes through as it is."""
        known = self._known.get(char)
        if known is None:
            known = not _pictograph(char) or all(
                sp.unk_id() not in ids and not any(sp.IsByte(i) for i in ids)
                for sp in self._tokenizers
                for ids in [sp.encode(char)]
            )
            self._known[char] = known
        return known

    def detokenize(self, pieces: list[str]) -> str:
        """Text of target pieces."""
        return self._sp_tgt.decode(pieces)

    def detokenize_source(self, pieces: list[str]) -> str:
        """Text of source pieces."""
        return self._sp_src.decode_pieces(pieces)

    # -- the model ------------------------------------------------------------------------------
    def generate(
        self, sources: list[list[str]], options: DecodingOptions, target_prefix: list[list[str]] | None = None
    ) -> list[Generated]:
        """Beam search over ``sources`` (pieces with the end mark) with the card's tuned search
        settings unless ``options`` sets them; from ``target_prefix`` when given."""
        if not sources:
            return []
        if self._tgt_prefix:
            target_prefix = [self._tgt_prefix + list(p) for p in (target_prefix or [[]] * len(sources))]
        sources = self._sources(sources)
        results = self._ct2.translate_batch(
            sources,
            target_prefix=target_prefix,
            beam_size=options.beam_size,
            num_hypotheses=max(options.num_hypotheses, 1),
            sampling_topk=options.sampling_topk,
            sampling_temperature=options.sampling_temperature,
            **search_settings(self.folder.card, options),
            max_decoding_length=min(options.max_decoding_length + len(self._tgt_prefix), self.folder.max_positions - 2),
            max_batch_size=options.batch_examples or self._batch_tokens(sources, options.batch_tokens),
            batch_type="examples" if options.batch_examples else "tokens",
            return_scores=True,
            max_input_length=0,
            suppress_sequences=self._suppress,
        )
        cut = len(self._tgt_prefix)
        return [Generated([list(h[cut:]) if h[:cut] == self._tgt_prefix else list(h) for h in r.hypotheses], list(r.scores)) for r in results]

    def _sources(self, sources: list[list[str]]) -> list[list[str]]:
        return [self._src_prefix + list(s) for s in sources] if self._src_prefix else sources

    def _batch_tokens(self, sources: list[list[str]], budget: int) -> int:
        """The token budget of a sub-batch: ``budget``, or less so that a call is cut into
        ``SUB_BATCHES`` sub-batches (CTranslate2 decodes sub-batches in parallel, one per worker;
        a call that fits one budget would keep one worker busy and the others idle). The cut
        depends on the call alone, never on the workers: CTranslate2's output depends on what a
        batch holds, so any thread layout gives the same bytes."""
        share = -(-sum(len(s) for s in sources) // SUB_BATCHES)
        return max(min(budget, share), _MIN_SUB_BATCH)

    def score(self, sources: list[list[str]], targets: list[list[str]], batch_tokens: int) -> list[float]:
        """Mean log-probability of each target given its source (all its pieces and the end mark)."""
        if not sources:
            return []
        cut = len(self._tgt_prefix)
        targets = [self._tgt_prefix + list(t) for t in targets] if cut else targets
        scored = self._ct2.score_batch(self._sources(sources), targets, max_batch_size=batch_tokens, batch_type="tokens")
        return [sum(s.log_probs[cut:]) / max(len(s.log_probs) - cut, 1) for s in scored]

    def attend(self, sources: list[list[str]], targets: list[list[str]], batch_tokens: int) -> list[list[list[float]]]:
        """Attention of each target piece over the source pieces (end mark included), forcing
        ``targets`` through the decoder."""
        if not sources:
            return []
        rows, columns = len(self._tgt_prefix), len(self._src_prefix)
        results = self._ct2.translate_batch(
            self._sources(sources),
            target_prefix=[self._tgt_prefix + list(t) for t in targets],
            return_attention=True,
            beam_size=1,
            max_decoding_length=max(len(t) for t in targets) + 1 + rows,
            max_batch_size=batch_tokens,
            batch_type="tokens",
        )
        return [[list(row[columns:]) for row in r.attention[0][rows : rows + len(t)]] if t else [] for r, t in zip(results, targets)]
