"""Board papers' view models: a notice's status as plain, ready-to-print values.

``notice_paper`` and ``portfolio_paper`` build what the templates see; ``model``
defines it. Pure: the status, inspections, commit and changes are passed in; nothing
here reads a file, the clock or git, or imports Jinja2.
"""

from notice_tracker.render.paper.changes import Authored, ChangeLike
from notice_tracker.render.paper.model import NOT_IN_GIT, GitInfo, NoticePaper, PortfolioPaper
from notice_tracker.render.paper.notice import notice_paper
from notice_tracker.render.paper.portfolio import portfolio_paper

__all__ = [
    "NOT_IN_GIT",
    "Authored",
    "ChangeLike",
    "GitInfo",
    "NoticePaper",
    "PortfolioPaper",
    "notice_paper",
    "portfolio_paper",
]
