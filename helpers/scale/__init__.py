"""The scale appendix: Netflix-shaped data at any size, the prize's format read out of core, two training engines."""
