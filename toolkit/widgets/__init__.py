"""Explorers: one small controller per lens, state kept apart from the view."""
# ---- common ----
from toolkit.widgets.common import (CorpusPicker, ErrorOutput, ExportControl, Progress, figure_widget,
                                   replace_figure, widget_ready)
# ---- timeline lens ----
from toolkit.widgets.timeline import TimelineExplorer, TimelineState, timeline_explorer
# ---- keyword lens ----
from toolkit.widgets.keywords import KeywordsExplorer, KeywordsState, keywords_explorer
# ---- actor lens ----
from toolkit.widgets.actors import ActorsExplorer, ActorsState, actors_explorer
