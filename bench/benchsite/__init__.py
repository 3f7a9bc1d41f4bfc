"""A settings module and URLconf for benchmark runs only."""
