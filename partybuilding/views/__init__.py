"""The party building pages, one module per section; urls.py names them."""
