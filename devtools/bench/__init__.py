"""The district-scale benchmark (`manage.py bench`)."""
