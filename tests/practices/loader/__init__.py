"""Tests of practices/loader/: the workshop data file, its schema and its sync."""
