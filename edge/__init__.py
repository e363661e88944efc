"""The request edge: what every request passes before and after a service (docs/security.md, "One edge").

Client address, rate limits and the one 429 answer, outage answers, parsing limits, service errors as form or
API errors, permission checks, bbox and lon/lat input, pagination, the text rule and the table writer. It is
the ground floor: it imports no app and not `config`, and every app may import it.
"""
