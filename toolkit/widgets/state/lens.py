"""What every lens explorer's state shares: a :class:`~toolkit.widgets.state.workspace.WorkspaceState` that holds
the corpus, the filter and the selection.

A lens notebook (timeline, keywords, actors, overview) builds its own workspace state, or shares one it is given
(``tk.actors_explorer(workspace=ws)``): then the lens and the workspace show the same corpus, filter and selection,
and a change in either shows in both. The lens's ``sections`` are the filter's sections; what the lens computes on is
:meth:`LensState.view`, the corpus cut to the filter.
"""
from __future__ import annotations

import traitlets

from toolkit.schemas import SECTIONS
from toolkit.widgets.state import known_subset
from toolkit.widgets.state.workspace import WorkspaceState


class LensState(traitlets.HasTraits):
    """The base of the lens states (see the module docstring).

    Attributes:
        corpus: the workspace's corpus (linked both ways).
        sections: the sections shown, kept in the workspace's filter.
        workspace: the shared state.
        revision: bumped when the workspace's corpus, filter or events change; views observe it. The selected
            actor is mirrored in a lens trait (the timeline's ``actor``, the actors lens's ``selected``).
    """

    ACTOR_TRAIT = ""  # the lens's Unicode trait that is the workspace's selected actor ("": none)
    corpus = traitlets.Instance("toolkit.corpus.Corpus", allow_none=True)
    sections = traitlets.Tuple(default_value=SECTIONS)
    workspace = traitlets.Instance(WorkspaceState)
    revision = traitlets.Int(0)

    def __init__(self, *, workspace: WorkspaceState | None = None, **kwargs):
        corpus = kwargs.pop("corpus", None)
        sections = kwargs.pop("sections", None)
        shared = workspace is not None
        if workspace is None:
            workspace = WorkspaceState(corpus=corpus, actor_lens=kwargs.pop("actor_lens", True))
        elif corpus is not None and corpus is not workspace.corpus:
            workspace.corpus = corpus
        kwargs.pop("actor_lens", None)  # a shared workspace already decided how events name actors
        super().__init__(workspace=workspace, corpus=workspace.corpus, **kwargs)
        if sections is not None:
            self.sections = sections
        elif shared:  # a shared filter wins over the lens's default
            self.sections = workspace.filter.sections or SECTIONS
        traitlets.link((self, "corpus"), (workspace, "corpus"))
        self._pulling = False
        self._push_sections()
        self._shown = self._workspace_key()
        self.observe(self._push_sections, "sections")
        workspace.observe(self._follow_workspace, "revision")
        if self.ACTOR_TRAIT:
            if getattr(self, self.ACTOR_TRAIT):  # given at construction: the workspace takes it
                self._push_actor()
            self.observe(self._push_actor, self.ACTOR_TRAIT)
        self._on_workspace()

    @traitlets.validate("sections")
    def _known_sections(self, proposal):
        return known_subset(proposal.value, SECTIONS, "sections")

    def view(self):
        """The corpus cut to the workspace's filter (documents and sections)."""
        shown = self.workspace.view()
        return shown if self.sections else shown.select(sections=())

    def settings(self) -> dict:
        """The lens's own settings (each lens says which)."""
        return {}

    def params(self) -> dict:
        """For the export sidecar: the lens's settings, and the workspace's corpus, filter and selection."""
        return {**self.settings(), "workspace": self.workspace.to_dict()}

    def _push_sections(self, _change=None) -> None:
        if self._pulling:
            return
        wanted = None if set(self.sections) in (set(SECTIONS), set()) else self.sections
        if self.workspace.filter.sections != wanted:
            self.workspace.set_filter(sections=wanted)
        elif _change is not None:  # no section left: the filter (None) cannot say so, the lens can
            self.revision += 1

    def _workspace_key(self) -> tuple:
        """What the lens's tables are computed from (the selection is not: the lens mirrors it in its traits)."""
        ws = self.workspace
        return ws.corpus, ws.filter, tuple(sorted(ws.reference_dates.items(), key=str))

    def _follow_workspace(self, _change) -> None:
        self._on_workspace()  # the selection: mirrored into the lens's own traits, which views observe
        key = self._workspace_key()
        if key[0] is self._shown[0] and key[1:] == self._shown[1:]:
            return
        self._shown = key
        sections = self.workspace.filter.sections
        self._pulling = True
        try:
            if sections and sections != self.sections:
                self.sections = sections  # another view of the workspace narrowed them
            elif not sections and self.sections and set(self.sections) != set(SECTIONS):
                self.sections = SECTIONS
        finally:
            self._pulling = False
        self.revision += 1

    def _push_actor(self, _change=None) -> None:
        chosen = getattr(self, self.ACTOR_TRAIT) or None
        if self.workspace.selection.actor != chosen:
            self.workspace.select(actor=chosen)

    def _on_workspace(self) -> None:
        """Mirror the workspace into the lens's own traits (the selected actor; a lens may add more)."""
        if self.ACTOR_TRAIT:
            setattr(self, self.ACTOR_TRAIT, self.workspace.selection.actor or "")


def workspace_state(workspace) -> WorkspaceState | None:
    """The :class:`WorkspaceState` of ``workspace``: None, a state, or a view holding one as ``.state``.

    Raises:
        TypeError: ``workspace`` is none of these.
    """
    if workspace is None or isinstance(workspace, WorkspaceState):
        return workspace
    state = getattr(workspace, "state", None)
    if isinstance(state, WorkspaceState):
        return state
    raise TypeError(f"workspace= takes a Workspace (tk.explore()) or its state, not {type(workspace).__name__}")
