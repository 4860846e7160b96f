"""ConsultAid: an illustrated consent consultation for minimally invasive cervical stabilization."""

__version__ = "0.1.0"
