"""The desk's routes, one module per concern; each route declares its access rule (vigil.web.auth)."""
from vigil.web.routes import account, admin, api, dashboard, documents, downloads, incidents, review

ROUTERS = [account.router, dashboard.router, incidents.router, documents.router, downloads.router,
           review.router, admin.router, api.router, api.openapi_router]
