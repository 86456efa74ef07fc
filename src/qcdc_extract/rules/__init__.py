"""Named, compiled regex rules, one module per extractor."""
