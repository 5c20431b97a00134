"""News-coverage explorer: load articles, then look through three lenses.

``import toolkit as tk`` gives a flat API; this module only re-exports.
"""
from toolkit._version import __version__
from toolkit.schemas import SCHEMAS, describe, validate
from toolkit.corpus import Corpus, load_corpus, select
from toolkit.tokenize import stopwords
from toolkit.annotate import annotate

# ---- timeline lens ----
from toolkit.timeline import events, timeline
from toolkit.plots.timeline import plot_timeline
from toolkit.widgets.timeline import timeline_explorer
# ---- keyword lens ----
from toolkit.keywords import keywords, sentence_keywords, split_by_date, term_counts
from toolkit.collocations import collocations
from toolkit.dispersion import dispersion, term_trends
from toolkit.concordance import kwic
from toolkit.widgets.html import kwic_html
from toolkit.keyterms import keyterms
from toolkit.plots.keywords import plot_dispersion, plot_keywords, plot_trends
from toolkit.widgets.keywords import keywords_explorer
# ---- actor lens ----
from toolkit.actors import actors, cooccurrence, mentions
from toolkit.quotes import quotes
from toolkit.relations import relations
from toolkit.plots.actors import plot_actor_network, plot_actor_timeline, plot_actors, plot_quotes_table
from toolkit.widgets.actors import actors_explorer
# ---- export, plots and widgets ----
from toolkit.export import save_figure, save_table
from toolkit.overview import plot_section_counts, section_counts
from toolkit.widgets.overview import overview_explorer
# ---- every lens at once
from toolkit.widgets.workspace import Workspace, explore
