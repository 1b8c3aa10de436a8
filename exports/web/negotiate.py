"""HTTP content negotiation: pick the best of our offers for an Accept header."""

from __future__ import annotations


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``text/html;q=0.9, */*;q=0.1`` → [(media type, q)], highest q first (stable)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _specificity(media_range: str, offer: str) -> int | None:
    if media_range == offer:
        return 2
    kind, _, sub = media_range.partition("/")
    if sub == "*" and offer.startswith(kind + "/"):
        return 1
    if media_range == "*/*":
        return 0
    return None


def best_offer(header: str | None, offers: list[str]) -> str | None:
    """The acceptable offer with the highest q (the most specific range decides an offer's q);
    ties go to the earlier offer (the server's preference). None when nothing is acceptable."""
    ranges = parse_accept(header)
    best: tuple[float, int, str] | None = None
    for position, offer in enumerate(offers):
        matched = [(spec, q) for media, q in ranges if (spec := _specificity(media, offer)) is not None]
        if not matched:
            continue
        q = max(matched)[1]  # the most specific matching range sets q
        if q <= 0:
            continue
        key = (q, -position, offer)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None
