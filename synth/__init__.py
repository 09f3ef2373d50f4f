"""Fully synthetic multi-agency safeguarding extracts with ground-truth labels.

See docs/synthetic-data.md for every file, column and format written.
"""

from touchpoint.synth.config import AS_OF, NoiseConfig, SynthSummary
from touchpoint.synth.generator import generate

__all__ = ["AS_OF", "NoiseConfig", "SynthSummary", "generate"]
