"""feedback-seg: psychographic segments of people from what customers write."""
__version__ = "0.1.0"
