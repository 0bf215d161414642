"""Demo data: the fictional council of Northbridge, for trying the product out."""

from .generator import DemoSummary, demo_is_loaded, load_demo

__all__ = ["DemoSummary", "demo_is_loaded", "load_demo"]
