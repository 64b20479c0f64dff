"""Drawing graphs: DOT, SVG (with an in-process fallback renderer) and step-through HTML."""
