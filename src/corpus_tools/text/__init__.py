"""Text preparation: the matching form and its offsets, cleaning, boilerplate,
sentences, and the prepared document every extractor reads."""
