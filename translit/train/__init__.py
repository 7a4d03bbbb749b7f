"""Training pipeline: corpora → mix → tokenizer → model → exported model folder.

Imported only by ``translit train``; the modules that need PyTorch import it lazily.
"""
