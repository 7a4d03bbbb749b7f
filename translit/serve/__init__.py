"""``translit serve``: an HTTP API over the library (LibreTranslate-compatible routes and
translit's own), batching across clients, and a web page that shows which English sentence
came from which Urdu one. Needs the ``serve`` extra (FastAPI, uvicorn)."""
