"""The translation pipeline, one stage a module, in the order a text goes through them:

prepare (normalise, glossary terms in) → chunk (model inputs: whole segments or runs of clauses)
→ decode (beam search) → terms (left-out glossary terms decoded back in; linked: terms of several
words written over the words that translate them) → join (chunk
translations back into one per segment) → mend (numbers, URLs, dates, terms the model garbled:
one ordered list) → assemble (sentences, paragraphs, documents, lines with their spans).

Each stage is a plain function over the records of :mod:`translit.translate.records`; those that
need the model take the :class:`~translit.translate.engine.Engine`, the rest run without one.
:class:`translit.translate.translator.Translator` composes them.
"""
