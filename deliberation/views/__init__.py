"""The pages of deliberation: topics (topics.py) and the work on them (work.py)."""
