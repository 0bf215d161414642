from flask import Blueprint, current_app, render_template

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    return render_template(
        "home/index.html",
        k=current_app.config["MIN_GROUP_SIZE"],
        k_comments=current_app.config["MIN_COMMENT_GROUP_SIZE"],
    )
