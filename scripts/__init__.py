"""Developer tools that are not part of the site: the benchmark and its synthetic corpus."""
