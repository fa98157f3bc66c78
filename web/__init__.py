"""The Flask review UI and JSON API (installed as feedback_seg.web)."""
