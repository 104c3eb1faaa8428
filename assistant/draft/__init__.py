"""Drafting: report sections on a body's template from the archive, every claim cited."""
