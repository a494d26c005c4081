# A Flask app sharing its session cookie with a kolba app (test/interop/session.test.ts).
# Served by test/support/services.ts startFlask(), which appends the app.run() block.
import datetime
import uuid

from flask import Flask, flash, get_flashed_messages, jsonify, request, session
from markupsafe import Markup

app = Flask(__name__)
app.secret_key = "interop-key"


def describe(value):
    """Python type names, so the Node side can assert what Flask really loaded."""
    if isinstance(value, tuple):
        return {"tuple": [describe(v) for v in value]}
    if isinstance(value, list):
        return {"list": [describe(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": {k: describe(v) for k, v in value.items()}}
    return {type(value).__name__: str(value) if not isinstance(value, bytes) else value.hex()}


@app.get("/set-key")
def set_key():
    app.secret_key = request.args["key"]
    return "ok"


@app.get("/login")
def login():
    session["user"] = request.args["user"]
    session.permanent = request.args.get("permanent") == "1"
    return "ok"


@app.get("/whoami")
def whoami():
    return jsonify(user=session.get("user"), visits=session.get("visits"), permanent=session.permanent)


@app.get("/visit")
def visit():
    session["visits"] = session.get("visits", 0) + 1
    return str(session["visits"])


@app.get("/flash")
def do_flash():
    flash("Hello from Flask")
    flash(Markup("<em>safe</em>"), "warning")
    return "ok"


@app.get("/flashes")
def flashes():
    return jsonify([[c, str(m), isinstance(m, Markup)] for c, m in get_flashed_messages(with_categories=True)])


@app.get("/big")
def big():
    session["data"] = "x" * 2000
    return "ok"


@app.get("/types")
def types():
    session["t"] = (1, "two")
    session["b"] = b"\x00\xffbin"
    session["u"] = uuid.UUID("12345678-1234-5678-1234-567812345678")
    session["d"] = datetime.datetime(2021, 2, 1, 7, 15, 3, tzinfo=datetime.timezone.utc)
    session["m"] = Markup("<b>x</b>")
    session["n"] = {"nested": [1, 2.5, None, True], " t": "look-alike"}
    return "ok"


@app.get("/describe")
def describe_session():
    return jsonify({k: describe(v) for k, v in session.items()})
