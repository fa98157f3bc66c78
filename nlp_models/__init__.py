"""The NLP model layer: text in, numbers and annotations out. Knows nothing of the store or the web."""
