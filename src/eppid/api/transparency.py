"""Public transparency-log endpoints (contract section 4): checkpoint, verifier key and proofs.

Proofs are served for any tree size up to the log's current size, not only published sizes:
a client that holds an older checkpoint can then ask for a consistency proof to any newer one,
and a receipt's leaf can be proven before the next checkpoint is signed. A proof for a given
(index, size) never changes in an append-only log, so it may be cached for long.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from eppid.api.problems import problem
from eppid.api.ratelimit import rate_limited
from eppid.core.public_cache import conditional_get, public_cached
from eppid.integrity import note
from eppid.integrity.checkpoints import checkpoint_latest
from eppid.integrity.tree import tree_consistency_proof, tree_inclusion_proof, tree_leaf, tree_size

router = Router(tags=["transparency"])
router.add_decorator(rate_limited("api-public"), mode="view")

TEXT = "text/plain; charset=utf-8"
IMMUTABLE = "public, max-age=86400"


class ProofQuery(Schema):
    leaf_index: int = Field(ge=0, description="Index of the log entry (0-based).")
    tree_size: int = Field(ge=1, description="Size of the tree the proof is for.")


class ConsistencyQuery(Schema):
    first: int = Field(ge=1, description="Size of the older tree.")
    second: int = Field(ge=1, description="Size of the newer tree.")


class ProofOut(Schema):
    leaf_index: int
    tree_size: int
    leaf_hash: str = Field(description="Hex SHA-256(0x00 || entry bytes).")
    audit_path: list[str] = Field(description="RFC 9162 inclusion proof, hex, bottom up.")


class ConsistencyOut(Schema):
    first: int
    second: int
    proof: list[str] = Field(description="RFC 9162 consistency proof, hex.")


def _plain(description: str) -> dict:
    content = {TEXT.split(";")[0]: {"schema": {"type": "string"}}}
    return {"responses": {200: {"description": description, "content": content}}}


def _text(content: str, cache_control: str = "no-cache") -> HttpResponse:
    response = HttpResponse(content, content_type=TEXT)
    response["Cache-Control"] = cache_control
    return response


def _too_large(field: str, size: int) -> HttpResponse:
    message = _("The log has %(size)s entries; ask for a tree size of at most that.") % {"size": size}
    return problem(422, errors={field: [message]})


@router.get(
    "/transparency/checkpoint",
    summary="The latest signed checkpoint (text/plain signed note)",
    openapi_extra=_plain("A C2SP tlog-checkpoint as a signed note."),
)
@decorate_view(public_cached(conditional=True))
def checkpoint(request):
    latest = checkpoint_latest()
    if latest is None:
        return problem(404, _("No checkpoint has been published yet."))
    return _text(latest.note)


@router.get(
    "/transparency/key",
    summary="The verifier key of the checkpoint signatures (text/plain)",
    openapi_extra=_plain("<key name>+<8 hex digits key hash>+<base64(0x01 || Ed25519 public key)>"),
)
@decorate_view(conditional_get)
def key(request):
    return _text(note.verifier_key() + "\n", "public, max-age=3600")


@router.get("/transparency/proof", response=ProofOut, summary="Inclusion proof of one log entry")
@decorate_view(conditional_get)
def proof(request, response: HttpResponse, query: Query[ProofQuery]):
    size = tree_size()
    if query.tree_size > size:
        return _too_large("tree_size", size)
    if query.leaf_index >= query.tree_size:
        return problem(422, errors={"leaf_index": [_("The leaf index must be smaller than the tree size.")]})
    path = tree_inclusion_proof(query.leaf_index, query.tree_size)
    body = {
        "leaf_index": query.leaf_index,
        "tree_size": query.tree_size,
        "leaf_hash": tree_leaf(query.leaf_index).hex(),
        "audit_path": [h.hex() for h in path],
    }
    response["Cache-Control"] = IMMUTABLE
    return body


@router.get("/transparency/consistency", response=ConsistencyOut, summary="Consistency proof of two sizes")
@decorate_view(conditional_get)
def consistency(request, response: HttpResponse, query: Query[ConsistencyQuery]):
    size = tree_size()
    if query.second > size:
        return _too_large("second", size)
    if query.first > query.second:
        return problem(422, errors={"first": [_("The first size must not be larger than the second.")]})
    body = {
        "first": query.first,
        "second": query.second,
        "proof": [h.hex() for h in tree_consistency_proof(query.first, query.second)],
    }
    response["Cache-Control"] = IMMUTABLE
    return body
