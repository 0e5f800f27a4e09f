"""Downloader middlewares: hostile or broken responses get a newscrawl reason and a stat."""
