"""Canada Revenue Agency file formats: the T2202 information return."""
