"""Checkpoints → translit model folders (CTranslate2 model + SentencePiece + card).

One base (:mod:`translit.convert.base`) and one module per checkpoint family; the first is the
family translit's own trainer writes (:mod:`translit.convert.own`). Families users bring
(Marian/opus-mt, NLLB-200, M2M-100, mBART-50) go beside it, one module each.
"""
