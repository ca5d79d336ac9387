"""Running a corpus: per-article isolation and parallelism, column contracts, one analysis run."""
