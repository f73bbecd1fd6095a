from ninja import NinjaAPI

from eppid.api.auth import TokenAuthError, token_auth_error_handler
from eppid.api.staff import router as staff_router

api = NinjaAPI(
    title="e-PPID API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_exception_handler(TokenAuthError, token_auth_error_handler)
api.add_router("/staff/", staff_router)
