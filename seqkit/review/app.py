"""The review page's web application (Starlette): the page and a small JSON API.

Only this machine may use it: the server listens on 127.0.0.1 (serve.py), and
requests naming another host are refused (a web page elsewhere cannot reach it
through DNS rebinding).  Saves must be JSON, which a page of another origin
cannot send without the browser asking first, and this app never says yes.
"""
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from seqkit.review.folder import ReviewError

STATIC = Path(__file__).parent / "static"
# The student's text is rendered without raw HTML; this is the second lock.
SECURITY = {"Content-Security-Policy": "default-src 'self'; img-src 'self'; "
                                       "style-src 'self'; script-src 'self'; "
                                       "frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def _error(exc, status=400):
    return JSONResponse({"error": str(exc)}, status_code=status, headers=SECURITY)


def create_app(review):
    """review: a ReviewFolder."""

    async def page(request):
        return FileResponse(STATIC / "review.html", headers=SECURITY)

    async def overview(request):
        return JSONResponse(review.overview(), headers=SECURITY)

    async def question(request):
        try:
            return JSONResponse(review.question(request.path_params["name"]), headers=SECURITY)
        except ReviewError as exc:
            return _error(exc, 404)

    async def answer(request):
        p = request.path_params
        try:
            return JSONResponse(review.answer(p["name"], p["submission"]), headers=SECURITY)
        except ReviewError as exc:
            return _error(exc, 404)

    async def image(request):
        p = request.path_params
        try:
            mime, data = review.image(p["name"], p["submission"], p["index"])
        except ReviewError as exc:
            return _error(exc, 404)
        return Response(data, media_type=mime, headers=SECURITY)

    async def save(request):
        if request.headers.get("content-type", "").split(";")[0] != "application/json":
            return _error("a save must be sent as application/json", 415)
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            return _error("a save must be a JSON object")
        try:
            saved = review.save(body.get("question"), body.get("submission"),
                                body.get("points", ""), body.get("comment", ""),
                                body.get("grader", ""), body.get("seen", 0))
        except ReviewError as exc:
            return _error(exc)
        return JSONResponse(saved, headers=SECURITY)

    routes = [
        Route("/", page),
        Route("/api/overview", overview),
        Route("/api/question/{name}", question),
        Route("/api/answer/{name}/{submission}", answer),
        Route("/api/image/{name}/{submission}/{index:int}", image),
        Route("/api/review", save, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    hosts = Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"])
    return Starlette(routes=routes, middleware=[hosts])
