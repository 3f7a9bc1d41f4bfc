"""Benchmarks against DESIGN §7's budgets. Not tests: `make bench` runs them."""
