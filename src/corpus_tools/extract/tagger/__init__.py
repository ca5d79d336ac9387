"""The trained entity tagger (README, "Entity tagger").

- :mod:`.features` — token features from the prepared document, cached per word;
- :mod:`.clusters` — word clusters and context profiles learned from unlabelled news;
- :mod:`.model` — the CRF model file and its decoder (CRFsuite's answer, per-word sums);
- :mod:`.fuse` — the tagger's spans fused with the gazetteer's matches (``backend="auto"``);
- :mod:`.train` — training from BIO files (``corpus-tools train-tagger``).
"""
