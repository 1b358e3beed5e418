"""The multi-tenancy guide's middleware, written as the guide describes it: FastAPI and uvicorn, tenants
identified by API key (`Authorization: Bearer`), `X-Tenant-ID`, subdomain or `?tenant_id=`, feature flags per
route (403), hourly and monthly API-call counters in process memory, 429 with the guide's JSON body and
`X-RateLimit-*` headers.

It is the peer `scripts/bench-serve.sh` measures `tierc serve` against (BENCHMARKS.md), so it decides the same
requests the same way for the bundled tiers/tiers.yaml: the routes' features and costs, the api_calls limits per
hour and month of each tier (after `extends`), the identification order api_key, header, subdomain, query. It is not part of tierc.

    python3 scripts/peers/fastapi_guide.py --policy tiers/tiers.yaml --tenants TENANTS.yaml --port 8081
"""
import argparse
import hashlib
import time

import uvicorn
import yaml
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

WINDOWS = {"hour": 3600}


def load_limits(policy_path):
    """Tier id -> {"hour": n | None, "month": n | None} for api_calls, following `extends`."""
    with open(policy_path) as f:
        tiers = yaml.safe_load(f)["tiers"]
    resolved = {}

    def resolve(tier_id):
        if tier_id in resolved:
            return resolved[tier_id]
        tier = tiers[tier_id]
        limits = dict(resolve(tier["extends"])) if "extends" in tier else {"hour": None, "month": None}
        calls = (tier.get("limits") or {}).get("api_calls")
        if calls == "unlimited":
            limits = {"hour": None, "month": None}
        elif isinstance(calls, dict):
            for window in ("hour", "month"):
                if window in calls:
                    limits[window] = None if calls[window] == "unlimited" else int(calls[window])
        resolved[tier_id] = limits
        return limits

    for tier_id in tiers:
        resolve(tier_id)
    return resolved


def load_features_and_routes(policy_path):
    """Tier id -> set of features (following `extends`), and the routes as (prefix or path, feature, cost)."""
    with open(policy_path) as f:
        document = yaml.safe_load(f)
    tiers = document["tiers"]
    features = {}

    def resolve(tier_id):
        if tier_id not in features:
            tier = tiers[tier_id]
            inherited = resolve(tier["extends"]) if "extends" in tier else set()
            features[tier_id] = inherited | set(tier.get("features") or [])
        return features[tier_id]

    for tier_id in tiers:
        resolve(tier_id)
    routes = []
    for route in document.get("routes") or []:
        match = route["match"]
        prefix = match[:-3] if match.endswith("/**") else None
        routes.append((prefix, match, route.get("feature"), route.get("cost", 1)))
    return features, routes


def load_tenants(tenants_path):
    with open(tenants_path) as f:
        tenants = yaml.safe_load(f)["tenants"]
    by_key, by_subdomain = {}, {}
    for tenant_id, tenant in tenants.items():
        for key in tenant.get("api_keys") or []:
            by_key[hashlib.sha256(key.encode()).hexdigest()] = tenant_id
        if tenant.get("subdomain"):
            by_subdomain[tenant["subdomain"].lower()] = tenant_id
    return tenants, by_key, by_subdomain


def create_app(policy_path, tenants_path):
    with open(policy_path) as f:
        identification = yaml.safe_load(f).get("identification") or {}
    base_domain = ((identification.get("subdomain") or {}).get("base_domain") or "yourdomain.com").lower()
    limits = load_limits(policy_path)
    features, routes = load_features_and_routes(policy_path)
    tenants, by_key, by_subdomain = load_tenants(tenants_path)
    usage = {}  # (tenant, window, window start) -> calls
    app = FastAPI()

    def identify(request: Request):
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return by_key.get(hashlib.sha256(auth[7:].strip().encode()).hexdigest(), "")
        header = request.headers.get("x-tenant-id")
        if header:
            return header if header in tenants else ""
        host = (request.headers.get("host") or "").split(":")[0].lower()
        if host.endswith("." + base_domain):
            return by_subdomain.get(host[: -len(base_domain) - 1], "")
        query = request.query_params.get("tenant_id")
        if query:
            return query if query in tenants else ""
        return None

    @app.middleware("http")
    async def tenant_quota(request: Request, call_next):
        tenant_id = identify(request)
        if tenant_id is None:
            request.state.tenant = None
            return await call_next(request)
        if tenant_id == "":
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        tier = tenants[tenant_id]["tier"]
        feature, cost = None, 1
        for prefix, match, route_feature, route_cost in routes:
            path = request.url.path
            if (prefix is not None and (path == prefix or path.startswith(prefix + "/"))) or path == match:
                feature, cost = route_feature, route_cost
                break
        if feature is not None and feature not in features[tier]:
            return JSONResponse({"error": "Forbidden", "feature": feature}, status_code=403)
        request.state.tenant = (tenant_id, tier)
        if cost == 0:
            return await call_next(request)
        now = int(time.time())
        tm = time.gmtime(now)
        month_start = int(time.mktime((tm.tm_year, tm.tm_mon, 1, 0, 0, 0, 0, 0, 0)) - time.timezone)
        next_month = (tm.tm_year + (tm.tm_mon == 12), tm.tm_mon % 12 + 1)
        month_end = int(time.mktime((next_month[0], next_month[1], 1, 0, 0, 0, 0, 0, 0)) - time.timezone)
        starts = {"month": month_start, "hour": now - now % 3600}
        ends = {"month": month_end, "hour": starts["hour"] + 3600}
        tier_limits = limits[tier]
        for window, name in (("month", "monthly"), ("hour", "hourly")):
            limit = tier_limits[window]
            used = usage.get((tenant_id, window, starts[window]), 0)
            if limit is not None and used + 1 > limit:
                reset = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ends[window]))
                return JSONResponse(
                    {"error": "Quota exceeded", "message": f"{name.capitalize()} API call limit exceeded",
                     "quota_type": name, "limit": limit, "current": used, "reset_at": reset},
                    status_code=429,
                    headers={"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0",
                             "X-RateLimit-Reset": str(ends[window]), "Retry-After": str(ends[window] - now)})
        remaining = None
        for window in ("month", "hour"):
            key = (tenant_id, window, starts[window])
            usage[key] = usage.get(key, 0) + 1
            limit = tier_limits[window]
            if limit is not None and (remaining is None or limit - usage[key] < remaining[1]):
                remaining = (limit, limit - usage[key], ends[window])
        response = await call_next(request)
        if remaining:
            response.headers["X-RateLimit-Limit"] = str(remaining[0])
            response.headers["X-RateLimit-Remaining"] = str(max(0, remaining[1]))
            response.headers["X-RateLimit-Reset"] = str(remaining[2])
        return response

    @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    async def decision_only(request: Request, path: str):
        tenant = request.state.tenant
        if tenant is None:
            return {"tenant_id": None, "tier": None}
        return {"tenant_id": tenant[0], "tier": tenant[1]}

    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--policy", required=True)
    parser.add_argument("--tenants", required=True)
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    uvicorn.run(create_app(args.policy, args.tenants), host="127.0.0.1", port=args.port, log_level="warning",
                access_log=False)
