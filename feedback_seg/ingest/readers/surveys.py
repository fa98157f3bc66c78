"""The survey-export readers, in the order format detection asks them (FORMATS.md 2.16)."""
from __future__ import annotations

from . import googleforms, limesurvey, msforms, qualtrics, qualtrics_legacy, spss, surveymonkey, typeform

SURVEY_READERS = [spss, qualtrics, qualtrics_legacy, surveymonkey, typeform, googleforms, msforms, limesurvey]
"""Each module has ``FORMAT``, ``matches(probe) -> bool`` and ``read(path, *, encoding=None) -> RawTable``."""

__all__ = ["SURVEY_READERS"]
