"""The example API: stateless, so any task can serve any request."""

from fastapi import FastAPI

app = FastAPI(title="quotes")


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/quote/{amount}")
def quote(amount: float) -> dict[str, float]:
    # Everything needed is in the request: nothing is stored.
    return {"amount": amount, "with_vat": round(amount * 1.2, 2)}
