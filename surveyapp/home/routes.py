from flask import Blueprint, current_app, render_template

from surveyapp.accounts.access import public

bp = Blueprint("home", __name__)


@bp.get("/")
@public
def index() -> str:
    return render_template(
        "home/index.html",
        k=current_app.config["MIN_GROUP_SIZE"],
        k_comments=current_app.config["MIN_COMMENT_GROUP_SIZE"],
    )


@bp.get("/privacy")
@public
def privacy() -> str:
    """The anonymity model in plain words, with this deployment's thresholds (DESIGN.md §3.8)."""
    return render_template(
        "home/privacy.html",
        k=current_app.config["MIN_GROUP_SIZE"],
        k_comments=current_app.config["MIN_COMMENT_GROUP_SIZE"],
        live_results=current_app.config["LIVE_RESULTS"],
    )
