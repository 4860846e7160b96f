"""The consultation record beside the walkthrough: risks, candidacy, and the discussion."""

from __future__ import annotations

from dataclasses import dataclass

from consultaid.ui.candidacy_panel import CandidacyPanel
from consultaid.ui.discussion_panel import DiscussionPanel
from consultaid.ui.record_controller import RecordController
from consultaid.ui.risk_panel import RiskPanel
from consultaid.ui.walkthrough import Walkthrough


@dataclass(frozen=True)
class RecordPanels:
    risks: RiskPanel
    candidacy: CandidacyPanel
    discussion: DiscussionPanel

    @classmethod
    def build(cls, controller: RecordController, walkthrough: Walkthrough) -> RecordPanels:
        return cls(
            RiskPanel(controller, walkthrough),
            CandidacyPanel(controller, walkthrough),
            DiscussionPanel(controller),
        )

    def titled(self) -> tuple[tuple[str, str, object], ...]:
        """(dock title, object name, panel), in tab order."""
        return (
            ("Risks", "risksDock", self.risks),
            ("Candidacy", "candidacyDock", self.candidacy),
            ("Discussion", "discussionDock", self.discussion),
        )

    def flush(self) -> None:
        """Save what is being typed now."""
        self.discussion.flush()
