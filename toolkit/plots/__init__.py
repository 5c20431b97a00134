"""Plot functions: each takes a tidy DataFrame and returns a plotly ``go.Figure``."""
# ---- timeline lens ----
from toolkit.plots.timeline import plot_timeline
# ---- keyword lens ----
# ---- actor lens ----
