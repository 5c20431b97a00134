"""Plot functions: each takes a tidy DataFrame and returns a plotly ``go.Figure``."""
# ---- timeline lens ----
from toolkit.plots.timeline import plot_timeline
# ---- keyword lens ----
from toolkit.plots.keywords import plot_dispersion, plot_keywords, plot_trends
# ---- actor lens ----
from toolkit.plots.actors import plot_actor_network, plot_actor_timeline, plot_actors, plot_quotes_table
