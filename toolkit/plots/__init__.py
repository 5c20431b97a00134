"""Plot functions: each takes a tidy DataFrame and returns a plotly ``go.Figure``."""
# ---- timeline lens ----
# ---- keyword lens ----
# ---- actor lens ----
